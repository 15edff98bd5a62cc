"""Where a dossier may be sent: the transfer box offers the process's next units, the procedure's liên
thông units and, inside the unit, its head and leaders; the consult box the procedure's units first, then
grouped offices — never the 58 units in code order. The service accepts nothing else (issue 8 item 6)."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.dossiers import services
from motcua.units.models import Unit

from .conftest import (
    BIRTH,
    BUILDING_PERMIT,
    MARITAL,
    SOCIAL_ALLOWANCE,
    act,
    counts,
    local,
    receive,
    token_client,
)


def codes(groups):
    return [(label, [u.code for u in units]) for label, units in groups]


def at_ward(city, procedure):
    d = receive(city, "tiepnhan.camtrung", procedure, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    return act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))


def refused(city, d, username, action, message, **kw):
    before = counts()
    with pytest.raises(ValidationFailed) as caught:
        act(city, d, username, action, **kw)
    assert message in caught.value.detail
    assert counts() == before


def test_the_desk_is_offered_the_permits_process_units_not_the_whole_tree(city):
    d = receive(city, procedure=BUILDING_PERMIT, at=local(2024, 11, 25, 9, 0))
    assert codes(services.transfer_units(d)) == [("Theo quy trình", ["CP-QLDT", "CP"])]
    assert Unit.objects.count() == 58
    refused(city, d, "tiepnhan.hcc", "transfer", "không thuộc quy trình hay liên thông", to_unit="CP-TCKH")
    d = act(city, d, "tiepnhan.hcc", "transfer", to_unit="CP-QLDT", at=local(2024, 11, 25, 10, 0))
    assert d.current_unit.code == "CP-QLDT"


def test_the_last_unit_is_offered_the_one_stop_desk(city):
    d = receive(city, procedure=BUILDING_PERMIT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", to_unit="CP", at=local(2024, 11, 25, 10, 0))
    assert codes(services.transfer_units(d)) == [
        ("Theo quy trình", ["CP-HCC"]), ("Đơn vị liên thông, đơn vị giải quyết", ["CP-QLDT"]),
    ]


def test_a_lien_thong_dossier_offers_its_units_in_process_order(city):
    d = at_ward(city, SOCIAL_ALLOWANCE)
    assert d.current_unit.code == "CP-CTR"
    assert codes(services.transfer_units(d)) == [("Theo quy trình", ["CP-LDTBXH", "CP"])]


@pytest.mark.parametrize("procedure", [BIRTH, MARITAL])
def test_the_ward_specialist_passes_the_dossier_to_the_ward_leader(city, procedure):
    d = at_ward(city, procedure)
    specialist, leader = city["chuyenvien.camtrung"], city["lanhdao.camtrung"]
    assert list(services.transfer_users(d, specialist)) == [leader]
    d = act(city, d, "chuyenvien.camtrung", "transfer", to_user="lanhdao.camtrung", at=local(2024, 11, 25, 10, 0))
    assert (d.current_unit.code, d.assignee, d.status) == ("CP-CTR", leader, "in_progress")
    event = d.events.last()
    assert (event.action, event.to_user_id) == ("transfer", leader.pk)
    assert "transfer" in services.allowed_actions(leader, d)
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 11, 0))
    assert d.current_unit.code == "CP-CTR-MC"  # signed: the result goes to the ward's desk


def test_handed_to_the_ward_leader_the_lien_thong_dossier_stays_on_its_step(city):
    d = at_ward(city, SOCIAL_ALLOWANCE)
    step = d.current_step
    d = act(city, d, "chuyenvien.camtrung", "transfer", to_user="lanhdao.camtrung", at=local(2024, 11, 25, 10, 0))
    assert (d.current_unit.code, d.current_step, d.assignee.username) == ("CP-CTR", step, "lanhdao.camtrung")
    d = act(city, d, "lanhdao.camtrung", "transfer", at=local(2024, 11, 25, 11, 0))
    assert d.current_unit.code == "CP-LDTBXH"


def test_a_person_not_offered_is_refused(city):
    d = at_ward(city, BIRTH)
    refused(city, d, "chuyenvien.camtrung", "transfer", "chỉ chuyển được cho trưởng phòng hoặc lãnh đạo",
            to_user="truongphong.qldt")
    refused(city, d, "chuyenvien.camtrung", "transfer", "chỉ chuyển được cho trưởng phòng hoặc lãnh đạo",
            to_user="chuyenvien.camtrung")  # oneself
    refused(city, d, "chuyenvien.camtrung", "transfer", "không chọn cả hai",
            to_user="lanhdao.camtrung", to_unit="CP-CTR-MC")


def test_the_api_answers_400_problem_for_targets_not_offered(city):
    d = receive(city, procedure=BUILDING_PERMIT, at=local(2024, 11, 25, 9, 0))
    client = token_client(city, "tiepnhan.hcc")
    for extra in ({"to_unit": "CP-TCKH"}, {"to_user": "lanhdao.camtrung"}):
        r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "transfer", "version": d.version, **extra},
                        format="json")
        assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
        assert r.json()["detail"].startswith("Không thể chuyển hồ sơ")


def test_consult_offers_the_procedures_units_first_then_grouped_offices(city):
    d = receive(city, procedure=BUILDING_PERMIT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    groups = codes(services.consult_units(d))
    labels = [label for label, _ in groups]
    assert labels == ["Đơn vị liên thông, phối hợp theo thủ tục", "Phòng, ban, cơ quan cùng cấp", "Cơ quan chuyên môn cấp trên", "UBND phường, xã"]
    assert groups[0][1] == ["CP"]
    offered = [code for _, units in groups for code in units]
    assert "CP-QLDT" not in offered and "CP-TCKH" in offered and "QN-SXD" in offered and "CP-CTR" in offered
    assert not any(code.endswith("-MC") or code.endswith("-HCC") for code in offered)  # no desks
    refused(city, d, "chuyenvien.qldt", "consult", "Không lấy ý kiến được của", data={"units": ["CP-CTR-MC"]})


def test_a_ward_consults_the_lien_thong_units_first(city):
    d = at_ward(city, SOCIAL_ALLOWANCE)
    groups = codes(services.consult_units(d))
    assert groups[0] == ("Đơn vị liên thông, phối hợp theo thủ tục", ["CP-LDTBXH", "CP"])
    assert groups[1][0] == "Cơ quan chuyên môn cấp trên" and "CP-TP" in groups[1][1]
