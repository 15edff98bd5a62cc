"""Sending: after commit only, through the SMS gateway interface and Django's mail; retries with backoff."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from motcua.common.errors import Conflict
from motcua.dossiers import services as dossier_services
from motcua.notify import tasks
from motcua.notify.models import Outbox
from motcua.notify.services import MAX_ATTEMPTS, backoff, queue_for_event, send_pending
from motcua.notify.sms import FakeSmsBackend, FileSmsBackend

from .conftest import APPLICANT, act, local, receive


def test_a_committed_transition_is_sent_after_commit(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    assert FakeSmsBackend.sent == [] and mail.outbox == []  # nothing leaves before the commit
    # ...but the rows are already there: the transition wrote them in its own transaction.
    assert sorted(Outbox.objects.filter(dossier=d).values_list("channel", "status")) == [
        ("email", "pending"),
        ("sms", "pending"),
    ]
    for callback in callbacks:
        callback()
    assert [to for to, _ in FakeSmsBackend.sent] == ["0912345678"]
    assert [m.to for m in mail.outbox] == [["nga@example.vn"]]
    assert mail.outbox[0].subject == f"Hồ sơ {d.code} đã được tiếp nhận"
    assert set(Outbox.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_nothing_is_written_or_sent_when_the_transition_fails(city, django_capture_on_commit_callbacks):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Conflict):
        dossier_services.transition(d.code, "transfer", actor=city["tiepnhan.hcc"], expected_version=d.version + 5)
    assert callbacks == []
    assert Outbox.objects.filter(event__action="transfer").count() == 0 and FakeSmsBackend.sent == []


def _sms_row(city):
    d = receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 25, 9, 0))
    (row,) = queue_for_event(d, d.events.get(action="receive"))
    return row


def test_failures_are_retried_with_exponential_backoff_then_marked_failed(city):
    row = _sms_row(city)
    FakeSmsBackend.fail_next = 100
    t = timezone.now()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert send_pending(now=t - timedelta(seconds=1)).sent == 0  # not due yet: untouched
        report = send_pending(now=t)
        row.refresh_from_db()
        assert row.attempts == attempt and "Cổng SMS không phản hồi" in row.last_error
        if attempt < MAX_ATTEMPTS:
            assert (report.retried, row.status) == (1, "pending")
            waits.append(row.next_attempt_at - t)
            t = row.next_attempt_at
        else:
            assert (report.failed, row.status) == (1, "failed")
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)] == [backoff(n) for n in range(1, 5)]
    assert send_pending(now=t + timedelta(days=1)).failed == 0  # a failed row is never tried again
    assert FakeSmsBackend.sent == []


def test_a_retry_that_succeeds_is_sent(city):
    row = _sms_row(city)
    FakeSmsBackend.fail_next = 2
    t = timezone.now()
    for _ in range(3):
        send_pending(now=t)
        row.refresh_from_db()
        t = row.next_attempt_at
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert len(FakeSmsBackend.sent) == 1


def test_send_outbox_task_runs_on_the_immediate_backend(city):
    _sms_row(city)
    result = tasks.send_outbox.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"sent": 1, "retried": 0, "failed": 0}


def test_send_outbox_command(city, capsys):
    _sms_row(city)
    call_command("send_outbox")
    assert "Đã gửi 1" in capsys.readouterr().out


def test_scheduler_once_enqueues_every_periodic_task(city, capsys):
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    for name in ("remind_due_soon", "escalate_overdue", "draft_apologies", "send_outbox", "prune_staged_uploads",
                 "prune_expired_cache",
                 "anchor_audit_chain"):
        assert f"{name}: SUCCESSFUL" in out


def test_file_sms_backend_writes_one_file_per_message(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    FileSmsBackend().send("0912345678", "Hồ sơ CP-HCC-241125-0001 đã có kết quả.")
    (written,) = (tmp_path / "sms").iterdir()
    assert written.read_text(encoding="utf-8") == "To: 0912345678\n\nHồ sơ CP-HCC-241125-0001 đã có kết quả.\n"


def test_after_commit_hook_queues_and_sends_when_the_transition_did_not(city, django_capture_on_commit_callbacks):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 26, 9, 0))
    rows = Outbox.objects.filter(kind="supplement_needed")
    assert sorted(rows.values_list("channel", "status")) == [("email", "sent"), ("sms", "sent")]
