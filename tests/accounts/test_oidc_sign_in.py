"""Sign-in through the identity provider (OpenID Connect, the local provider of oidc_provider.py): the
button when configured, the first sign-in makes a citizen account with a verified identity number and links
the provider's subject to it, the next one finds it; a verified existing account is linked, not duplicated."""
import pytest

from motcua.accounts.models import ExternalIdentity, Role, User

from .conftest import PASSWORD, oidc_round_trip

pytestmark = pytest.mark.django_db
BUTTON = "Đăng nhập bằng tài khoản định danh điện tử (VNeID)"


def test_the_button_is_there_only_when_a_provider_is_configured(client, settings):
    settings.MOTCUA_OIDC = {"ISSUER": "", "CLIENT_ID": ""}
    assert BUTTON not in client.get("/dang-nhap/").content.decode()
    assert client.get("/dang-nhap/dinh-danh/").status_code == 404
    settings.MOTCUA_OIDC = {"ISSUER": "https://sso.example.vn", "CLIENT_ID": "x"}
    assert BUTTON in client.get("/dang-nhap/").content.decode()


def test_the_request_carries_pkce_state_and_nonce(client, provider):
    from urllib.parse import parse_qs, urlsplit

    r = client.get("/dang-nhap/dinh-danh/")
    q = {k: v[0] for k, v in parse_qs(urlsplit(r["Location"]).query).items()}
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) >= 43
    assert q["state"] and q["nonce"] and q["client_id"] == "mot-cua-test" and "openid" in q["scope"]
    assert q["redirect_uri"] == "http://testserver/dang-nhap/dinh-danh/ve/"


def test_the_first_sign_in_makes_a_verified_citizen_and_the_next_finds_it(client, provider):
    r = oidc_round_trip(client, provider)
    assert r.status_code == 302 and r["Location"] == "/ca-nhan/"
    user = User.objects.get()
    assert (user.role, user.full_name, user.identity_number, user.identity_verified) == (
        Role.CITIZEN, "Nguyễn Văn An", "022090000123", True)
    assert (user.email, user.email_verified, user.phone) == ("an.nguyen@example.vn", True, "0912000123")
    assert not user.has_usable_password()
    link = ExternalIdentity.objects.get()
    assert (link.provider, link.subject, link.user) == (provider.issuer, "vneid-0001", user)
    assert client.get("/ca-nhan/").status_code == 200
    client.logout()
    r = oidc_round_trip(client, provider)
    assert r.status_code == 302 and User.objects.count() == 1 and ExternalIdentity.objects.count() == 1


def test_a_citizen_with_the_same_verified_email_is_linked_not_duplicated(client, provider):
    mine = User.objects.create_user("an.nguyen@example.vn", email="an.nguyen@example.vn", email_verified=True,
                                    password=PASSWORD, role="citizen", identity_number="999999999999")
    oidc_round_trip(client, provider)
    mine.refresh_from_db()
    assert User.objects.count() == 1 and ExternalIdentity.objects.get().user == mine
    # The provider's identity number replaces the typed one, and is verified from now on.
    assert (mine.identity_number, mine.identity_verified) == ("022090000123", True)


def test_an_account_with_only_the_same_typed_identity_number_is_not_taken_over(client, provider):
    squatter = User.objects.create_user("other@example.vn", email="other@example.vn", email_verified=True,
                                        password=PASSWORD, role="citizen", identity_number="022090000123")
    oidc_round_trip(client, provider)
    assert User.objects.count() == 2 and ExternalIdentity.objects.get().user != squatter
    squatter.refresh_from_db()
    assert squatter.identity_verified is False


def test_a_signed_in_citizen_links_their_account(client, provider):
    mine = User.objects.create_user("me", password=PASSWORD, role="citizen")
    client.force_login(mine)
    oidc_round_trip(client, provider, person={"sub": "vneid-0002", "name": "Trần Bình", "identity_number": "022090000777"})
    mine.refresh_from_db()
    assert ExternalIdentity.objects.get().user == mine and mine.identity_verified and User.objects.count() == 1
