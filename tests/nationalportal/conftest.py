"""The demo city, the national portal push switched on against a local fake portal, the immediate task
backend."""
import pytest

from tests.dossiers.conftest import act, city, local, receive  # noqa: F401  (city is a fixture)

from .fakeportal import FakePortal


@pytest.fixture
def portal(settings):
    fake = FakePortal().start()
    settings.MOTCUA_DVCQG_ENABLED = True
    settings.MOTCUA_DVCQG_URL = fake.url
    settings.MOTCUA_DVCQG_TOKEN_URL = fake.token_url
    settings.MOTCUA_DVCQG_CLIENT_ID = fake.client_id
    settings.MOTCUA_DVCQG_CLIENT_SECRET = fake.client_secret
    settings.MOTCUA_DVCQG_TIMEOUT = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MOTCUA_SMS_BACKEND = "motcua.notify.sms.FakeSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield fake
    fake.stop()


def life(city, d):  # noqa: F811
    """A building permit from receipt to return: transfer through the process, a supplement, the result."""
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
            data={"missing": [{"name": "Bản vẽ mặt bằng tỷ lệ 1/100"}]}, at=local(2024, 11, 26, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "supplement", at=local(2024, 11, 27, 9, 0))
    return d
