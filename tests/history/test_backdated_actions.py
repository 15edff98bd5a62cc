"""`at` on actions and `received_at` at intake (api-contract): only accounts allowed to import history,
never before the dossier's last event nor in the future; such events are marked imported."""
import time_machine

from motcua.dossiers.models import Dossier, DossierEvent
from tests.dossiers.conftest import BUILDING_PERMIT, counts, local, receive, token_client

NOW = local(2024, 11, 29, 10, 0)


def _intake_body(**extra):
    return {"procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter", "applicant": {"name": "Lê Văn Cường"}, **extra}


def _action(client, code, **body):
    version = Dossier.objects.get(code=code).version
    return client.post(f"/api/v1/dossiers/{code}/actions", {"version": version, **body}, format="json")


def test_an_officer_sending_at_on_an_action_is_refused_with_403_and_nothing_changes(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = counts()
    with time_machine.travel(NOW, tick=False):
        r = _action(token_client(city, "tiepnhan.hcc"), d.code, action="transfer", at="2024-11-25T10:00:00+07:00")
    assert r.status_code == 403
    assert r.json()["detail"].startswith("Chỉ tài khoản được phép nhập dữ liệu lịch sử")
    assert counts() == before


def test_an_officer_sending_received_at_at_intake_is_refused_with_403(city):
    before = counts()
    with time_machine.travel(NOW, tick=False):
        r = token_client(city, "tiepnhan.hcc").post(
            "/api/v1/dossiers", _intake_body(received_at="2024-11-25T09:00:00+07:00"), format="json"
        )
    assert r.status_code == 403
    assert counts() == before


def test_the_admin_brings_in_a_past_intake_and_action_marked_imported(city):
    admin = token_client(city, "admin")
    with time_machine.travel(NOW, tick=False):
        r = admin.post("/api/v1/dossiers", _intake_body(received_at="2024-11-25T09:00:00+07:00"), format="json")
        assert r.status_code == 201, r.content
        code = r.json()["code"]
        assert code == "CP-HCC-241125-0001"
        assert r.json()["due_at"] == "2024-12-16T09:00:00+07:00"  # the engine's due instant from the past receipt
        r = _action(admin, code, action="transfer", at="2024-11-25T10:00:00+07:00")
    assert r.status_code == 200, r.content
    assert r.json()["unit"] == "CP-QLDT"
    events = list(DossierEvent.objects.filter(dossier__code=code).order_by("id"))
    assert [e.action for e in events] == ["receive", "transfer"]
    assert all(e.data["imported"] is True and e.data["by"] == "admin" for e in events)
    assert events[1].at == local(2024, 11, 25, 10, 0)


def test_at_earlier_than_the_last_event_is_refused_naming_the_field(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = counts()
    with time_machine.travel(NOW, tick=False):
        r = _action(token_client(city, "admin"), d.code, action="transfer", at="2024-11-25T08:59:00+07:00")
    assert r.status_code == 400
    body = r.json()
    assert "không được sớm hơn thao tác gần nhất" in body["detail"]
    assert body.get("field") == "at" or any(e.get("field") == "at" for e in body.get("errors", []))
    assert counts() == before


def test_at_in_the_future_is_refused(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = counts()
    with time_machine.travel(NOW, tick=False):
        r = _action(token_client(city, "admin"), d.code, action="transfer", at="2024-11-29T12:00:00+07:00")
    assert r.status_code == 400
    assert "tương lai" in r.json()["detail"]
    assert counts() == before


def test_without_at_the_admin_still_may_not_act_on_a_dossier(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    with time_machine.travel(NOW, tick=False):
        r = _action(token_client(city, "admin"), d.code, action="transfer")
    assert r.status_code == 403
