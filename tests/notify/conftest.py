"""The demo city, a fake SMS gateway, Django's in-memory mail box and the immediate task backend."""
import pytest

from motcua.notify.sms import FakeSmsBackend
from tests.dossiers.conftest import act, city, local, receive  # noqa: F401  (city is a fixture)

APPLICANT = {
    "name": "Nguyễn Thị Hằng Nga", "phone": "0912345678", "email": "nga@example.vn",
    "address": "Tổ 5, khu 3, phường Cẩm Trung",
}


@pytest.fixture(autouse=True)
def _gateways(settings):
    settings.MOTCUA_SMS_BACKEND = "motcua.notify.sms.FakeSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MOTCUA_PUBLIC_URL = "https://motcua.campha.vn"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    FakeSmsBackend.reset()
    yield
    FakeSmsBackend.reset()


@pytest.fixture
def received(city):  # noqa: F811
    return receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))


@pytest.fixture
def sms_gateway(settings):
    """A fake brand-name SMS gateway, and the HTTP adapter pointed at it (client timeout 0.5 s)."""
    from .fakes import FakeSmsGateway

    fake = FakeSmsGateway().start()
    settings.MOTCUA_SMS_BACKEND = "motcua.notify.sms.HttpSmsBackend"
    settings.MOTCUA_SMS_GATEWAY = {
        "URL": fake.send_url, "BRANDNAME": "UBND.CAMPHA", "API_KEY": fake.api_key, "API_SECRET": fake.api_secret,
        "TIMEOUT": 0.5, "RECEIPT_SECRET": fake.receipt_secret,
    }
    yield fake
    fake.stop()


@pytest.fixture
def zalo_zns(settings, sms_gateway):
    """A fake Zalo ZNS (with its OAuth endpoint), the ZNS adapter pointed at it, templates for every
    kind, and the applicant's phone on Zalo with SMS fallback."""
    from .fakes import FakeZalo

    fake = FakeZalo().start()
    settings.MOTCUA_PHONE_CHANNELS = "zalo+sms"
    settings.MOTCUA_ZALO_BACKEND = "motcua.notify.zalo.ZaloZnsBackend"
    settings.MOTCUA_ZALO = {
        "URL": fake.send_url, "OAUTH_URL": fake.oauth_url, "APP_ID": fake.app_id, "SECRET_KEY": fake.secret_key,
        "ACCESS_TOKEN": fake.access_token, "REFRESH_TOKEN": fake.refresh_token, "TIMEOUT": 0.5,
        "TEMPLATES": {"received": "301001", "default": "301000"}, "RECEIPT_SECRET": fake.receipt_secret,
    }
    yield fake
    fake.stop()
