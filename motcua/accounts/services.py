"""Changes to accounts that carry a rule."""
import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from motcua.accounts.models import User
from motcua.audit.services import record_change

log = logging.getLogger("motcua.accounts")


def enforce_demo_mode() -> int:
    """Demo accounts share a published password, so they may exist only in demo mode: without it they
    are switched off (is_active=False, their API tokens deleted) and the log says so. Returns how many
    were switched off. `load_demo_city` in demo mode switches them on again."""
    if settings.DEMO_MODE:
        return 0
    from rest_framework.authtoken.models import Token

    demo = User.objects.filter(is_demo=True, is_active=True)
    names = list(demo.values_list("username", flat=True))
    if not names:
        return 0
    with transaction.atomic():
        Token.objects.filter(user__username__in=names).delete()
        for user in demo.order_by("username"):
            record_change(user, action="deactivate", changes={"is_active": [True, False]},
                          note="Chế độ demo đang tắt (MOTCUA_DEMO=0): tài khoản demo bị khóa")
        count = demo.update(is_active=False)
    log.warning(
        "Chế độ demo đang tắt (MOTCUA_DEMO=0): đã khóa %d tài khoản demo (%s).", count, ", ".join(sorted(names))
    )
    return count


def enforce_demo_mode_at_start() -> None:
    """Called when a server process starts; a database that is not there yet (first start before
    `migrate`) is not an error here: the sign-in backend refuses demo accounts anyway."""
    from django.db import DatabaseError

    try:
        enforce_demo_mode()
    except DatabaseError as exc:
        log.info("demo accounts not checked at start: %s", exc)


@transaction.atomic
def reset_two_factor(user: User, *, actor=None) -> int:
    """Remove every two-factor device of the account (lost phone): at the next sign-in it enrols again.
    The journal records that it was done, never the secrets. Returns how many devices were removed."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    record_change(user, action="reset_2fa", actor=actor, changes={"two_factor_devices": [removed, 0]})
    return removed


# -- citizens' own accounts (decision 0044) -------------------------------------------------------------------
def normalize_phone(phone: str) -> str:
    """Digits only, a leading +84 written as 0 (the form the SMS gateway and the dossiers use)."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits.replace("+", "")


def contact_taken(*, email: str = "", phone: str = "", exclude=None) -> bool:
    """Whether an active account already signs in with this e-mail or phone (a pending registration does not
    count: it is replaced)."""
    from django.db.models import Q

    q = Q()
    if email:
        q |= Q(username__iexact=email) | Q(email__iexact=email, email_verified=True)
    if phone:
        q |= Q(username=phone) | Q(phone=phone, phone_verified=True)
    if not q:
        return False
    qs = User.objects.filter(q).exclude(registration_pending=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


@transaction.atomic  # a code that cannot be sent (too soon) leaves nothing behind
def register_citizen(*, full_name: str, email: str, phone: str, password: str, identity_number: str) -> User:
    """A citizen's account, inactive until its e-mail and/or phone are proved by the codes sent to them.
    Its sign-in name is the e-mail (or the phone when there is no e-mail). The identity number is as typed:
    not verified (it reveals no dossiers of others, decision 0044)."""
    from motcua.accounts.models import CodeChannel, CodePurpose, Role
    from motcua.accounts.verification import send_code

    email = (email or "").strip().lower()
    phone = normalize_phone(phone)
    username = email or phone
    # An earlier registration never verified with the same sign-in name is taken over (its codes, and the
    # limit on sending them, go on: registering again does not send more messages).
    user = User.objects.filter(username=username, registration_pending=True, is_active=False).first()
    if user is None:
        user = User(username=username, role=Role.CITIZEN, is_active=False, registration_pending=True)
    user.full_name, user.email, user.phone, user.identity_number = full_name.strip(), email, phone, identity_number
    user.set_password(password)
    user.save()
    if email:
        send_code(user, CodePurpose.REGISTER, CodeChannel.EMAIL, email)
    if phone:
        send_code(user, CodePurpose.REGISTER, CodeChannel.SMS, phone)
    log.info("citizen registration started: user=%s", user.pk)
    return user


def registration_channels(user: User) -> list[str]:
    from motcua.accounts.models import CodeChannel

    return [c for c, present in ((CodeChannel.EMAIL, user.email), (CodeChannel.SMS, user.phone)) if present]


def confirm_registration(user: User, codes: dict[str, str]) -> User:
    """Check the code of every channel of the registration; only when all are right is the account
    switched on (and its contacts marked verified). A wrong or expired code changes nothing but the
    count of tries. Raises verification.CodeError."""
    from motcua.accounts.models import CodePurpose
    from motcua.accounts.verification import check_code, mark_used

    rows = [check_code(user, CodePurpose.REGISTER, channel, codes.get(channel, "")) for channel in registration_channels(user)]
    with transaction.atomic():
        mark_used(rows)
        user.is_active = True
        user.registration_pending = False
        user.email_verified = bool(user.email)
        user.phone_verified = bool(user.phone)
        user.save(update_fields=["is_active", "registration_pending", "email_verified", "phone_verified"])
        record_change(user, action="verify_registration", actor=user, changes={"is_active": [False, True]})
    log.info("citizen registration verified: user=%s", user.pk)
    return user


def resend_registration_codes(user: User) -> None:
    from motcua.accounts.models import CodeChannel, CodePurpose
    from motcua.accounts.verification import send_code

    for channel in registration_channels(user):
        send_code(user, CodePurpose.REGISTER, channel, user.email if channel == CodeChannel.EMAIL else user.phone)


def citizen_by_verified_phone(phone: str) -> User | None:
    from motcua.accounts.models import Role

    phone = normalize_phone(phone)
    if not phone:
        return None
    return User.objects.filter(phone=phone, phone_verified=True, is_active=True, role=Role.CITIZEN).first()


def send_reset_code(phone: str) -> bool:
    """Send a password-reset code by SMS to the citizen whose verified phone this is; False (and nothing
    sent) when there is none — the page says the same either way. Raises CodeError when throttled."""
    from motcua.accounts.models import CodeChannel, CodePurpose
    from motcua.accounts.verification import send_code

    user = citizen_by_verified_phone(phone)
    if user is None:
        log.info("password reset by phone: no verified account for the number")
        return False
    send_code(user, CodePurpose.RESET, CodeChannel.SMS, user.phone)
    return True


def reset_password_with_code(phone: str, code: str, password: str) -> User:
    """Set a new password when the code sent to the phone is right. Raises CodeError."""
    from motcua.accounts.models import CodeChannel, CodePurpose
    from motcua.accounts.verification import CodeError, check_code, mark_used

    user = citizen_by_verified_phone(phone)
    if user is None:
        raise CodeError(gettext("Không có mã nào đang chờ xác minh; bấm “Gửi lại mã” để nhận mã mới."), "missing")
    row = check_code(user, CodePurpose.RESET, CodeChannel.SMS, code)
    with transaction.atomic():
        mark_used([row])
        user.set_password(password)
        user.save(update_fields=["password"])
        record_change(user, action="reset_password", actor=user, changes={"password": ["***", "***"]})
    log.info("password reset by phone code: user=%s", user.pk)
    return user


PROFILE_FIELDS = ("full_name", "email", "phone", "address", "date_of_birth", "identity_number")


@transaction.atomic
def update_profile(user: User, data: dict) -> User:
    """Save the citizen's profile. A changed e-mail or phone is no longer verified; an identity number that
    came from the identity provider cannot be changed here."""
    changes = {}
    for name in PROFILE_FIELDS:
        if name not in data:
            continue
        if name == "identity_number" and user.identity_verified:
            continue
        value = data[name]
        if name == "phone":
            value = normalize_phone(value)
        if name == "email":
            value = (value or "").strip().lower()
        old = getattr(user, name)
        if old != value:
            changes[name] = ["***", "***"]  # personal data stays out of the journal: what changed, not to what
            setattr(user, name, value)
            if name == "email":
                user.email_verified = False
            if name == "phone":
                user.phone_verified = False
    if changes:
        user.save()
        record_change(user, action="update_profile", actor=user, changes=changes)
    return user


def applicant_initial(user) -> dict:
    """The applicant fields of the online submission form, from the citizen's profile."""
    return {
        "applicant_name": user.full_name, "applicant_email": user.email, "applicant_phone": getattr(user, "phone", ""),
        "applicant_address": getattr(user, "address", ""), "applicant_id_number": getattr(user, "identity_number", ""),
    }
