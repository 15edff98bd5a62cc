"""Whole journeys through the API (and `at=` through the services where time must pass)."""
import time_machine

from motcua.dossiers.models import Dossier, UnitHolding

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


def _do(users, code, username, action, **body):
    client = token_client(users, username)
    version = client.get(f"/api/v1/dossiers/{code}").json()["version"]
    r = client.post(f"/api/v1/dossiers/{code}/actions", {"action": action, "version": version, **body}, format="json")
    assert r.status_code == 200, r.content
    return r.json()


def test_building_permit_at_the_city_center(city):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        r = token_client(city, "tiepnhan.hcc").post(
            "/api/v1/dossiers",
            {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": {"name": "Lê Văn Cường"}},
            format="json",
        )
        assert r.status_code == 201, r.content
        code = r.json()["code"]
        assert code == "CP-HCC-241125-0001"
        assert r.json()["due_at"] == "2024-12-16T09:00:00+07:00"
        assert _do(city, code, "tiepnhan.hcc", "transfer")["unit"] == "CP-QLDT"
        assert _do(city, code, "truongphong.qldt", "assign", to_user="chuyenvien.qldt")["assignee"] == "chuyenvien.qldt"
        after = _do(city, code, "chuyenvien.qldt", "transfer", note="Đủ điều kiện cấp phép")
        assert after["current_step"]["role"] == "department_head"
        assert _do(city, code, "truongphong.qldt", "approve")["unit"] == "CP"
        assert _do(city, code, "lanhdao.cp", "approve")["unit"] == "CP-HCC"
        resolved = _do(city, code, "tiepnhan.hcc", "resolve", data={"result_number": "25/GPXD"})
        assert resolved["status"] == "resolved" and resolved["timeliness"] == "early"
        final = _do(city, code, "tiepnhan.hcc", "return_result", data={"method": "counter"})
    assert final["status"] == "returned"
    assert [h["action"] for h in final["history"]] == [
        "receive", "transfer", "assign", "transfer", "approve", "approve", "resolve", "return_result"
    ]
    assert [u["unit"] for u in final["deadlines"]["units"]] == ["CP-HCC", "CP-QLDT", "CP", "CP-HCC"]
    assert len(final["deadlines"]["steps"]) == 5


def test_ward_procedure_at_cam_trung_same_day(city):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        r = token_client(city, "tiepnhan.camtrung").post(
            "/api/v1/dossiers",
            {"procedure": BIRTH, "unit": "CP-CTR-MC", "channel": "counter", "applicant": {"name": "Phạm Thị Dung"}},
            format="json",
        )
        code = r.json()["code"]
        assert code == "CP-CTR-MC-241125-0001" and r.json()["due_at"] == "2024-11-25T17:00:00+07:00"
        assert _do(city, code, "tiepnhan.camtrung", "transfer")["unit"] == "CP-CTR"
        assert _do(city, code, "chuyenvien.camtrung", "transfer")["current_step"]["role"] == "leader"
        assert _do(city, code, "lanhdao.camtrung", "approve")["unit"] == "CP-CTR-MC"
        assert _do(city, code, "tiepnhan.camtrung", "resolve", data={"result_number": "12/KS"})["timeliness"] == "on_time"


def test_lien_thong_ward_to_city_attributes_time_per_unit(city):
    d = receive(city, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 0))
    assert d.current_unit.code == "CP-CTR"
    d = act(city, d, "chuyenvien.camtrung", "transfer", at=local(2024, 11, 27, 9, 0))  # well within its share
    assert d.current_unit.code == "CP-LDTBXH" and d.code.startswith("CP-CTR-MC-")  # one code throughout
    d = act(city, d, "chuyenvien.ldtbxh", "transfer", at=local(2024, 12, 20, 9, 0))  # far beyond 0.41 × 17 days
    d = act(city, d, "lanhdao.cp", "approve", at=local(2024, 12, 23, 9, 0))
    holdings = {h.unit.code: h for h in UnitHolding.objects.filter(dossier=d).select_related("unit")}
    assert not holdings["CP-CTR"].is_late
    assert holdings["CP-LDTBXH"].is_late
    assert abs(holdings["CP-LDTBXH"].budget_minutes - 17 * 8 * 60 * 0.41) <= 1
    assert d.current_unit.code == "CP-CTR-MC"


def test_supplement_during_processing_restarts_the_time_limit(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    assert d.due_at == local(2024, 12, 16, 9, 0)
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ mặt bằng", at=local(2024, 11, 26, 9, 0))
    assert d.status == "awaiting_supplement" and d.supplement_count == 1
    d = act(city, d, "tiepnhan.hcc", "supplement", at=local(2024, 11, 28, 9, 0))
    assert d.status == "in_progress"
    assert d.due_at == local(2024, 12, 19, 9, 0)  # 15 working days again (Decree 61/2018, art. 19(4))


def test_late_dossier_with_apology_stays_late(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    assert d.due_at == local(2024, 11, 28, 9, 0)
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(
        city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
        data={"new_appointment_at": "2024-12-02T17:00:00+07:00"}, at=local(2024, 11, 27, 16, 0),
    )
    assert d.new_appointment_at == local(2024, 12, 2, 17, 0) and d.due_at == local(2024, 11, 28, 9, 0)
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 29, 10, 0))
    d = act(city, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 29, 14, 0))
    assert d.timeliness == "late"


def test_idempotent_intake_returns_the_same_dossier(city):
    client = token_client(city, "tiepnhan.hcc")
    body = {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": {"name": "Đỗ Văn Em"}}
    first = client.post("/api/v1/dossiers", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/dossiers", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    before = counts()
    other = client.post(
        "/api/v1/dossiers", {**body, "applicant": {"name": "Người khác"}}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 409 and other["Content-Type"] == "application/problem+json"
    assert counts() == before
    assert Dossier.objects.count() == 1


def test_bad_input_is_a_problem_and_writes_nothing(city):
    client = token_client(city, "tiepnhan.hcc")
    before = counts()
    for body in (
        {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "fax", "applicant": {"name": "A"}},
        {"procedure": "no-such", "unit": "CP-HCC", "channel": "counter", "applicant": {"name": "A"}},
        {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": {}},
        {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": {"name": "A"}, "checklist": {}},
    ):
        r = client.post("/api/v1/dossiers", body, format="json")
        assert r.status_code in (400, 422) and r["Content-Type"] == "application/problem+json", r.content
    incomplete = client.post("/api/v1/dossiers", body, format="json")
    assert incomplete.status_code == 422 and incomplete.json()["errors"]
    d = receive(city)
    before = counts()
    for body in ({"action": "fly", "version": d.version}, {"action": "transfer"}, {"action": "transfer", "version": d.version, "to_unit": "NOPE"}):
        r = client.post(f"/api/v1/dossiers/{d.code}/actions", body, format="json")
        assert r.status_code == 400 and r["Content-Type"] == "application/problem+json", r.content
    assert counts() == before


def test_an_online_submission_is_received_through_the_api_by_its_id(city):
    citizen = token_client(city, "congdan.demo")
    body = {"procedure": MARITAL, "unit": "CP-CTR-MC", "channel": "online", "applicant": {"name": "Trần Thị Bình"}}
    created = citizen.post("/api/v1/dossiers", body, format="json").json()
    assert (created["code"], created["status"]) == (None, "submitted")
    ref = created["id"]
    desk = token_client(city, "tiepnhan.camtrung")
    assert desk.get(f"/api/v1/dossiers/{ref}").json()["allowed_actions"][:1] == ["receive"]
    assert token_client(city, "tiepnhan.hcc").get(f"/api/v1/dossiers/{ref}").status_code == 404  # not their desk
    r = desk.post(f"/api/v1/dossiers/{ref}/actions", {"action": "receive", "version": created["version"]}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "received"
    assert r.json()["code"].startswith("CP-CTR-MC-")
