"""“Gửi lại mã”: a new code replaces the old one, no sooner than a minute after it and at most a few an hour."""
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from motcua.accounts.models import User, VerificationCode
from motcua.accounts.verification import MAX_PER_HOUR, RESEND_SECONDS

from .conftest import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(client):
    client.post("/dang-ky/", {"full_name": "Đỗ Minh", "email": "minh@example.vn", "identity_number": "001190000999",
                              "password1": PASSWORD, "password2": PASSWORD})
    return User.objects.get()


def test_resending_at_once_is_refused_and_logged(client, pending, caplog):
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        r = client.post("/dang-ky/xac-minh/", {"resend": "1"})
    assert r.status_code == 400 and "vui lòng chờ" in r.context["error"]
    assert "throttled" in caplog.text
    assert len(mail.outbox) == 1 and VerificationCode.objects.count() == 1


def test_after_a_minute_a_new_code_replaces_the_old(client, pending):
    first = mailed_code(mail.outbox, "minh@example.vn")
    with time_machine.travel(timezone.now() + timedelta(seconds=RESEND_SECONDS + 1)):
        r = client.post("/dang-ky/xac-minh/", {"resend": "1"})
        assert r.status_code == 302
        assert len(mail.outbox) == 2
        second = mailed_code(mail.outbox, "minh@example.vn")
        if first != second:  # the old code no longer counts
            assert client.post("/dang-ky/xac-minh/", {"email": first}).status_code == 400
        assert client.post("/dang-ky/xac-minh/", {"email": second}).status_code == 302
    pending.refresh_from_db()
    assert pending.is_active


def test_at_most_a_few_codes_an_hour(client, pending):
    start = timezone.now()
    for i in range(1, MAX_PER_HOUR):
        with time_machine.travel(start + timedelta(seconds=(RESEND_SECONDS + 1) * i)):
            assert client.post("/dang-ky/xac-minh/", {"resend": "1"}).status_code == 302
    with time_machine.travel(start + timedelta(seconds=(RESEND_SECONDS + 1) * MAX_PER_HOUR)):
        r = client.post("/dang-ky/xac-minh/", {"resend": "1"})
    assert r.status_code == 400 and "quá nhiều mã trong một giờ" in r.context["error"]
    assert len(mail.outbox) == MAX_PER_HOUR


def test_registering_again_reuses_the_pending_account_and_its_limit(client, pending):
    """Registering the same address again does not escape the limit (an SMS or mail bomb)."""
    r = client.post("/dang-ky/", {"full_name": "Đỗ Minh Khác", "email": "minh@example.vn", "identity_number": "001190000999",
                                  "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 429 and "vui lòng chờ" in r.context["error"]
    assert len(mail.outbox) == 1 and User.objects.get().full_name == "Đỗ Minh"  # nothing changed


def test_one_address_registers_a_limited_number_of_times_an_hour(client, settings):
    from motcua.accounts.views import REGISTRATIONS_PER_HOUR

    for i in range(REGISTRATIONS_PER_HOUR):
        client.post("/dang-ky/", {"full_name": "A", "email": f"a{i}@example.vn", "identity_number": "001190000999",
                                  "password1": PASSWORD, "password2": PASSWORD})
    r = client.post("/dang-ky/", {"full_name": "A", "email": "last@example.vn", "identity_number": "001190000999",
                                  "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 429 and "quá nhiều yêu cầu" in r.context["error"]
    assert not User.objects.filter(email="last@example.vn").exists()
    assert len(mail.outbox) == REGISTRATIONS_PER_HOUR
