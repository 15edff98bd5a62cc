"""Password reset: a link by e-mail (Django's reset views, Vietnamese pages), or a 6-digit code by SMS to a
verified phone; a wrong code changes nothing; an unknown address or number gets the same answer."""
import re

import pytest
from django.core import mail

from motcua.accounts.models import User

from .conftest import PASSWORD, texted_code

pytestmark = pytest.mark.django_db
NEW = "Mat-khau-moi-2026!"


@pytest.fixture
def citizen(db):
    return User.objects.create_user("hoa@example.vn", email="hoa@example.vn", password=PASSWORD, phone="0912111222",
                                    phone_verified=True, email_verified=True, role="citizen")


def test_by_email_a_link_then_a_new_password(client, citizen):
    r = client.post("/quen-mat-khau/", {"email": "hoa@example.vn"})
    assert r.status_code == 302 and r["Location"] == "/quen-mat-khau/da-gui/"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Đặt lại mật khẩu tài khoản"
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    r = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/dat-lai-mat-khau/xong/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)


def test_an_unknown_email_gets_the_same_page_and_no_mail(client, citizen):
    r = client.post("/quen-mat-khau/", {"email": "nobody@example.vn"})
    assert r.status_code == 302 and r["Location"] == "/quen-mat-khau/da-gui/" and not mail.outbox


def test_by_phone_a_code_then_a_new_password(client, citizen, sms):
    r = client.post("/quen-mat-khau/so-dien-thoai/", {"phone": "0912 111 222"})
    assert r.status_code == 302 and r["Location"] == "/quen-mat-khau/so-dien-thoai/xac-minh/"
    code = texted_code(sms, "0912111222")
    r = client.post("/quen-mat-khau/so-dien-thoai/xac-minh/", {"code": code, "password1": NEW, "password2": NEW})
    assert r.status_code == 302 and r["Location"] == "/dang-nhap/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)


def test_by_phone_a_wrong_code_changes_nothing(client, citizen, sms):
    client.post("/quen-mat-khau/so-dien-thoai/", {"phone": "0912111222"})
    code = texted_code(sms, "0912111222")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    r = client.post("/quen-mat-khau/so-dien-thoai/xac-minh/", {"code": wrong, "password1": NEW, "password2": NEW})
    assert r.status_code == 400 and "Mã xác minh không đúng" in r.context["error"]
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_an_unknown_or_unverified_phone_gets_the_same_answer_and_no_sms(client, citizen, sms):
    User.objects.create_user("x", password=PASSWORD, phone="0988000111", phone_verified=False)
    for phone in ("0977000000", "0988000111"):
        r = client.post("/quen-mat-khau/so-dien-thoai/", {"phone": phone})
        assert r.status_code == 302 and r["Location"] == "/quen-mat-khau/so-dien-thoai/xac-minh/"
    assert sms.sent == []


def test_one_address_asks_a_limited_number_of_times_an_hour(client, citizen):
    from motcua.accounts.views import RESETS_PER_HOUR

    for _ in range(RESETS_PER_HOUR):
        assert client.post("/quen-mat-khau/", {"email": "hoa@example.vn"}).status_code == 302
    r = client.post("/quen-mat-khau/", {"email": "hoa@example.vn"})
    assert r.status_code == 429 and "quá nhiều yêu cầu" in r.content.decode()
    assert len(mail.outbox) == RESETS_PER_HOUR
