"""A number without a Zalo account: with "zalo+sms" the notice goes by SMS instead; with "zalo" alone the
Zalo message fails."""
from django.utils import timezone

from motcua.notify.models import Outbox
from motcua.notify.services import send_pending

from .conftest import APPLICANT, local, receive


def test_no_zalo_account_queues_the_same_notice_by_sms(city, zalo_zns, sms_gateway):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    zalo_row = Outbox.objects.get(dossier=d, channel="zalo")
    zalo_zns.script = ["no_zalo"]
    t = timezone.now()
    report = send_pending(now=t)
    assert (report.sent, report.failed, report.retried) == (1, 0, 0)  # the e-mail; Zalo was rerouted
    zalo_row.refresh_from_db()
    assert (zalo_row.status, zalo_row.attempts) == ("rerouted", 1)
    assert "NoZaloAccount: -118" in zalo_row.last_error
    sms_row = Outbox.objects.get(dossier=d, channel="sms")
    assert (sms_row.status, sms_row.to, sms_row.body, sms_row.kind, sms_row.event_id) == (
        "pending", zalo_row.to, zalo_row.body, zalo_row.kind, zalo_row.event_id,
    )
    assert sms_row.key == zalo_row.key.removesuffix(":zalo") + ":sms"
    assert send_pending(now=t).sent == 1
    sms_row.refresh_from_db()
    assert (sms_row.status, sms_row.provider_message_id) == ("sent", "SMS-0001")
    (sent,) = sms_gateway.sent
    assert sent["phone"] == "84912345678" and f"Hồ sơ {d.code} đã được tiếp nhận" in sent["message"]
    assert send_pending(now=t + timezone.timedelta(days=1)).sent == 0  # nothing queued twice


def test_zalo_only_fails_the_message_of_a_number_without_zalo(city, zalo_zns, sms_gateway, settings):
    settings.MOTCUA_PHONE_CHANNELS = "zalo"
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    zalo_zns.script = ["no_zalo"]
    report = send_pending(now=timezone.now())
    assert report.failed == 1
    assert Outbox.objects.get(dossier=d, channel="zalo").status == "failed"
    assert not Outbox.objects.filter(dossier=d, channel="sms").exists() and sms_gateway.requests == []
