"""Refusals no retry can change fail the row at once: an invalid number, a brand name not registered,
credentials refused; a number that cannot be a mobile never reaches the gateway."""
import pytest
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import local, receive


def _sms_row(city, phone="0988000111"):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": phone}, at=local(2024, 11, 25, 9, 0))
    return Outbox.objects.get(dossier=d, channel="sms")


@pytest.mark.parametrize(("behaviour", "error"), [
    ("invalid_phone", "10: Invalid phone number"),
    ("brandname", "11: Brandname not registered"),
    ("auth", "12: Unauthorized (HTTP 401)"),
])
def test_a_permanent_refusal_fails_the_row_without_retry(city, sms_gateway, behaviour, error):
    row = _sms_row(city)
    sms_gateway.script = [behaviour]
    t = timezone.now()
    report = send_pending(now=t)
    row.refresh_from_db()
    assert (report.failed, report.retried, row.status, row.attempts) == (1, 0, "failed", 1)
    assert row.last_error.startswith("PermanentSendError") and error in row.last_error
    assert send_pending(now=t + timezone.timedelta(days=1)).sent == 0  # never tried again
    assert len(sms_gateway.requests) == 1


def test_a_landline_is_refused_before_the_gateway(city, sms_gateway):
    row = _sms_row(city, phone="02033 862 123")
    report = send_pending(now=timezone.now())
    row.refresh_from_db()
    assert (report.failed, row.status, row.attempts) == (1, "failed", 1)
    assert "Số điện thoại không hợp lệ" in row.last_error
    assert sms_gateway.requests == []
