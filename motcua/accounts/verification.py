"""Codes sent to an e-mail address or a phone to prove it (registration) or to reset a password
(decision 0044): 6 digits, kept only as a keyed hash, valid for CODE_MINUTES and MAX_ATTEMPTS tries;
a new code for the same purpose replaces the old one, no sooner than RESEND_SECONDS after it."""
from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from motcua.accounts.models import CodeChannel, CodePurpose, User, VerificationCode

log = logging.getLogger("motcua.accounts")

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_PER_HOUR = 5


class CodeError(Exception):
    """A code refused or not sent; `message` is the Vietnamese text for the person."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


def _hash(code_id_salt: str, code: str) -> str:
    return salted_hmac("motcua.accounts.verification", f"{code_id_salt}:{code}", algorithm="sha256").hexdigest()


def _salt(user: User, purpose: str, channel: str, destination: str) -> str:
    return f"{user.pk}:{purpose}:{channel}:{destination}"


def _message(purpose: str, code: str) -> tuple[str, str]:
    if purpose == CodePurpose.RESET:
        subject = gettext("Mã đặt lại mật khẩu")
        body = gettext("Mã đặt lại mật khẩu tài khoản %(site)s của bạn là %(code)s (có hiệu lực %(minutes)s phút). "
                       "Không đưa mã này cho bất kỳ ai.")
    else:
        subject = gettext("Mã xác minh đăng ký tài khoản")
        body = gettext("Mã xác minh đăng ký tài khoản %(site)s của bạn là %(code)s (có hiệu lực %(minutes)s phút). "
                       "Không đưa mã này cho bất kỳ ai.")
    return subject, body % {"site": settings.SITE_NAME or "Một Cửa", "code": code, "minutes": CODE_MINUTES}


def send_code(user: User, purpose: str, channel: str, destination: str, *, now=None) -> VerificationCode:
    """Make a new code, send it, keep its hash. Raises CodeError (reason "throttled") when the last code for
    this purpose and channel was sent less than RESEND_SECONDS ago or MAX_PER_HOUR were sent this hour."""
    now = now or timezone.now()
    recent = VerificationCode.objects.filter(user=user, purpose=purpose, channel=channel,
                                             created_at__gte=now - timedelta(hours=1))
    last = recent.order_by("-created_at").first()
    if last is not None and (now - last.created_at).total_seconds() < RESEND_SECONDS:
        wait = RESEND_SECONDS - int((now - last.created_at).total_seconds())
        log.warning("verification code not resent (throttled): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Mã vừa được gửi; vui lòng chờ %(seconds)s giây rồi bấm “Gửi lại mã”.") % {"seconds": wait},
                        "throttled")
    if recent.count() >= MAX_PER_HOUR:
        log.warning("verification code not resent (hourly limit): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Đã gửi quá nhiều mã trong một giờ; vui lòng thử lại sau."), "throttled")
    code = f"{secrets.randbelow(10**6):06d}"
    # Only the newest code of a purpose and channel counts.
    VerificationCode.objects.filter(user=user, purpose=purpose, channel=channel, used_at=None).update(used_at=now)
    row = VerificationCode.objects.create(
        user=user, purpose=purpose, channel=channel, destination=destination,
        code_hash=_hash(_salt(user, purpose, channel, destination), code),
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    VerificationCode.objects.filter(pk=row.pk).update(created_at=now)
    row.created_at = now
    subject, text = _message(purpose, code)
    if channel == CodeChannel.EMAIL:
        send_mail(subject, text, None, [destination])
    else:
        from motcua.notify.sms import get_backend

        get_backend().send(destination, text)
    log.info("verification code sent: user=%s purpose=%s channel=%s", user.pk, purpose, channel)
    return row


def check_code(user: User, purpose: str, channel: str, code: str, *, now=None) -> VerificationCode:
    """The code's row when `code` is the valid, unexpired, unused newest code (it is then marked used);
    otherwise CodeError with reason "missing", "expired", "exhausted" or "wrong" — and a wrong try counts."""
    now = now or timezone.now()
    row = (VerificationCode.objects.filter(user=user, purpose=purpose, channel=channel, used_at=None)
           .order_by("-created_at").first())
    if row is None:
        log.warning("verification code refused (none pending): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Không có mã nào đang chờ xác minh; bấm “Gửi lại mã” để nhận mã mới."), "missing")
    if row.expires_at <= now:
        log.warning("verification code refused (expired): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Mã xác minh đã hết hạn; bấm “Gửi lại mã” để nhận mã mới."), "expired")
    if row.attempts >= MAX_ATTEMPTS:
        log.warning("verification code refused (attempts used up): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Đã nhập sai quá số lần cho phép; bấm “Gửi lại mã” để nhận mã mới."), "exhausted")
    # The try is counted before the comparison, in one UPDATE: parallel requests cannot get more tries.
    counted = VerificationCode.objects.filter(pk=row.pk, attempts__lt=MAX_ATTEMPTS, used_at=None).update(
        attempts=F("attempts") + 1)
    if not counted:
        log.warning("verification code refused (attempts used up): user=%s purpose=%s channel=%s", user.pk, purpose, channel)
        raise CodeError(gettext("Đã nhập sai quá số lần cho phép; bấm “Gửi lại mã” để nhận mã mới."), "exhausted")
    row.refresh_from_db(fields=["attempts"])
    given = "".join(ch for ch in (code or "") if ch.isdigit())
    if not hmac.compare_digest(row.code_hash, _hash(_salt(user, purpose, channel, row.destination), given)):
        left = MAX_ATTEMPTS - row.attempts
        log.warning("verification code refused (wrong): user=%s purpose=%s channel=%s attempts=%s",
                    user.pk, purpose, channel, row.attempts)
        if left <= 0:
            raise CodeError(gettext("Đã nhập sai quá số lần cho phép; bấm “Gửi lại mã” để nhận mã mới."), "exhausted")
        raise CodeError(gettext("Mã xác minh không đúng; bạn còn %(left)s lần thử.") % {"left": left}, "wrong")
    return row


def mark_used(rows, *, now=None) -> None:
    """Spend the codes; CodeError if one of them was spent meanwhile (the same code sent twice at once)."""
    spent = VerificationCode.objects.filter(pk__in=[r.pk for r in rows], used_at=None).update(used_at=now or timezone.now())
    if spent != len(rows):
        raise CodeError(gettext("Không có mã nào đang chờ xác minh; bấm “Gửi lại mã” để nhận mã mới."), "missing")


def too_many(request, action: str, limit: int, minutes: int = 60) -> bool:
    """A per-address limit on actions that send messages (registration, password reset): True once the
    address made `limit` of them within `minutes` (counted in the cache); logged."""
    from django.core.cache import cache

    from motcua.common.clientip import client_ip

    key = f"motcua.accounts.{action}.{client_ip(request)}"
    cache.add(key, 0, timeout=minutes * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=minutes * 60)
        count = 1
    if count > limit:
        log.warning("%s refused for the address (limit %s an hour)", action, limit)
        return True
    return False
