"""Who may see and act: role × unit × action, through the API (404 when not visible, 403 when not allowed)."""
import pytest

from .conftest import act, counts, local, receive, token_client


@pytest.fixture
def at_qldt(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    return act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))


@pytest.mark.parametrize(
    ("username", "action", "expected"),
    [
        ("truongphong.qldt", "assign", 200),
        ("chuyenvien.qldt", "assign", 403),  # a specialist does not assign
        ("tiepnhan.hcc", "transfer", 403),  # sees it (received it) but does not hold it
        ("lanhdao.cp", "approve", 403),  # sees the city's dossiers, but it is not at the leader's step
        ("giamdoc.hcc", "approve", 403),
        ("tiepnhan.hcc", "return_result", 409),  # may return results, not from in_progress
        ("chuyenvien.tckh", "assign", 404),  # another department
        ("truongphong.tckh", "approve", 404),
        ("tiepnhan.camtrung", "transfer", 404),  # a ward desk
        ("congdan.demo", "withdraw", 404),  # not the citizen's dossier
    ],
)
def test_action_matrix(city, at_qldt, username, action, expected):
    before = counts()
    body = {"action": action, "version": at_qldt.version}
    if action == "assign":
        body["to_user"] = "chuyenvien.qldt"
    r = token_client(city, username).post(f"/api/v1/dossiers/{at_qldt.code}/actions", body, format="json")
    assert r.status_code == expected, r.content
    if expected != 200:
        assert r["Content-Type"] == "application/problem+json"
        assert counts() == before


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("admin", True), ("giamdoc.hcc", True), ("tiepnhan.hcc", True), ("chuyenvien.qldt", True),
        ("truongphong.qldt", True), ("lanhdao.cp", True), ("chuyenvien.tckh", False),
        ("tiepnhan.camtrung", False), ("lanhdao.camtrung", False), ("congdan.demo", False),
    ],
)
def test_who_sees_a_dossier_at_a_city_department(city, at_qldt, username, visible):
    r = token_client(city, username).get(f"/api/v1/dossiers/{at_qldt.code}")
    assert r.status_code == (200 if visible else 404)
    listed = token_client(city, username).get("/api/v1/dossiers").json()["results"]
    assert (at_qldt.code in [x["code"] for x in listed]) is visible


def test_unauthenticated_is_401_problem(city, api):
    r = api.get("/api/v1/dossiers")
    assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"
    assert api.post("/api/v1/dossiers", {}, format="json").status_code == 401


def test_allowed_actions_are_the_callers(city, at_qldt):
    head = token_client(city, "truongphong.qldt").get(f"/api/v1/dossiers/{at_qldt.code}").json()
    specialist = token_client(city, "chuyenvien.qldt").get(f"/api/v1/dossiers/{at_qldt.code}").json()
    assert "assign" in head["allowed_actions"] and "approve" in head["allowed_actions"]
    assert "assign" not in specialist["allowed_actions"] and "transfer" in specialist["allowed_actions"]
