"""A dissolved unit hands its open dossiers to its successor (issue 12 item 3; Resolution 1679/NQ-UBTVQH15:
phường Cẩm Trung ends on 30 June 2025, phường Cẩm Phả takes over on 1 July): status, code, due instant and
history intact, the old unit's holding closed and the successor's opened with the same due instant; closed
dossiers untouched; bad input changes nothing."""
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import Role
from motcua.common.errors import ValidationFailed
from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import DossierEvent, Status, UnitHolding
from motcua.dossiers.services import allowed_actions
from motcua.units.models import Unit, UnitKind
from motcua.units.services import dissolve_into, save_unit
from tests.factories import UserFactory

from .conftest import BIRTH, MARITAL, act, counts, local, receive

CHANGE = date(2025, 7, 1)


@pytest.fixture
def new_ward(city):
    """Phường Cẩm Phả (from 1 July 2025) under the province, with its own service center and officer."""
    ward = save_unit(Unit(code="CPH", name="Phường Cẩm Phả", kind=UnitKind.WARD,
                          parent=Unit.objects.get(code="QN"), valid_from=CHANGE))
    center = save_unit(Unit(code="CPH-TT", name="Trung tâm phục vụ hành chính công phường Cẩm Phả",
                            kind=UnitKind.ADMIN_CENTER, parent=ward, valid_from=CHANGE))
    city["tiepnhan.camphamoi"] = UserFactory(username="tiepnhan.camphamoi", role=Role.COUNTER_OFFICER, unit=center)
    city["quantri"] = UserFactory(username="quantri", role=Role.ADMIN, is_superuser=True, is_staff=True)
    return ward


@pytest.fixture
def dossiers(city, new_ward):
    """Before the change, at phường Cẩm Trung: one at the desk, one at the ward, one already returned."""
    at_desk = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    at_ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 27, 9, 0))
    at_ward = act(city, at_ward, "tiepnhan.camtrung", "transfer", at=local(2025, 6, 27, 10, 0))
    returned = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2025, 6, 30, 8, 0))
    returned.status = Status.RETURNED  # a closed dossier (its own life is tested elsewhere)
    returned.save(update_fields=["status"])
    return {"desk": at_desk, "ward": at_ward, "returned": returned}


def dissolve(city, new_ward, on=CHANGE, at=None):
    return dissolve_into(Unit.objects.get(code="CP-CTR"), new_ward, on, actor=city["quantri"],
                         at=at or local(2025, 7, 1, 7, 0))


def test_the_ward_and_its_desk_end_the_day_before_with_their_successors(city, new_ward, dossiers):
    result = dissolve(city, new_ward)
    ward, desk = Unit.objects.get(code="CP-CTR"), Unit.objects.get(code="CP-CTR-MC")
    assert (ward.valid_to, ward.successor.code) == (date(2025, 6, 30), "CPH")
    # The desk's successor is the new ward's own service center, whose officers receive and return.
    assert (desk.valid_to, desk.successor.code) == (date(2025, 6, 30), "CPH-TT")
    assert result == {"units": Unit.objects.filter(path__startswith=ward.path).count(), "dossiers": 2}


def test_an_open_dossier_crosses_the_change_with_its_code_due_instant_and_history(city, new_ward, dossiers):
    d = dossiers["ward"]
    d.refresh_from_db()
    before_events = list(d.events.values_list("id", "action", "hash"))
    code, due, status, ledger = d.code, d.due_at, d.status, d.deadline_ledger
    dissolve(city, new_ward)
    d.refresh_from_db()
    assert (d.code, d.due_at, d.status, d.deadline_ledger) == (code, due, status, ledger)
    assert d.current_unit.code == "CPH" and d.reception_unit.code == "CP-CTR-MC"
    events = list(d.events.order_by("id"))
    assert [(e.id, e.action, e.hash) for e in events[:-1]] == before_events
    last = events[-1]
    assert (last.action, last.from_unit.code, last.to_unit.code, last.from_status, last.to_status) == (
        "hand_to_successor", "CP-CTR", "CPH", status, status
    )
    assert last.at == local(2025, 7, 1, 7, 0) and last.actor.username == "quantri"
    assert verify_chain().ok


def test_the_old_holding_ends_at_the_change_and_the_successor_keeps_its_due_instant(city, new_ward, dossiers):
    d = dossiers["ward"]
    old = UnitHolding.objects.get(dossier=d, ended_at__isnull=True)
    dissolve(city, new_ward)
    old.refresh_from_db()
    new = UnitHolding.objects.get(dossier=d, ended_at__isnull=True)
    assert old.ended_at == local(2025, 7, 1, 7, 0) and old.unit.code == "CP-CTR"
    assert (new.unit.code, new.started_at, new.due_at, new.budget_minutes) == (
        "CPH", local(2025, 7, 1, 7, 0), old.due_at, old.budget_minutes
    )


def test_the_successors_desk_carries_on_a_dossier_received_by_the_old_desk(city, new_ward, dossiers):
    dissolve(city, new_ward)
    d = dossiers["desk"]
    d.refresh_from_db()
    assert d.current_unit.code == "CPH-TT"
    officer = city["tiepnhan.camphamoi"]
    assert "transfer" in allowed_actions(officer, d, at=local(2025, 7, 1, 8, 0))
    assert "hand_to_successor" not in allowed_actions(city["quantri"], d)  # never offered as a button
    d = act(city, d, "tiepnhan.camphamoi", "transfer", at=local(2025, 7, 1, 8, 0))
    # The dossier goes to the ward that exists now (the old ward's successor), never to the dissolved one.
    assert (d.status, d.current_unit.code) == (Status.IN_PROGRESS, "CPH")


def test_the_result_comes_back_to_the_successors_desk_which_returns_it(city, new_ward, dossiers):
    dissolve(city, new_ward)
    city["lanhdao.camphamoi"] = UserFactory(username="lanhdao.camphamoi", role=Role.LEADER, unit=new_ward)
    d = dossiers["ward"]  # at the old ward when it ended: now at phường Cẩm Phả
    d = act(city, d, "lanhdao.camphamoi", "approve", at=local(2025, 7, 1, 9, 0))
    assert d.current_unit.code == "CPH-TT" and d.process_completed_at is not None
    d = act(city, d, "tiepnhan.camphamoi", "resolve", at=local(2025, 7, 1, 10, 0))
    d = act(city, d, "tiepnhan.camphamoi", "return_result", at=local(2025, 7, 1, 11, 0))
    assert d.status == Status.RETURNED
    assert d.reception_unit.code == "CP-CTR-MC" and d.code.startswith("CP-CTR-MC-250627")  # its past kept


def test_a_draft_made_at_a_dissolved_desk_cannot_be_submitted(city, new_ward):
    from motcua.dossiers.services import create_draft, transition

    citizen = UserFactory(username="congdan.moi", role=Role.CITIZEN)
    draft = create_draft(actor=citizen, procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant={"name": "Lê Văn An"})
    ward = Unit.objects.get(code="CP-CTR")
    dissolve_into(ward, new_ward, CHANGE, actor=city["quantri"], at=local(2025, 7, 1, 7, 0))
    draft.refresh_from_db()
    assert draft.current_unit.code == "CP-CTR-MC"  # a draft is the citizen's own: not handed over
    with pytest.raises(ValidationFailed, match="hồ sơ nộp tại Trung tâm phục vụ hành chính công phường Cẩm Phả"):
        transition(draft, "submit", actor=citizen, expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_closed_dossiers_are_untouched(city, new_ward, dossiers):
    returned = dossiers["returned"]
    returned.refresh_from_db()
    version, events = returned.version, returned.events.count()
    dissolve(city, new_ward)
    returned.refresh_from_db()
    assert (returned.version, returned.events.count(), returned.current_unit.code) == (version, events, "CP-CTR-MC")


def _state():
    return (counts(), list(Unit.objects.order_by("pk").values_list("code", "valid_to", "successor_id")))


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("successor_not_in_force", "không hoạt động ngày 30/06/2025"),
        ("before_the_unit_starts", "chỉ có hiệu lực từ ngày 01/01/2020"),
        ("successor_inside", "không được là chính đơn vị đó hay đơn vị cấp dưới"),
        ("handed_over_ahead_of_the_day", "Chỉ bàn giao hồ sơ từ ngày 01/07/2025"),
    ],
)
def test_bad_input_changes_nothing(city, new_ward, dossiers, case, message):
    ward = Unit.objects.get(code="CP-CTR")
    if case == "before_the_unit_starts":
        ward.valid_from = date(2020, 1, 1)
        save_unit(ward)
    before = _state()
    kwargs = {
        "successor_not_in_force": {"successor": new_ward, "on": date(2025, 6, 30)},
        "before_the_unit_starts": {"successor": Unit.objects.get(code="QN"), "on": date(2020, 1, 1)},
        "successor_inside": {"successor": Unit.objects.get(code="CP-CTR-MC"), "on": CHANGE},
        "handed_over_ahead_of_the_day": {"successor": new_ward, "on": CHANGE, "at": local(2025, 6, 30, 16, 0)},
    }[case]
    with pytest.raises(ValidationFailed) as exc:
        dissolve_into(ward, kwargs["successor"], kwargs["on"], actor=city["quantri"],
                      at=kwargs.get("at") or local(2025, 7, 1, 7, 0))
    assert message in exc.value.detail
    assert _state() == before


def test_the_command_hands_over_and_says_what_it_did(city, new_ward, dossiers, time_machine):
    time_machine.move_to(local(2025, 7, 1, 7, 30))
    out = StringIO()
    call_command("dissolve_unit", "CP-CTR", "--into", "CPH", "--on", "2025-07-01", "--as", "quantri", stdout=out)
    assert "bàn giao 2 hồ sơ cho Phường Cẩm Phả" in out.getvalue()
    assert DossierEvent.objects.filter(action="hand_to_successor").count() == 2


def test_the_command_refuses_an_unknown_successor_and_changes_nothing(city, new_ward, dossiers):
    before = _state()
    with pytest.raises(CommandError, match="Không có đơn vị kế thừa XX"):
        call_command("dissolve_unit", "CP-CTR", "--into", "XX", "--on", "2025-07-01", "--as", "quantri")
    assert _state() == before


def test_the_api_does_not_accept_the_hand_over_from_a_caller(city, new_ward, dossiers):
    from .conftest import token_client

    d = dossiers["desk"]
    d.refresh_from_db()
    response = token_client(city, "admin").post(
        f"/api/v1/dossiers/{d.code}/actions", {"action": "hand_to_successor", "version": d.version, "to_unit": "CPH-TT"},
        format="json",
    )
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.current_unit.code == "CP-CTR-MC"


def test_a_refusal_waiting_at_a_dissolved_desk_is_handed_to_the_applicant_by_the_successors_desk(city, new_ward):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 27, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2025, 6, 27, 10, 0))
    d = act(city, d, "lanhdao.camtrung", "refuse", note="Không đủ điều kiện", at=local(2025, 6, 30, 9, 0))
    assert d.status == Status.REFUSED and d.returned_at is None
    dissolve(city, new_ward)
    d.refresh_from_db()
    assert d.current_unit.code == "CP-CTR-MC"  # final: not handed over
    d = act(city, d, "tiepnhan.camphamoi", "return_result", at=local(2025, 7, 1, 9, 0))
    assert d.returned_at == local(2025, 7, 1, 9, 0)


def test_the_control_sheet_shows_the_hand_over_to_the_successor(city, new_ward, dossiers):
    from motcua.forms.selectors import control_sheet_rows

    dissolve(city, new_ward)
    row = control_sheet_rows(dossiers["ward"])[-1]
    assert (row.giver_unit, row.receiver_unit, row.at) == ("Phường Cẩm Trung", "Phường Cẩm Phả", local(2025, 7, 1, 7, 0))
    # Judged, as every move, against the old unit's own share of the time: this procedure has no internal
    # process, so the ward had no share of its own and the row is not judged.
    assert UnitHolding.objects.get(dossier=dossiers["ward"], unit__code="CP-CTR").due_at is None
    assert row.timeliness == ""


def test_an_opinion_awaited_from_a_dissolved_unit_is_asked_of_its_successor(city, new_ward):
    from motcua.dossiers.models import Opinion

    d = receive(city, at=local(2025, 6, 27, 9, 0))  # a building permit at the city's center, Friday
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2025, 6, 27, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "consult", note="Xin ý kiến của phường về hiện trạng",
            data={"units": ["CP-CTR", "CP-TCKH"], "due_days": 5}, at=local(2025, 6, 27, 14, 0))
    asked = {o.unit.code: o.due_at for o in Opinion.objects.filter(dossier=d).select_related("unit")}
    before = d.current_unit.code
    result = dissolve(city, new_ward)
    assert result["dossiers"] == 1
    d.refresh_from_db()
    opinions = {o.unit.code: o.due_at for o in Opinion.objects.filter(dossier=d).select_related("unit")}
    # The ward that ended is replaced by its successor, with the same due instant; the other is untouched.
    assert opinions == {"CPH": asked["CP-CTR"], "CP-TCKH": asked["CP-TCKH"]}
    assert (d.current_unit.code, d.status) == (before, Status.CONSULTING)  # the dossier itself stays put
    event = DossierEvent.objects.filter(dossier=d).latest("id")
    assert event.action == "hand_to_successor"
    assert event.data["opinions"] == [{"from_unit": "CP-CTR", "to_unit": "CPH"}]
    assert verify_chain().ok
