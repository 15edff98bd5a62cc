"""Zalo's delivery events (user_received_message), signed the way Zalo signs its webhooks: recorded on the
Zalo outbox row; forged ones refused; unknown msg_id 404; a repeated event changes nothing."""
import logging
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import APPLICANT, local, receive


@pytest.fixture
def sent_zalo(city, zalo_zns):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    send_pending(now=timezone.now())
    row = Outbox.objects.get(dossier=d, channel="zalo")
    assert row.provider_message_id == "zns-0001"
    return row


def test_a_delivery_event_is_recorded_with_zalos_delivery_time(client, sent_zalo, zalo_zns):
    response = zalo_zns.post_receipt(client, "zns-0001", delivery_time=1732500007000)
    assert response.status_code == 200 and response.json()["changed"] is True
    sent_zalo.refresh_from_db()
    assert sent_zalo.delivery_status == "delivered"
    assert sent_zalo.delivered_at == datetime.fromtimestamp(1732500007, tz=UTC)


def test_a_repeated_event_changes_nothing(client, sent_zalo, zalo_zns):
    zalo_zns.post_receipt(client, "zns-0001", delivery_time=1732500007000)
    again = zalo_zns.post_receipt(client, "zns-0001", delivery_time=1732500999000)
    assert again.status_code == 200 and again.json()["changed"] is False
    sent_zalo.refresh_from_db()
    assert sent_zalo.delivered_at == datetime.fromtimestamp(1732500007, tz=UTC)


@pytest.mark.parametrize("forgery", [{"secret": "guessed"}, {"app_id": "another-app"}])
def test_a_forged_event_is_refused_and_changes_nothing(client, sent_zalo, zalo_zns, forgery):
    response = zalo_zns.post_receipt(client, "zns-0001", **forgery)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    sent_zalo.refresh_from_db()
    assert (sent_zalo.delivery_status, sent_zalo.delivered_at) == ("", None)


def test_an_sms_message_id_is_not_a_zalo_one(client, sent_zalo, zalo_zns, caplog):
    Outbox.objects.filter(pk=sent_zalo.pk).update(channel="sms")  # the same id, but on another channel
    with caplog.at_level(logging.WARNING, logger="motcua.notify.receipts"):
        response = zalo_zns.post_receipt(client, "zns-0001")
    assert response.status_code == 404 and "unknown zalo message id 'zns-0001'" in caplog.text


def test_other_zalo_events_are_acknowledged_and_ignored(client, sent_zalo, zalo_zns):
    response = zalo_zns.post_receipt(client, "zns-0001", event="user_feedback")
    assert (response.status_code, response.json()) == (200, {"ignored": "user_feedback"})
    sent_zalo.refresh_from_db()
    assert sent_zalo.delivery_status == ""
