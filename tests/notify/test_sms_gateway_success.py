"""The brand-name SMS gateway over HTTP: what send_pending posts, and the message id kept on the row."""
import base64

from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import APPLICANT, local, receive


def test_a_notice_goes_to_the_gateway_and_its_message_id_is_kept(city, sms_gateway):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="sms")
    report = send_pending(now=timezone.now())
    assert report.sent == 2  # the e-mail and the SMS
    (request,) = sms_gateway.requests
    payload = sms_gateway.json()
    assert payload == {
        "brandname": "UBND.CAMPHA", "phone": "84912345678", "message": row.body, "request_id": f"motcua-{row.pk}",
    }
    assert f"Hồ sơ {d.code} đã được tiếp nhận" in payload["message"]
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"motcua:s3cret").decode()
    assert request["headers"]["Content-Type"].startswith("application/json")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider_message_id, row.last_error) == ("sent", 1, "SMS-0001", "")
    assert row.delivery_status == "" and row.delivered_at is None  # until the gateway's receipt


def test_wrong_credentials_are_refused_for_good(city, sms_gateway, settings):
    settings.MOTCUA_SMS_GATEWAY = {**settings.MOTCUA_SMS_GATEWAY, "API_SECRET": "wrong"}
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    report = send_pending(now=timezone.now())
    row = Outbox.objects.get(dossier=d, channel="sms")
    assert (report.failed, row.status, row.attempts) == (1, "failed", 1)
    assert row.last_error == "PermanentSendError: 12: Unauthorized (HTTP 401)"
