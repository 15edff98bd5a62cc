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
