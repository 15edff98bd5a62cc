"""Zalo ZNS: the applicant's phone gets a template message built from the notice; Zalo's answers classified
like the SMS gateway's."""
from django.utils import timezone

from motcua.forms.marks import lookup_url
from motcua.notify.models import Outbox
from motcua.notify.services import backoff, send_pending

from .conftest import APPLICANT, act, local, receive


def test_the_phone_gets_a_zalo_template_message_and_its_msg_id_is_kept(city, zalo_zns, sms_gateway):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    assert sorted(Outbox.objects.filter(dossier=d).values_list("channel", flat=True)) == ["email", "zalo"]
    row = Outbox.objects.get(dossier=d, channel="zalo")
    assert send_pending(now=timezone.now()).sent == 2
    (request,) = zalo_zns.requests
    assert request["headers"]["access_token"] == "AT-1"
    assert zalo_zns.json() == {
        "phone": "84912345678", "template_id": "301001", "tracking_id": f"motcua-{row.pk}",
        "template_data": {
            "dossier_code": d.code, "customer_name": APPLICANT["name"], "status": "Đã tiếp nhận",
            "appointment_date": f"{timezone.localtime(d.due_at):%d/%m/%Y}", "lookup_url": lookup_url(d.code),
        },
    }
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == ("sent", "zns-0001")
    assert sms_gateway.requests == []  # no SMS besides


def test_a_kind_with_its_template_or_the_default_one(city, zalo_zns):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 26, 9, 0))
    send_pending(now=timezone.now())
    assert [r["template_id"] for r in zalo_zns.sent] == ["301001", "301000"]


def test_a_kind_without_a_template_goes_by_sms(city, zalo_zns, settings):
    settings.MOTCUA_ZALO = {**settings.MOTCUA_ZALO, "TEMPLATES": {"result_ready": "301002"}}
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    assert sorted(Outbox.objects.filter(dossier=d).values_list("channel", flat=True)) == ["email", "sms"]


def test_sms_only_unless_the_settings_say_zalo(city, zalo_zns, settings):
    settings.MOTCUA_PHONE_CHANNELS = "sms"
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    assert sorted(Outbox.objects.filter(dossier=d).values_list("channel", flat=True)) == ["email", "sms"]


def test_zalo_busy_or_over_quota_is_retried_an_invalid_number_is_not(city, zalo_zns):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="zalo")
    zalo_zns.script = ["busy", "quota", "invalid_phone"]
    t = timezone.now()
    send_pending(now=t)
    row.refresh_from_db()
    assert (row.status, row.next_attempt_at) == ("pending", t + backoff(1)) and "HTTP 503" in row.last_error
    t = row.next_attempt_at
    send_pending(now=t)
    row.refresh_from_db()
    assert (row.status, row.last_error) == ("pending", "SmsError: -32: Exceeded rate limit")
    report = send_pending(now=row.next_attempt_at)
    row.refresh_from_db()
    assert (report.failed, row.status, row.attempts) == (1, "failed", 3)
    assert row.last_error == "PermanentSendError: -108: Phone number is invalid"


def test_zalo_not_answering_in_time_is_retried(city, zalo_zns):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    row = Outbox.objects.get(dossier=d, channel="zalo")
    zalo_zns.script = ["timeout"]
    report = send_pending(now=timezone.now())
    row.refresh_from_db()
    assert (report.retried, row.status) == (1, "pending") and "không trả lời" in row.last_error
