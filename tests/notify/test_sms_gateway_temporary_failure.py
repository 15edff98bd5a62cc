"""A busy or rate-limiting gateway: the row is retried with the outbox's backoff, then sent."""
import json

import pytest
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import MAX_ATTEMPTS, backoff, send_pending

from .conftest import local, receive


@pytest.fixture
def sms_row(city):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    return Outbox.objects.get(dossier=d, channel="sms")


def test_busy_then_rate_limited_then_accepted(sms_row, sms_gateway):
    sms_gateway.script = ["busy", "rate_limited"]
    t = timezone.now()
    send_pending(now=t)
    sms_row.refresh_from_db()
    assert (sms_row.status, sms_row.attempts, sms_row.next_attempt_at) == ("pending", 1, t + backoff(1))
    assert "SmsError: HTTP 503" in sms_row.last_error
    assert send_pending(now=t + backoff(1) - timezone.timedelta(seconds=1)).retried == 0  # not yet due
    t += backoff(1)
    assert send_pending(now=t).retried == 1
    sms_row.refresh_from_db()
    assert "HTTP 429" in sms_row.last_error and sms_row.next_attempt_at == t + backoff(2)
    assert send_pending(now=t + backoff(2)).sent == 1
    sms_row.refresh_from_db()
    assert (sms_row.status, sms_row.attempts, sms_row.provider_message_id, sms_row.last_error) == ("sent", 3, "SMS-0001", "")
    # the same request id at every attempt: a gateway that deduplicates sends the message once
    assert {json.loads(q["raw"])["request_id"] for q in sms_gateway.requests} == {f"motcua-{sms_row.pk}"}


def test_a_gateway_busy_at_every_attempt_fails_the_row_after_the_last(sms_row, sms_gateway):
    sms_gateway.script = ["busy"] * MAX_ATTEMPTS
    t = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        send_pending(now=t)
        sms_row.refresh_from_db()
        t = sms_row.next_attempt_at
    assert (sms_row.status, sms_row.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(sms_gateway.requests) == MAX_ATTEMPTS and sms_gateway.sent == []


def test_the_gateway_down_is_a_temporary_failure(sms_row, sms_gateway):
    sms_gateway.stop()  # nothing listens on that port any more
    report = send_pending(now=timezone.now())
    sms_row.refresh_from_db()
    assert (report.retried, sms_row.status) == (1, "pending")
    assert "Không kết nối được cổng" in sms_row.last_error
    sms_gateway.stop = lambda: None  # already stopped: the fixture's teardown has nothing to do
