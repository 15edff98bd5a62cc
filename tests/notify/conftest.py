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
