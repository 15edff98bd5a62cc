"""A gateway that does not answer within the timeout: a temporary failure, retried later."""
import json
import time

from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import backoff, send_pending

from .conftest import local, receive


def test_a_gateway_slower_than_the_timeout_is_retried_and_later_sent(city, sms_gateway):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="sms")
    sms_gateway.script = ["timeout"]
    t = timezone.now()
    started = time.monotonic()
    report = send_pending(now=t)
    assert time.monotonic() - started < sms_gateway.slow_seconds  # the client gave up at its 0.5 s timeout
    row.refresh_from_db()
    assert (report.retried, row.status, row.attempts) == (1, "pending", 1)
    assert "không trả lời sau 0.5 giây" in row.last_error
    assert send_pending(now=t + backoff(1)).sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    # The slow answer may still have been sent by the gateway: both attempts carry the same request id,
    # by which a gateway that deduplicates sends the message once.
    assert row.provider_message_id.startswith("SMS-")
    assert [json.loads(r["raw"])["request_id"] for r in sms_gateway.requests] == [f"motcua-{row.pk}"] * 2
