"""The one-stop desk takes in a result (`resolve`) only once the internal process has run to its last step,
or, for a procedure without steps, once its implementing unit has decided (issue 8, item 1)."""
import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import reception_desks_for
from motcua.common.errors import Conflict
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status

from .conftest import MARITAL, act, counts, local, receive, token_client

HOUSEHOLD_BUSINESS = "1.001612.000.00.00.H49"  # CP-HCC → CP-TCKH specialist → CP-TCKH head → CP-HCC


def _refused_to_resolve(users, d, username):
    d.refresh_from_db()
    assert "resolve" not in services.allowed_actions(users[username], d, at=local(2024, 11, 25, 11, 0))
    before = counts()
    with pytest.raises(Conflict, match="chưa được giải quyết xong theo quy trình nội bộ"):
        act(users, d, username, "resolve", at=local(2024, 11, 25, 11, 0))
    assert counts() == before
    assert Dossier.objects.get(pk=d.pk).status != Status.RESOLVED


def test_the_desk_cannot_resolve_a_household_business_right_after_receiving_it(city):
    d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC", at=local(2024, 11, 25, 9, 0))
    assert (d.status, d.current_unit.code) == ("received", "CP-HCC")
    _refused_to_resolve(city, d, "tiepnhan.hcc")


def test_no_procedure_of_the_demo_city_can_be_resolved_at_the_desk_right_after_receipt(city):
    desks = {"CP-HCC": "tiepnhan.hcc", "CP-CTR-MC": "tiepnhan.camtrung", "CP-MD-MC": "tiepnhan.mongduong"}
    tried = 0
    for procedure in Procedure.objects.filter(is_active=True).select_related("current_version"):
        unit = next((u for u in reception_desks_for(procedure.current_version) if u.code in desks), None)
        if unit is None:
            continue
        d = receive(city, desks[unit.code], procedure.code, unit.code, at=local(2024, 11, 25, 9, 0))
        user = city[desks[unit.code]]
        assert "resolve" not in services.allowed_actions(user, d, at=local(2024, 11, 25, 10, 0)), procedure.code
        with pytest.raises(Conflict):
            act(city, d, desks[unit.code], "resolve", at=local(2024, 11, 25, 10, 0))
        tried += 1
    assert tried >= 10  # the whole catalog of the demo city, not one procedure


def test_the_result_reaches_the_desk_after_the_department_and_its_head(city):
    d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 9, 30))
    assert d.current_unit.code == "CP-TCKH"
    d = act(city, d, "chuyenvien.tckh", "transfer", note="Đủ điều kiện", at=local(2024, 11, 25, 10, 0))
    assert d.current_step.order == 3 and d.process_completed_at is None
    d = act(city, d, "truongphong.tckh", "approve", at=local(2024, 11, 25, 10, 30))
    assert (d.current_unit.code, d.current_step.order, d.process_completed_at) == ("CP-HCC", 4, local(2024, 11, 25, 10, 30))
    assert "resolve" in services.allowed_actions(city["tiepnhan.hcc"], d, at=local(2024, 11, 25, 11, 0))
    d = act(city, d, "tiepnhan.hcc", "resolve", data={"result_number": "27.8.001234"}, at=local(2024, 11, 25, 11, 0))
    assert d.status == Status.RESOLVED


def test_a_department_sending_the_dossier_straight_to_the_desk_does_not_skip_its_head(city):
    d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 9, 30))
    d = act(city, d, "chuyenvien.tckh", "transfer", to_unit="CP-HCC", at=local(2024, 11, 25, 10, 0))
    assert d.current_unit.code == "CP-HCC"  # back at the desk, on the desk's last step…
    _refused_to_resolve(city, d, "tiepnhan.hcc")  # …but the head never signed


def test_without_steps_only_the_implementing_units_approval_brings_the_result_back(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    _refused_to_resolve(city, d, "tiepnhan.camtrung")
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    d = act(city, d, "chuyenvien.camtrung", "transfer", to_unit="CP-CTR-MC", at=local(2024, 11, 25, 10, 0))
    _refused_to_resolve(city, d, "tiepnhan.camtrung")  # a specialist handing it back is no decision
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 15))
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 10, 30))
    assert d.current_unit.code == "CP-CTR-MC" and d.process_completed_at == local(2024, 11, 25, 10, 30)
    d = act(city, d, "tiepnhan.camtrung", "resolve", data={"result_number": "05/XNHN"}, at=local(2024, 11, 25, 11, 0))
    assert d.status == Status.RESOLVED


def test_sent_out_again_the_dossier_must_come_back_through_the_process(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 30))  # out again
    assert d.process_completed_at is None


def test_the_api_refuses_the_desks_resolve_before_the_process_with_409(city):
    d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC", at=local(2024, 11, 25, 9, 0))
    client = token_client(city, "tiepnhan.hcc")
    detail = client.get(f"/api/v1/dossiers/{d.code}").json()
    assert "resolve" not in detail["allowed_actions"] and "transfer" in detail["allowed_actions"]
    r = client.post(
        f"/api/v1/dossiers/{d.code}/actions",
        {"action": "resolve", "version": detail["version"], "data": {"result_number": "1/GCN"}}, format="json",
    )
    assert r.status_code == 409 and r["Content-Type"] == "application/problem+json"
    assert "quy trình nội bộ" in r.json()["detail"]
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
