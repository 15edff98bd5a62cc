"""Registration with a phone (the code by SMS through the configured gateway), and with both an e-mail
and a phone: a code to each, both needed."""
import pytest
from django.core import mail

from motcua.accounts.models import User

from .conftest import PASSWORD, mailed_code, texted_code

pytestmark = pytest.mark.django_db


def test_a_code_by_sms_then_the_account_is_on(client, sms):
    r = client.post("/dang-ky/", {"full_name": "Phạm Văn Nam", "phone": "+84 912 345 678", "identity_number": "031085000789",
                                  "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 302
    user = User.objects.get()
    assert (user.username, user.phone, user.is_active) == ("0912345678", "0912345678", False)
    code = texted_code(sms, "0912345678")
    assert not mail.outbox
    r = client.post("/dang-ky/xac-minh/", {"sms": f" {code} "})
    assert r.status_code == 302
    user.refresh_from_db()
    assert (user.is_active, user.phone_verified, user.email_verified) == (True, True, False)
    # The phone is the sign-in name.
    client.logout()
    r = client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/ca-nhan/"


def test_with_both_each_code_is_needed(client, sms):
    client.post("/dang-ky/", {"full_name": "Vũ Thu", "email": "thu@example.vn", "phone": "0987654321",
                              "identity_number": "031085000111", "password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get()
    by_mail, by_sms = mailed_code(mail.outbox, "thu@example.vn"), texted_code(sms, "0987654321")
    page = client.get("/dang-ky/xac-minh/")
    assert set(page.context["form"].fields) == {"email", "sms"}
    wrong_sms = "000000" if by_sms != "000000" else "111111"
    r = client.post("/dang-ky/xac-minh/", {"email": by_mail, "sms": wrong_sms})
    assert r.status_code == 400
    user.refresh_from_db()
    assert (user.is_active, user.email_verified, user.phone_verified) == (False, False, False)
    r = client.post("/dang-ky/xac-minh/", {"email": by_mail, "sms": by_sms})
    assert r.status_code == 302
    user.refresh_from_db()
    assert (user.is_active, user.email_verified, user.phone_verified) == (True, True, True)
