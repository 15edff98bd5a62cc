"""An expired, wrong or used-up code is refused with a clear Vietnamese message, logged, and changes
nothing but the count of tries: the account stays off."""
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from motcua.accounts.models import User, VerificationCode
from motcua.accounts.verification import CODE_MINUTES, MAX_ATTEMPTS

from .conftest import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(client):
    client.post("/dang-ky/", {"full_name": "Đỗ Minh", "email": "minh@example.vn", "identity_number": "001190000999",
                              "password1": PASSWORD, "password2": PASSWORD})
    return User.objects.get(), mailed_code(mail.outbox, "minh@example.vn")


def other(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def still_off(user):
    user.refresh_from_db()
    return (user.is_active, user.registration_pending, user.email_verified) == (False, True, False)


def test_an_expired_code_is_refused_and_logged(client, pending, caplog):
    user, code = pending
    later = timezone.now() + timedelta(minutes=CODE_MINUTES, seconds=1)
    with time_machine.travel(later), caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.post("/dang-ky/xac-minh/", {"email": code})
    assert r.status_code == 400
    assert "Mã xác minh đã hết hạn" in r.context["error"] and "Gửi lại mã" in r.content.decode()
    assert "verification code refused (expired)" in caplog.text
    assert still_off(user)
    assert VerificationCode.objects.get().used_at is None


def test_a_wrong_code_counts_a_try_and_says_how_many_are_left(client, pending, caplog):
    user, code = pending
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.post("/dang-ky/xac-minh/", {"email": other(code)})
    assert r.status_code == 400
    assert r.context["error"] == f"Mã xác minh không đúng; bạn còn {MAX_ATTEMPTS - 1} lần thử."
    assert "verification code refused (wrong)" in caplog.text
    assert still_off(user) and VerificationCode.objects.get().attempts == 1


def test_after_the_last_try_even_the_right_code_is_refused(client, pending):
    user, code = pending
    for _ in range(MAX_ATTEMPTS):
        client.post("/dang-ky/xac-minh/", {"email": other(code)})
    r = client.post("/dang-ky/xac-minh/", {"email": code})
    assert r.status_code == 400 and "quá số lần cho phép" in r.context["error"]
    assert still_off(user)


def test_a_code_not_of_six_digits_is_a_form_error(client, pending):
    user, _code = pending
    r = client.post("/dang-ky/xac-minh/", {"email": "12ab"})
    assert r.status_code == 400 and r.context["form"].errors["email"] == ["Mã xác minh gồm 6 chữ số."]
    assert still_off(user) and VerificationCode.objects.get().attempts == 0


def test_the_page_without_a_pending_registration_goes_back_to_register(client):
    assert client.get("/dang-ky/xac-minh/")["Location"] == "/dang-ky/"


def test_registering_the_same_address_again_voids_the_first_browsers_verification(client, pending):
    """Someone registers the same e-mail again with their own password (after the resend delay): the code
    then sent must not switch on the account in the first browser — with the other person's password."""
    from django.test import Client

    from motcua.accounts.verification import RESEND_SECONDS

    user, _first = pending
    other = Client()
    with time_machine.travel(timezone.now() + timedelta(seconds=RESEND_SECONDS + 1)):
        r = other.post("/dang-ky/", {"full_name": "Kẻ khác", "email": "minh@example.vn", "identity_number": "001190000999",
                                     "password1": "Mat-khau-ke-khac-2026", "password2": "Mat-khau-ke-khac-2026"})
        assert r.status_code == 302
        newest = mailed_code(mail.outbox, "minh@example.vn")
        assert client.post("/dang-ky/xac-minh/", {"email": newest})["Location"] == "/dang-ky/"
    assert still_off(user)
