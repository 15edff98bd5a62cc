"""An expired Zalo access token is refreshed once through the OAuth endpoint, then the message is sent;
the rotated tokens are kept for the next sends."""
from django.utils import timezone

from motcua.notify.models import Outbox, ZaloToken
from motcua.notify.services import send_pending

from .conftest import APPLICANT, local, receive


def test_an_expired_token_is_refreshed_once_and_the_message_sent(city, zalo_zns):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="zalo")
    zalo_zns.expire_token()
    assert send_pending(now=timezone.now()).sent == 2
    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider_message_id) == ("sent", 1, "zns-0001")
    assert [r["path"] for r in zalo_zns.requests] == ["/message/template", "/v4/oa/access_token", "/message/template"]
    refresh = zalo_zns.requests[1]
    assert refresh["headers"]["secret_key"] == "zalo-secret"
    assert b"grant_type=refresh_token" in refresh["raw"] and b"refresh_token=RT-1" in refresh["raw"]
    assert zalo_zns.requests[2]["headers"]["access_token"] == "AT-2"
    token = ZaloToken.objects.get(app_id=zalo_zns.app_id)
    assert (token.access_token, token.refresh_token) == ("AT-2", "RT-2")  # Zalo's refresh token rotates


def test_the_next_message_uses_the_refreshed_token_without_refreshing_again(city, zalo_zns):
    zalo_zns.expire_token()
    receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    send_pending(now=timezone.now())
    receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 30))
    send_pending(now=timezone.now())
    assert zalo_zns.refreshes == 1 and len(zalo_zns.sent) == 2
    assert zalo_zns.requests[-1]["headers"]["access_token"] == "AT-2"


def test_a_refused_refresh_is_a_temporary_failure(city, zalo_zns):
    zalo_zns.expire_token()
    zalo_zns.refresh_token = "RT-revoked"  # the OA must be authorised again: messages wait, retried
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="zalo")
    report = send_pending(now=timezone.now())
    row.refresh_from_db()
    assert (report.retried, row.status, row.attempts) == (1, "pending", 1)
    assert "Zalo không cấp mã truy cập mới" in row.last_error
    assert [r["path"] for r in zalo_zns.requests] == ["/message/template", "/v4/oa/access_token"]
