"""The queue API as the contract fixes it: POST /queue/tickets, GET /queue/counters?unit=,
POST /queue/counters/{id}/call; errors are Vietnamese problem+json and change nothing."""
from motcua.frontdesk import services
from motcua.frontdesk.models import Ticket, TicketStatus

from .conftest import CENTER, WARD_DESK, counter

PROBLEM = "application/problem+json"


def test_a_kiosk_takes_the_next_ticket_without_an_account(api, city):
    first = api.post("/api/v1/queue/tickets", {"unit": CENTER, "service_group": "B"}, format="json")
    second = api.post("/api/v1/queue/tickets", {"unit": CENTER}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert {k: body[k] for k in ("number", "label", "unit", "service_group", "status")} == {
        "number": 1, "label": "B001", "unit": CENTER, "service_group": "B", "status": "waiting"
    }
    assert body["issued_at"].endswith("+07:00")
    assert (second.json()["number"], second.json()["service_group"]) == (1, "A")


def test_an_unknown_point_is_404_problem_json(api, city):
    r = api.post("/api/v1/queue/tickets", {"unit": "KHONG-CO"}, format="json")
    assert (r.status_code, r["Content-Type"]) == (404, PROBLEM)
    assert r.json()["detail"] == "Không có điểm tiếp nhận mã “KHONG-CO”."
    assert not Ticket.objects.exists()


def test_missing_unit_and_unknown_group_are_400(api, city):
    r = api.post("/api/v1/queue/tickets", {}, format="json")
    assert (r.status_code, r["Content-Type"], r.json()["errors"][0]["field"]) == (400, PROBLEM, "unit")
    r = api.post("/api/v1/queue/tickets", {"unit": CENTER, "service_group": "Z"}, format="json")
    assert r.status_code == 400 and "nhóm dịch vụ" in r.json()["detail"]
    assert not Ticket.objects.exists()


def test_officers_list_the_counters_of_a_point(api, city):
    api.force_authenticate(city["tiepnhan.camtrung"])
    r = api.get(f"/api/v1/queue/counters?unit={WARD_DESK}")
    assert r.status_code == 200
    assert [{k: c[k] for k in ("name", "unit", "open")} for c in r.json()] == [
        {"name": "Quầy 1", "unit": WARD_DESK, "open": True}, {"name": "Quầy 2", "unit": WARD_DESK, "open": True}
    ]
    assert {c["id"] for c in r.json()} == {counter(WARD_DESK, 1).pk, counter(WARD_DESK, 2).pk}
    assert api.get("/api/v1/queue/counters?unit=KHONG-CO").status_code == 404
    assert api.get("/api/v1/queue/counters").status_code == 400


def test_counters_are_not_for_citizens_or_anonymous_callers(api, city):
    assert api.get(f"/api/v1/queue/counters?unit={CENTER}").status_code == 401
    api.force_authenticate(city["congdan.demo"])
    assert api.get(f"/api/v1/queue/counters?unit={CENTER}").status_code == 403


def test_call_gives_the_next_ticket_then_204_when_none_waits(api, city):
    services.issue_ticket(CENTER, "A")
    api.force_authenticate(city["tiepnhan.hcc"])
    c = counter(CENTER, 3)
    r = api.post(f"/api/v1/queue/counters/{c.pk}/call")
    assert r.status_code == 200, r.content
    assert {k: r.json()[k] for k in ("number", "label", "status", "counter", "counter_number")} == {
        "number": 1, "label": "A001", "status": "called", "counter": c.pk, "counter_number": 3
    }
    empty = api.post(f"/api/v1/queue/counters/{c.pk}/call")
    assert (empty.status_code, empty.content) == (204, b"")


def test_a_call_from_a_closed_counter_is_409_in_vietnamese_and_changes_nothing(api, city):
    services.issue_ticket(CENTER, "A")
    api.force_authenticate(city["tiepnhan.hcc"])
    c = counter(CENTER, 1)
    assert api.post(f"/api/v1/queue/counters/{c.pk}/close").json()["open"] is False
    r = api.post(f"/api/v1/queue/counters/{c.pk}/call")
    assert (r.status_code, r["Content-Type"]) == (409, PROBLEM)
    assert r.json()["detail"] == "Quầy 1 đang đóng; hãy mở quầy trước khi gọi số."
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_a_call_from_another_units_officer_is_403(api, city):
    services.issue_ticket(CENTER, "A")
    api.force_authenticate(city["tiepnhan.camtrung"])
    r = api.post(f"/api/v1/queue/counters/{counter(CENTER, 1).pk}/call")
    assert (r.status_code, r["Content-Type"]) == (403, PROBLEM)
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_an_unknown_counter_is_404(api, city):
    api.force_authenticate(city["tiepnhan.hcc"])
    assert api.post("/api/v1/queue/counters/999999/call").status_code == 404


def test_recall_skip_serve_through_the_api(api, city):
    services.issue_ticket(CENTER, "A")
    api.force_authenticate(city["tiepnhan.hcc"])
    pk = counter(CENTER, 1).pk
    api.post(f"/api/v1/queue/counters/{pk}/call")
    assert api.post(f"/api/v1/queue/counters/{pk}/recall").json()["label"] == "A001"
    assert api.post(f"/api/v1/queue/counters/{pk}/serve").json()["status"] == "served"
    r = api.post(f"/api/v1/queue/counters/{pk}/skip")
    assert r.status_code == 409 and r.json()["detail"] == "Quầy 1 chưa gọi số nào."


def test_the_queue_endpoints_are_in_the_openapi_schema(api, city):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/queue/tickets", "/api/v1/queue/counters", "/api/v1/queue/counters/{id}/call"} <= set(paths)
