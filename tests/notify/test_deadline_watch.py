"""The periodic deadline watch: reminders before a step's due instant, escalation when overdue, and
apology drafts before the overall deadline — once each, and never a transition."""
from datetime import timedelta

from motcua.accounts.models import User
from motcua.dossiers import deadlines
from motcua.dossiers.models import UnitHolding
from motcua.notify.models import ApologyDraft, Outbox
from motcua.notify.services import draft_apologies, escalate_overdue, remind_due_soon

from .conftest import act, local


def _at_qldt(city, received):
    User.objects.filter(username="chuyenvien.qldt").update(email="chuyenvien.qldt@campha.vn")
    User.objects.filter(username="truongphong.qldt").update(email="truongphong.qldt@campha.vn")
    d = act(city, received, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 10, 30))
    return d, UnitHolding.objects.get(dossier=d, unit__code="CP-QLDT")


def test_reminder_to_the_assignee_within_two_working_hours_of_the_step_due(city, received):
    d, holding = _at_qldt(city, received)
    assert remind_due_soon(now=holding.started_at) == 0
    one_hour_before = holding.due_at - timedelta(hours=1)
    assert remind_due_soon(now=one_hour_before) == 1
    assert remind_due_soon(now=one_hour_before + timedelta(minutes=30)) == 0  # once per step and due
    (row,) = Outbox.objects.filter(kind="due_soon")
    assert (row.channel, row.to, row.subject) == ("email", "chuyenvien.qldt@campha.vn", f"Hồ sơ {d.code} sắp đến hạn xử lý")
    assert "đang ở Phòng Quản lý đô thị" in row.body


def test_reminder_counts_working_time_not_the_clock(city, received):
    _, holding = _at_qldt(city, received)
    # Four clock hours before a due instant in the first hour of a morning there is a night: fewer than
    # 2 working hours may separate them, or more; the rule follows the unit's calendar either way.
    now = holding.due_at - timedelta(hours=4)
    cal = deadlines.calendar_for(holding.unit)
    working = cal.working_seconds_between(deadlines.to_local(now), deadlines.to_local(holding.due_at))
    assert remind_due_soon(now=now) == (1 if working <= 2 * 3600 else 0)


def test_overdue_is_escalated_to_the_head_of_the_holding_unit_once(city, received):
    d, _ = _at_qldt(city, received)
    assert escalate_overdue(now=d.due_at - timedelta(minutes=1)) == 0
    assert escalate_overdue(now=d.due_at + timedelta(hours=1)) == 1
    assert escalate_overdue(now=d.due_at + timedelta(hours=2)) == 0
    (row,) = Outbox.objects.filter(kind="overdue")
    assert row.to == "truongphong.qldt@campha.vn"
    assert "đã quá hạn giải quyết từ 09:00 ngày 16/12/2024" in row.body
    assert "Chưa có phiếu xin lỗi" in row.body


def test_apology_draft_within_two_working_days_changes_nothing_else(city, received):
    d, _ = _at_qldt(city, received)
    version, status = d.version, d.status
    # Drafted a working day before the apology itself is due (1 working day before the due instant).
    assert draft_apologies(now=d.due_at - timedelta(days=4, hours=1)) == 0  # Thu 08:00: more than 2 days on
    assert draft_apologies(now=d.due_at - timedelta(days=4, minutes=-30)) == 1  # Thu 09:30
    assert draft_apologies(now=d.due_at - timedelta(hours=2)) == 0
    assert draft_apologies(now=d.due_at - timedelta(hours=1)) == 0
    draft = ApologyDraft.objects.get()
    assert draft.unit.code == "CP-QLDT" and draft.due_at == d.due_at
    assert f"vì hồ sơ {d.code}" in draft.text and "Nguyễn Thị Hằng Nga" in draft.text
    d.refresh_from_db()
    assert (d.version, d.status, d.new_appointment_at) == (version, status, None)
    assert d.events.filter(action="apologize").count() == 0
