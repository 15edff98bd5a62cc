"""The SMS gateway's delivery receipts: signed with the shared secret, recorded on the outbox row; forged
ones refused (403) without change; an unknown message id 404 and logged; a repeated receipt changes nothing."""
import json
import logging
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import local, receive
from .fakes import SMS_RECEIPT_PATH


@pytest.fixture
def sent_sms(city, sms_gateway):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    send_pending(now=timezone.now())
    row = Outbox.objects.get(dossier=d, channel="sms")
    assert row.provider_message_id == "SMS-0001"
    return row


def test_a_delivered_receipt_is_recorded_on_the_row(client, sent_sms, sms_gateway):
    response = sms_gateway.post_receipt(client, "SMS-0001", delivered_at="2024-11-25T09:00:07+07:00")
    assert response.status_code == 200
    assert response.json() == {"id": sent_sms.pk, "delivery_status": "delivered", "changed": True}
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == "delivered"
    assert sent_sms.delivered_at == datetime(2024, 11, 25, 2, 0, 7, tzinfo=UTC)
    assert sent_sms.receipt_at is not None and sent_sms.status == "sent"


def test_an_undelivered_receipt_then_a_late_delivery(client, sent_sms, sms_gateway):
    assert sms_gateway.post_receipt(client, "SMS-0001", status="EXPIRED").json()["delivery_status"] == "undelivered"
    sent_sms.refresh_from_db()
    assert (sent_sms.delivery_status, sent_sms.delivered_at) == ("undelivered", None)
    assert sms_gateway.post_receipt(client, "SMS-0001").json()["changed"] is True
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == "delivered" and sent_sms.delivered_at is not None
    # ...but a delivered message stays delivered
    assert sms_gateway.post_receipt(client, "SMS-0001", status="FAILED").json() == {
        "id": sent_sms.pk, "delivery_status": "delivered", "changed": False,
    }


def test_a_repeated_receipt_changes_nothing(client, sent_sms, sms_gateway):
    first = sms_gateway.post_receipt(client, "SMS-0001", delivered_at="2024-11-25T09:00:07+07:00")
    sent_sms.refresh_from_db()
    before = (sent_sms.delivery_status, sent_sms.delivered_at, sent_sms.receipt_at)
    again = sms_gateway.post_receipt(client, "SMS-0001", delivered_at="2024-11-25T09:05:00+07:00")
    assert (first.status_code, again.status_code) == (200, 200) and again.json()["changed"] is False
    sent_sms.refresh_from_db()
    assert (sent_sms.delivery_status, sent_sms.delivered_at, sent_sms.receipt_at) == before


@pytest.mark.parametrize("forgery", ["wrong secret", "no signature", "body changed after signing"])
def test_a_forged_receipt_is_refused_and_changes_nothing(client, sent_sms, sms_gateway, forgery):
    body, headers = sms_gateway.receipt("SMS-0001", secret="guessed" if forgery == "wrong secret" else None)
    if forgery == "no signature":
        headers = {}
    if forgery == "body changed after signing":
        body = body.replace(b"DELIVERED", b"FAILED")
    response = client.post(SMS_RECEIPT_PATH, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 403 and problem["detail"] == "Chữ ký của báo cáo nhận tin không hợp lệ."
    sent_sms.refresh_from_db()
    assert (sent_sms.delivery_status, sent_sms.delivered_at, sent_sms.receipt_at) == ("", None, None)


def test_no_secret_configured_refuses_every_receipt(client, sent_sms, sms_gateway, settings):
    settings.MOTCUA_SMS_GATEWAY = {**settings.MOTCUA_SMS_GATEWAY, "RECEIPT_SECRET": ""}
    assert sms_gateway.post_receipt(client, "SMS-0001", secret="").status_code == 403


def test_an_unknown_message_id_is_404_and_logged(client, sent_sms, sms_gateway, caplog):
    with caplog.at_level(logging.WARNING, logger="motcua.notify.receipts"):
        response = sms_gateway.post_receipt(client, "SMS-9999")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert "unknown sms message id 'SMS-9999'" in caplog.text
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == ""


def test_a_signed_body_that_is_not_json_is_400(client, sent_sms, sms_gateway):
    from motcua.notify.receipts import sms_signature

    body = b"not json"
    response = client.post(SMS_RECEIPT_PATH, data=body, content_type="application/json",
                           headers={"X-Signature": sms_signature(body, sms_gateway.receipt_secret)})
    assert response.status_code == 400 and json.loads(response.content)["status"] == 400


def test_only_post(client):
    assert client.get(SMS_RECEIPT_PATH).status_code == 405
