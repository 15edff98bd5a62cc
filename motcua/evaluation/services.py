"""Writes of the evaluation (Circular 01/2018/TT-VPCP Art. 13–14).

`record_evaluation` is called by the `rate` action of `dossiers.services.transition` only, inside its
transaction: the evaluation row exists if and only if the rate event does. The channels below let an
applicant without an account reach that same action, each proving in its own way that they are the
applicant of one dossier: the tablet the desk opens right after returning the result, the kiosk (dossier
code + the last digits of the phone), the signed link sent with the notice of return. Each then acts as
the applicant account (`applicant_actor`) carrying an `ApplicantProof` for that dossier and `rate` only.
"""
from __future__ import annotations

import hmac
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Role, User
from motcua.common.errors import Conflict, NotAllowed, ValidationFailed
from motcua.common.text import MAX_NOTE, check_text
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.permissions import ApplicantProof, dossier_for_user, proof_of

from . import scoring
from .models import Channel, Evaluation

TABLET_SALT = "motcua.evaluation.tablet"
LINK_SALT = "motcua.evaluation.link"
KIOSK_SALT = "motcua.evaluation.kiosk"
KIOSK_MINUTES = 10  # the kiosk's evaluation form stays valid this long after the check
KIOSK_TRIES = 5  # wrong answers per dossier code and kiosk before it is locked for KIOSK_LOCK_MINUTES
KIOSK_LOCK_MINUTES = 15
APPLICANT_USERNAME = "nguoi-nop-ho-so"
BAD_LINK = gettext_lazy("Liên kết đánh giá không hợp lệ hoặc đã hết hạn.")


def tablet_minutes() -> int:
    """How long after the return the desk may still open the tablet page (product rule: "right after")."""
    return int(getattr(settings, "MOTCUA_EVALUATION_TABLET_MINUTES", 30))


def link_days() -> int:
    return int(getattr(settings, "MOTCUA_EVALUATION_LINK_DAYS", 30))


# -- the row the rate action writes -----------------------------------------------------------------------
def _channel(actor, data: dict, imported: bool) -> str:
    proof = proof_of(actor)
    if proof is not None:
        return proof.channel
    if imported and data.get("channel") in Channel.values:
        return str(data["channel"])
    return Channel.PORTAL if actor.role == Role.CITIZEN else Channel.COUNTER


def record_evaluation(dossier: Dossier, actor, data: dict, at: datetime, *, imported: bool = False) -> dict:
    """Store the evaluation of `dossier` (its `level` is checked by the caller) and return what the audit
    event records of it. Bad criteria or comment raise before anything is written."""
    scores = scoring.parse_criteria(data.get("criteria"))
    comment = str(data.get("comment") or "").strip()
    check_text(comment, "comment", MAX_NOTE)
    scored = scoring.score(scores)
    channel = _channel(actor, data, imported)
    Evaluation.objects.create(
        dossier=dossier, at=at, channel=channel, satisfaction=data["level"], total=scored.total,
        maximum=scored.maximum, level=scored.level, comment=comment, **{f"i{n}": v for n, v in scores.items()},
    )
    recorded = {"channel": channel, "criteria": {str(n): v for n, v in sorted(scores.items())},
                "total": scored.total, "maximum": scored.maximum, "grade": scored.level}
    if comment:
        recorded["comment"] = comment
    return recorded


# -- channels -----------------------------------------------------------------------------------------------
def check_rateable(d: Dossier) -> None:
    """A clear refusal before any form is shown: not returned yet, or already evaluated."""
    ref = d.code or f"#{d.pk}"
    if d.status != Status.RETURNED:
        raise Conflict(_("Hồ sơ {ref} chưa được trả kết quả nên chưa thể đánh giá.").format(ref=ref))
    if d.rating:
        raise Conflict(_("Hồ sơ {ref} đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.").format(ref=ref))


def applicant_actor(dossier: Dossier, channel: str) -> User:
    """The account that stands in for an applicant without one: never signs in (inactive, no password),
    reaches only the proven dossier, and only to rate it (dossiers.permissions.ApplicantProof)."""
    user, created = User.objects.get_or_create(
        username=APPLICANT_USERNAME,
        defaults={"full_name": "Người nộp hồ sơ (đánh giá không cần tài khoản)", "role": Role.CITIZEN,
                  "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.applicant_proof = ApplicantProof(dossier.pk, channel)  # type: ignore[attr-defined]
    return user


def _load(token: str, salt: str, max_age: timedelta) -> Dossier:
    try:
        payload = signing.loads(str(token or ""), salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        raise ValidationFailed(BAD_LINK, field="token") from None
    d = Dossier.objects.select_related("procedure_version", "reception_unit").filter(pk=payload.get("d")).first()
    if d is None:
        raise ValidationFailed(BAD_LINK, field="token")
    return d


def rate(d: Dossier, channel: str, data: dict) -> Dossier:
    """The applicant's evaluation through `channel`, by the one rate action."""
    from motcua.dossiers.services import transition

    check_rateable(d)
    actor = applicant_actor(d, channel)
    return transition(d, "rate", actor=actor, expected_version=d.version, data=data)


# The tablet at the counter.
def open_tablet(actor, code, *, now: datetime | None = None) -> str:
    """The token of the tablet page for a dossier this officer has just returned (within
    `tablet_minutes()`); the page needs no sign-in and serves that dossier only."""
    now = now or timezone.now()
    d = dossier_for_user(actor, code)
    check_rateable(d)
    returned = d.events.filter(action="return_result").order_by("-id").first()
    if returned is None or returned.actor_id != actor.pk:
        raise NotAllowed(_("Chỉ cán bộ vừa trả kết quả hồ sơ này mới mở được trang đánh giá trên máy tính bảng."))
    if now - returned.at > timedelta(minutes=tablet_minutes()):
        raise Conflict(
            _(
                "Đã quá {minutes} phút kể từ khi trả kết quả; người nộp có thể đánh giá tại ki-ốt "
                "hoặc qua liên kết đã gửi kèm thông báo trả kết quả."
            ).format(minutes=tablet_minutes())
        )
    return signing.dumps({"d": d.pk, "o": actor.pk}, salt=TABLET_SALT)


def tablet_dossier(token: str) -> Dossier:
    return _load(token, TABLET_SALT, timedelta(minutes=tablet_minutes()))


# The signed link of the notice of return.
def link_token(d: Dossier) -> str:
    return signing.dumps({"d": d.pk}, salt=LINK_SALT)


def link_url(d: Dossier) -> str:
    return settings.MOTCUA_PUBLIC_URL + reverse("evaluation:link", args=[link_token(d)])


def link_dossier(token: str) -> Dossier:
    return _load(token, LINK_SALT, timedelta(days=link_days()))


# The kiosk.
def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def kiosk_check(unit_code: str, code: str, last_digits: str) -> str:
    """The token of the kiosk's evaluation form once the applicant gave the code of a dossier received at
    this reception point and the last 4 digits of the phone number on it (of the ID number when the
    dossier has no phone). Unknown code and wrong digits get the same answer; after KIOSK_TRIES wrong
    answers the code is locked at this kiosk for a while (4 digits are guessable)."""
    code = (code or "").strip().upper()
    key = f"evaluation:kiosk:{unit_code}:{code}"
    if cache.get(key, 0) >= KIOSK_TRIES:
        raise NotAllowed(
            _("Nhập sai quá {tries} lần; vui lòng thử lại sau {minutes} phút hoặc đánh giá tại quầy.").format(
                tries=KIOSK_TRIES, minutes=KIOSK_LOCK_MINUTES
            )
        )
    d = Dossier.objects.filter(code=code, reception_unit__code=unit_code).first() if code else None
    expected = (_digits(d.applicant_phone) or _digits(d.applicant_id_number))[-4:] if d else ""
    given = _digits(last_digits)
    if d is None or len(expected) < 4 or not hmac.compare_digest(given, expected):
        cache.set(key, cache.get(key, 0) + 1, KIOSK_LOCK_MINUTES * 60)
        raise ValidationFailed(_("Mã hồ sơ hoặc 4 số cuối điện thoại không đúng."), field="digits")
    check_rateable(d)
    return signing.dumps({"d": d.pk}, salt=KIOSK_SALT)


def kiosk_dossier(token: str) -> Dossier:
    return _load(token, KIOSK_SALT, timedelta(minutes=KIOSK_MINUTES))
