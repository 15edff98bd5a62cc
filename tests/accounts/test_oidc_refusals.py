"""An answer of the identity provider that is wrong in any way — a bad signature, another nonce, another
audience, expired, another issuer, no ID token, a callback without the session's state — is refused:
the sign-in page says so in Vietnamese, the log says why, and nothing is created or changed."""
import logging

import pytest

from motcua.accounts.models import ExternalIdentity, User

from .conftest import PASSWORD, oidc_round_trip

pytestmark = pytest.mark.django_db

CASES = {
    "bad_signature": "BadSignatureError",
    "wrong_nonce": "Invalid claim: 'nonce'",
    "wrong_audience": "Invalid claim: 'aud'",
    "wrong_audience_with_azp": "Invalid claim: 'aud'",
    "expired": "ExpiredTokenError",
    "wrong_issuer": "Invalid claim: 'iss'",
    "no_id_token": "no ID token",
}


def refused(r, caplog, why):
    assert r.status_code == 400
    assert "Đăng nhập bằng tài khoản định danh điện tử không thành công" in r.content.decode()
    assert "OIDC sign-in refused" in caplog.text and why in caplog.text
    assert not r.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("mode", CASES)
def test_a_bad_answer_is_refused_logged_and_creates_nothing(client, provider, caplog, mode):
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = oidc_round_trip(client, provider, misbehave=mode)
    refused(r, caplog, CASES[mode])
    assert not User.objects.exists() and not ExternalIdentity.objects.exists()
    assert client.get("/ca-nhan/").status_code == 302  # not signed in


def test_a_bad_answer_changes_nothing_on_an_existing_account(client, provider, caplog):
    mine = User.objects.create_user("an.nguyen@example.vn", email="an.nguyen@example.vn", email_verified=True,
                                    password=PASSWORD, role="citizen", full_name="Tên cũ")
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = oidc_round_trip(client, provider, misbehave="bad_signature")
    refused(r, caplog, "BadSignatureError")
    mine.refresh_from_db()
    assert (mine.full_name, mine.identity_verified, mine.identity_number) == ("Tên cũ", False, "")
    assert not ExternalIdentity.objects.exists()


def test_a_callback_without_the_sessions_state_is_refused(client, provider, caplog):
    """A forged callback (or one replayed in another browser): the state is not this session's."""
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.get("/dang-nhap/dinh-danh/ve/?code=abc&state=forged")
    refused(r, caplog, "state")
    assert not User.objects.exists()


def test_an_error_from_the_provider_is_refused(client, provider, caplog):
    client.get("/dang-nhap/dinh-danh/")
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.get("/dang-nhap/dinh-danh/ve/?error=access_denied&error_description=cancelled")
    refused(r, caplog, "access_denied")
    assert not User.objects.exists()


def test_a_malformed_identity_number_claim_is_not_kept(client, provider):
    r = oidc_round_trip(client, provider, person={"sub": "s-9", "name": "Lý Hà", "identity_number": "12-34"})
    assert r.status_code == 302
    user = User.objects.get()
    assert (user.identity_number, user.identity_verified) == ("", False)


def test_an_unreachable_provider_is_a_message_not_an_error_page(client, settings, caplog):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.MOTCUA_OIDC = {"ISSUER": f"http://127.0.0.1:{port}", "CLIENT_ID": "x", "CLIENT_SECRET": "y"}
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.get("/dang-nhap/dinh-danh/")
    assert r.status_code == 400 and "không thành công" in r.content.decode()
    assert "OIDC sign-in not started: ConnectionError" in caplog.text
