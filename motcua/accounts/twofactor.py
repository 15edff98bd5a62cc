"""Two-factor sign-in (TOTP with recovery codes, django-otp): who needs it, checking a code,
enrolment. ADR 0018."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role

RECOVERY_CODES = 10


def needs_two_factor(user) -> bool:
    """Officers and administrators sign in with a second factor; citizens do not (their accounts are
    protected by the identity they prove). Demo accounts in demo mode go without: their password is
    published anyway."""
    if not settings.MOTCUA_REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if user.is_demo and settings.DEMO_MODE:
        return False
    return user.is_staff or user.is_superuser or user.role != Role.CITIZEN


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def check_code(user, code: str, request=None):
    """The confirmed device that accepts `code` (a TOTP code or an unused recovery code), or None; a
    wrong code counts as a failed sign-in for the lockout (django-axes listens to the signal)."""
    code = (code or "").strip().replace(" ", "")
    device = match_token(user, code) if code else None
    if device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return device


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (made once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def confirm_enrolment(user, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a first code; returns it and fresh recovery codes (shown once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token((code or "").strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return device, codes


def qr_svg(device: TOTPDevice) -> str:
    from motcua.forms.marks import qr_svg as svg

    return svg(device.config_url, box_size=8, border=4).decode()


def secret_text(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
