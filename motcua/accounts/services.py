"""Changes to accounts that carry a rule."""
import logging

from django.conf import settings
from django.db import transaction

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
