"""The portal's token: an OAuth2 client-credentials token fetched once and cached, fetched again when the
portal refuses it (401); or, without a token URL, the static bearer token. Bad credentials keep the notices
pending (an outage of the token service or a configuration to fix), never failed."""
from django.core.cache import cache

from motcua.nationalportal import client, services
from motcua.nationalportal.models import PortalPush

from .conftest import act, local, receive


def test_the_token_is_fetched_once_and_reused(city, portal):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert services.send_pending().sent == 2
    assert portal.token_requests == 1
    assert cache.get(client.TOKEN_CACHE_KEY) in portal.tokens


def test_a_refused_token_is_renewed_once(city, portal):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    services.send_pending()
    portal.revoke_tokens()  # e.g. the portal rotated its keys: the cached token is no longer valid
    act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert services.send_pending().sent == 1
    assert portal.token_requests == 2 and portal.statuses(d.code) == ["2", "4"]


def test_wrong_credentials_keep_the_notices_pending(city, portal, settings):
    settings.MOTCUA_DVCQG_CLIENT_SECRET = "wrong"
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    report = services.send_pending()
    assert (report.retried, report.failed) == (1, 0)
    row = PortalPush.objects.get(dossier=d)
    assert row.status == "pending" and row.last_error.startswith("token: HTTP 401")
    assert portal.requests == []


def test_a_static_bearer_token(city, portal, settings):
    settings.MOTCUA_DVCQG_TOKEN_URL = ""
    settings.MOTCUA_DVCQG_TOKEN = "static-token-of-the-lgsp"
    portal.tokens.add("static-token-of-the-lgsp")
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    assert services.send_pending().sent == 1
    assert portal.token_requests == 0 and portal.statuses(d.code) == ["2"]
