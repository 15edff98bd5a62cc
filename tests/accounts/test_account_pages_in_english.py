"""The account pages speak English with the language cookie (the catalogues of accounts and citizen)."""
import pytest
from django.conf import settings

from motcua.accounts.models import User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_registration_and_sign_in_in_english(english, provider):
    html = english.get("/dang-ky/").content.decode()
    assert "<h1>Register a citizen account</h1>" in html and "Personal identification number" in html
    assert "Đăng ký tài khoản công dân" not in html
    html = english.get("/dang-nhap/").content.decode()
    assert "Sign in with your electronic identity account (VNeID)" in html and "Forgot password" in html


def test_the_profile_in_english(english):
    english.force_login(User.objects.create_user("c", password=PASSWORD, role="citizen"))
    html = english.get("/ca-nhan/tai-khoan/").content.decode()
    assert "<h1>Personal details</h1>" in html and "typed in, not verified" in html and "Date of birth" in html
    assert "Personal details" in english.get("/ca-nhan/").content.decode()


def test_a_refused_identity_provider_answer_in_english(english, provider):
    """The OpenID Connect sign-in's error page (the sign-in page with its message) reads English."""
    from .conftest import oidc_round_trip

    html = oidc_round_trip(english, provider, misbehave="bad_signature").content.decode()
    assert "Sign-in with the electronic identity account failed; nothing was changed." in html
    assert "không thành công" not in html and "<h1>Sign in</h1>" in html


def test_the_identity_provider_not_configured_in_english(english, settings):
    settings.MOTCUA_OIDC = {}
    r = english.get("/dang-nhap/dinh-danh/")
    assert r.status_code == 404 and "Đăng nhập" not in r.content.decode()
