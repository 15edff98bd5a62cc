"""Citizens' accounts (decision 0044): the fake SMS gateway, reading the codes sent, and the local OpenID
Connect provider the sign-in tests run against."""
import re
from urllib.parse import urlsplit

import pytest

from motcua.notify.sms import FakeSmsBackend

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider

PASSWORD = "Ho-so-cong-dan-2026!"


@pytest.fixture
def sms(settings):
    settings.MOTCUA_SMS_BACKEND = "motcua.notify.sms.FakeSmsBackend"
    FakeSmsBackend.reset()
    yield FakeSmsBackend
    FakeSmsBackend.reset()


def last_code(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def mailed_code(outbox, to: str) -> str:
    return last_code([m for m in outbox if to in m.to][-1].body)


def texted_code(sms, to: str) -> str:
    return last_code([text for number, text in sms.sent if number == to][-1])


@pytest.fixture(scope="session")
def _provider():
    provider = LocalProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(_provider, settings):
    """The local provider, configured as the site's identity provider, forgetting the last test's misbehaviour."""
    _provider.misbehave = ""
    _provider.person = {"sub": "vneid-0001", "name": "Nguyễn Văn An", "identity_number": "022090000123",
                        "email": "an.nguyen@example.vn", "email_verified": True, "phone_number": "0912000123"}
    settings.MOTCUA_OIDC = {"ISSUER": _provider.issuer, "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
                            "SCOPE": "openid profile email phone", "ID_NUMBER_CLAIM": "identity_number"}
    return _provider


def oidc_round_trip(client, provider, *, misbehave: str = "", person: dict | None = None):
    """Click the button, let the provider answer (it signs the person in at once), follow back to the site."""
    import requests

    if person is not None:
        provider.person = person
    provider.misbehave = misbehave
    start = client.get("/dang-nhap/dinh-danh/")
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer + "/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")
