"""Issue 8 item 12: a supplement during processing restarts the time limit from zero once the complete
dossier is back (Decree 61/2018, art. 19(4)), unless the procedure's rule says pause; the request goes
out within 3 working days of the unit receiving the dossier (a warning past it, not a refusal)."""
from motcua.catalog.models import PausePolicy, Procedure
from motcua.dossiers import deadlines
from motcua.dossiers.models import UnitHolding

from .conftest import BUILDING_PERMIT, act, local, receive


def _at_qldt(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))  # Monday; 15 working days → 16/12 09:00
    assert d.due_at == local(2024, 12, 16, 9, 0)
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


def _supplement(city, d, asked=(2024, 11, 26, 9, 0), back=(2024, 11, 28, 9, 0)):
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ mặt bằng", at=local(*asked))
    return act(city, d, "tiepnhan.hcc", "supplement", at=local(*back))


def _set_policy(policy):
    version = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    version.pause_policy = policy
    version.save(update_fields=["pause_policy"])


def test_new_procedure_versions_restart_by_default():
    from motcua.catalog.models import ProcedureVersion

    assert ProcedureVersion._meta.get_field("pause_policy").default == PausePolicy.RESTART


def test_the_time_limit_restarts_from_zero_when_the_complete_dossier_is_back(city):
    d = _supplement(city, _at_qldt(city))
    # 15 working days again from Thursday 28/11 09:00, not the 13 left when the clock stopped
    assert d.due_at == local(2024, 12, 19, 9, 0)
    assert d.deadline_ledger[-1]["kind"] == "restart" and d.deadline_ledger[-1]["rule"] == "restart"
    assert d.events.get(action="supplement").data["rule"] == "restart"
    text = " ".join(deadlines.explain_clock(d))
    assert "được tính lại từ đầu" in text and "Điều 19 khoản 4" in text
    assert "Hạn giải quyết: 09:00 thứ năm 19/12/2024." in text


def test_the_unit_holding_the_dossier_gets_its_whole_share_again(city):
    d = _at_qldt(city)
    holding = UnitHolding.objects.get(dossier=d, unit__code="CP-QLDT")
    share = holding.budget_minutes * 60
    d = _supplement(city, d)
    holding.refresh_from_db()
    assert holding.due_at == deadlines.add_working_seconds(holding.unit, local(2024, 11, 28, 9, 0), share)


def test_a_procedure_whose_rule_says_pause_continues_with_the_time_left(city):
    _set_policy(PausePolicy.CONTINUE)
    d = _supplement(city, _at_qldt(city))
    assert d.due_at == local(2024, 12, 18, 9, 0)  # moved by the 2 working days paused
    assert d.deadline_ledger[-1]["kind"] == "resume" and d.deadline_ledger[-1]["rule"] == "continue"
    text = " ".join(deadlines.explain_clock(d))
    assert "tiếp tục thời gian còn lại" in text and "đã tạm dừng 16 giờ làm việc" in text
    assert "tính lại từ đầu" not in text


def test_a_pause_outside_working_hours_moves_no_due_instant(city):
    _set_policy(PausePolicy.CONTINUE)
    d = _at_qldt(city)
    holding = UnitHolding.objects.get(dossier=d, unit__code="CP-QLDT")
    before = (d.due_at, holding.due_at)
    d = _supplement(city, d, asked=(2024, 11, 26, 18, 0), back=(2024, 11, 26, 20, 0))
    holding.refresh_from_db()
    assert (d.due_at, holding.due_at) == before


def test_the_supplement_request_is_due_3_working_days_after_the_unit_received_the_dossier(city):
    d = _at_qldt(city)
    assert deadlines.supplement_request_due(d) == local(2024, 11, 28, 10, 0)  # QLDT took it Monday 10:00


def test_a_request_within_3_working_days_carries_no_warning(city):
    d = _at_qldt(city)
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 28, 10, 0))
    data = d.events.get(action="request_supplement").data
    assert "late_request" not in data and "warning" not in data
    assert deadlines.supplement_request_due(d) is None  # asked: the limit no longer applies


def test_a_late_request_goes_out_with_a_warning_recorded(city):
    d = _at_qldt(city)
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 28, 10, 1))
    assert d.status == "awaiting_supplement"  # a warning, not a refusal
    data = d.events.get(action="request_supplement").data
    assert data["late_request"] is True
    assert data["warning"] == (
        "Yêu cầu bổ sung sau thời hạn 3 ngày làm việc kể từ khi đơn vị nhận hồ sơ "
        "(hạn 10:00 28/11/2024; Nghị định 61/2018, Điều 19 khoản 4)."
    )
