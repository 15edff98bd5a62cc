"""Registration with an e-mail address: an inactive account, a 6-digit code by mail (kept only hashed);
the right code switches the account on and signs it in."""
import pytest
from django.core import mail

from motcua.accounts.models import Role, User, VerificationCode

from .conftest import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db


def form(**extra):
    return {"full_name": "Lê Thị Hoa", "email": "Hoa.Le@Example.vn", "phone": "", "identity_number": "001190000456",
            "password1": PASSWORD, "password2": PASSWORD, **extra}


def test_a_code_by_mail_then_the_account_is_on_and_signed_in(client):
    page = client.get("/dang-ky/")
    assert page.status_code == 200 and "Đăng ký tài khoản công dân" in page.content.decode()
    r = client.post("/dang-ky/", form())
    assert r.status_code == 302 and r["Location"] == "/dang-ky/xac-minh/"
    user = User.objects.get()
    assert (user.username, user.email, user.role, user.is_active, user.registration_pending) == (
        "hoa.le@example.vn", "hoa.le@example.vn", Role.CITIZEN, False, True)
    assert (user.identity_number, user.identity_verified) == ("001190000456", False)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa.le@example.vn"]
    code = mailed_code(mail.outbox, "hoa.le@example.vn")
    row = VerificationCode.objects.get()
    assert row.code_hash != code and len(row.code_hash) == 64  # only a keyed hash (HMAC-SHA256) is kept
    # Not usable before the code is given.
    assert not client.login(username="hoa.le@example.vn", password=PASSWORD)
    r = client.post("/dang-ky/xac-minh/", {"email": code})
    assert r.status_code == 302 and r["Location"] == "/ca-nhan/"
    user.refresh_from_db()
    assert (user.is_active, user.registration_pending, user.email_verified, user.phone_verified) == (True, False, True, False)
    assert client.get("/ca-nhan/").status_code == 200  # signed in
    row.refresh_from_db()
    assert row.used_at is not None


def test_the_password_must_pass_the_validators_and_nothing_is_created(client):
    r = client.post("/dang-ky/", form(password1="123", password2="123"))
    assert r.status_code == 400 and r.context["form"].errors["password1"]
    assert not User.objects.exists() and not mail.outbox


def test_an_identity_number_is_12_digits_and_an_email_or_phone_is_needed(client):
    r = client.post("/dang-ky/", form(identity_number="12345", email=""))
    errors = r.context["form"].errors
    assert r.status_code == 400
    assert errors["identity_number"] == ["Số định danh cá nhân gồm đúng 12 chữ số."]
    assert "Cần ít nhất một trong hai" in errors["__all__"][0]
    assert not User.objects.exists()


def test_an_email_with_an_account_is_refused(client):
    User.objects.create_user("hoa.le@example.vn", password=PASSWORD, email="hoa.le@example.vn")
    r = client.post("/dang-ky/", form())
    assert r.status_code == 400 and "đã có tài khoản" in r.context["form"].errors["__all__"][0]
    assert User.objects.count() == 1 and not mail.outbox
