"""The fake gateway posts its receipt over HTTP to a running server, as the real one does."""
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import local, receive


def test_the_gateway_calls_the_running_server_back(city, sms_gateway, live_server):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    send_pending(now=timezone.now())
    row = Outbox.objects.get(dossier=d, channel="sms")
    status, body = sms_gateway.post_receipt_live(live_server.url, row.provider_message_id)
    assert (status, body["delivery_status"]) == (200, "delivered")
    row.refresh_from_db()
    assert row.delivery_status == "delivered"
    status, body = sms_gateway.post_receipt_live(live_server.url, row.provider_message_id, secret="guessed")
    assert status == 403 and body["status"] == 403
