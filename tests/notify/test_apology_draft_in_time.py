"""Issue 8 item 13: the deadline watch drafts the apology (Mẫu 04) a working day before it is due (it is due
1 working day before the due instant, Decree 61/2018 art. 19(9)), with a reason and a proposed new
appointment; the officer's apologize form starts from that draft."""
from datetime import timedelta

from django.utils import timezone

from motcua.dossiers_web.forms import action_form
from motcua.notify.models import ApologyDraft, Outbox
from motcua.notify.services import draft_apologies

from .conftest import act, local


def _at_qldt(city, received):
    from motcua.units.models import Unit

    Unit.objects.filter(code="CP-QLDT").update(email="qldt@campha.vn")
    return act(city, received, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


def test_the_draft_comes_before_the_one_working_day_limit(city, received):
    d = _at_qldt(city, received)  # due Monday 16/12 09:00; the apology is due Friday 13/12 09:00
    assert draft_apologies(now=local(2024, 12, 12, 8, 59)) == 0  # more than 2 working days ahead
    assert draft_apologies(now=local(2024, 12, 12, 9, 0)) == 1  # Thursday: a working day before the limit
    draft = ApologyDraft.objects.get()
    assert draft.apology_due_at == local(2024, 12, 13, 9, 0) and draft.created_at < draft.apology_due_at
    assert draft.reason == "Phòng Quản lý đô thị chưa hoàn thành việc thẩm định, giải quyết hồ sơ."
    assert draft.new_appointment_at == local(2024, 12, 19, 9, 0)  # the due instant + 3 working days
    assert f"Lý do: {draft.reason}" in draft.text
    (mail,) = Outbox.objects.filter(kind="apology_draft")
    assert "chậm nhất lúc 09:00 ngày 13/12/2024" in mail.body
    d.refresh_from_db()
    assert d.new_appointment_at is None and not d.events.filter(action="apologize").exists()


def test_the_apologize_form_starts_from_the_draft(city, received):
    d = _at_qldt(city, received)
    draft_apologies(now=local(2024, 12, 12, 9, 0))
    draft = ApologyDraft.objects.get()
    form = action_form("apologize", d, city["truongphong.qldt"])
    assert form["note"].value() == draft.reason
    assert timezone.localtime(draft.new_appointment_at) == local(2024, 12, 19, 9, 0)
    assert 'value="2024-12-19T09:00"' in str(form["new_appointment_at"])  # the local wall clock
    assert "Lập chậm nhất lúc 09:00 13/12/2024" in form.fields["note"].help_text


def test_without_a_draft_the_form_is_empty(city, received):
    d = _at_qldt(city, received)
    form = action_form("apologize", d, city["truongphong.qldt"])
    assert form["note"].value() in (None, "") and form["new_appointment_at"].value() is None


def test_no_draft_once_the_appointment_was_moved(city, received):
    d = _at_qldt(city, received)
    act(city, d, "truongphong.qldt", "apologize", note="Cần xác minh",
        data={"new_appointment_at": (d.due_at + timedelta(days=3)).isoformat()}, at=local(2024, 12, 11, 9, 0))
    assert draft_apologies(now=local(2024, 12, 12, 9, 0)) == 0
