"""`GET /api/v1/stats`: the contract's body, who may read which unit, and each bad parameter."""
import pytest

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier, DossierEvent
from tests.factories import UserFactory

from .conftest import token_client

DEC = "from=2024-12-01&to=2024-12-31"
CONTRACT_KEYS = [
    "unit", "from", "to", "received", "resolved", "in_progress", "awaiting_supplement", "returned", "refused",
    "withdrawn", "on_time_rate", "online_rate", "satisfaction", "groups",
]


def get(users, username, query):
    return token_client(users, username).get(f"/api/v1/stats?{query}")


def test_the_body_is_exactly_the_contract(december):
    r = get(december.users, "lanhdao.cp", f"unit=CP-CTR-MC&{DEC}")
    assert r.status_code == 200, r.content
    body = r.json()
    # The contract's keys in their order, and the fee payments added beside them (decision 0042).
    assert list(body) == [*CONTRACT_KEYS[:-1], "payments", "groups"]
    assert body["unit"] == "CP-CTR-MC" and (body["from"], body["to"]) == ("2024-12-01", "2024-12-31")
    assert body["received"] == {"total": 13, "carried_over": 1, "new": 12, "online": 1, "counter": 10, "post": 1}
    assert body["resolved"] == {"total": 7, "early": 4, "on_time": 2, "late": 1}
    assert body["in_progress"] == {"total": 3, "within_deadline": 1, "overdue": 2}
    assert (body["awaiting_supplement"], body["returned"], body["refused"], body["withdrawn"]) == (1, 2, 2, 1)
    assert body["on_time_rate"] == 85.71 and body["online_rate"] == 8.33
    assert body["satisfaction"] == {"ratings": 2, "satisfied": 1, "rate": 50.0}
    assert body["groups"] == []
    grouped = get(december.users, "lanhdao.cp", f"unit=CP&{DEC}&group_by=unit").json()
    group = next(g for g in grouped["groups"] if g["key"] == "CP-CTR")
    assert list(group) == ["key", "name", *CONTRACT_KEYS[3:-1]]


def test_who_may_read_which_unit(december):
    users = december.users
    users["chuyenvien.tinh"] = UserFactory(username="chuyenvien.tinh", role=Role.SPECIALIST, unit=users["lanhdao.cp"].unit.parent)
    users["lanhdao.tinh"] = UserFactory(username="lanhdao.tinh", role=Role.LEADER, unit=users["lanhdao.cp"].unit.parent)
    expected = {
        # officers: their own unit's subtree
        ("tiepnhan.camtrung", "CP-CTR-MC"): 200,
        ("tiepnhan.camtrung", "CP-CTR"): 403,
        ("tiepnhan.camtrung", "CP-MD-MC"): 403,
        ("tiepnhan.hcc", "CP-HCC"): 200,
        ("tiepnhan.hcc", "CP"): 403,
        ("chuyenvien.qldt", "CP-QLDT"): 200,
        ("chuyenvien.qldt", "CP-HCC"): 403,
        # leaders and the center director: their whole level of government
        ("giamdoc.hcc", "CP"): 200,
        ("giamdoc.hcc", "CP-MD-MC"): 200,
        ("giamdoc.hcc", "QN"): 403,
        ("lanhdao.cp", "CP"): 200,
        ("lanhdao.cp", "QN-HCC"): 403,
        ("lanhdao.camtrung", "CP-CTR"): 200,
        ("lanhdao.camtrung", "CP-CTR-MC"): 200,
        ("lanhdao.camtrung", "CP"): 403,
        ("lanhdao.camtrung", "CP-MD"): 403,
        # the province: everything under it
        ("lanhdao.tinh", "QN"): 200,
        ("lanhdao.tinh", "CP-CTR-MC"): 200,
        ("chuyenvien.tinh", "QN"): 200,
        # citizens: nothing
        ("congdan.demo", "CP"): 403,
        ("congdan.demo", "CP-CTR-MC"): 403,
    }
    seen = {key: get(users, key[0], f"unit={key[1]}&{DEC}").status_code for key in expected}
    assert seen == expected
    forbidden = get(users, "tiepnhan.camtrung", f"unit=CP&{DEC}")
    assert forbidden["Content-Type"] == "application/problem+json" and forbidden.json()["status"] == 403
    assert get(users, "lanhdao.tinh", f"unit=QN&{DEC}").json()["received"]["new"] == 14


def test_without_unit_the_caller_reads_the_top_of_what_they_may_see(december):
    assert get(december.users, "giamdoc.hcc", DEC).json()["unit"] == "CP"
    assert get(december.users, "tiepnhan.camtrung", DEC).json()["unit"] == "CP-CTR-MC"


def test_anonymous_callers_must_sign_in(december, api):
    r = api.get(f"/api/v1/stats?unit=CP&{DEC}")
    assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("unit=CP&from=2024-12-31&to=2024-12-01", "from"),
        ("unit=NOPE&from=2024-12-01&to=2024-12-31", "unit"),
        ("unit=CP&from=2014-01-01&to=2024-01-01", "to"),
        ("unit=CP&from=2024-12-01&to=2024-12-31&group_by=officer", "group_by"),
        ("unit=CP&from=2024-13-01&to=2024-12-31", "from"),
        ("unit=CP&from=2024-12-01&to=31/12/2024", "to"),
        ("unit=CP&from=&to=2024-12-31", "from"),
    ],
)
def test_each_bad_parameter_is_a_400_naming_it_and_changes_nothing(city, query, field):
    before = (Dossier.objects.count(), DossierEvent.objects.count())
    r = get(city, "lanhdao.cp", query)
    assert r.status_code == 400, r.content
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["errors"][0]["field"] == field and body["detail"] and body["title"]
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == before


def test_a_period_of_exactly_ten_years_is_allowed(city):
    assert get(city, "lanhdao.cp", "unit=CP&from=2015-01-01&to=2024-12-31").status_code == 200


def test_the_schema_documents_the_endpoint(city, api):
    schema = api.get("/api/v1/openapi.json").json()
    assert "/api/v1/stats" in schema["paths"]


def test_the_decision_766_indicators_have_the_same_access(december):
    client = token_client(december.users, "lanhdao.cp")
    r = client.get(f"/api/v1/stats/decision766?unit=CP-CTR&{DEC}")
    assert r.status_code == 200 and r.json()["indicators"][0]["rate"] == 85.71
    assert token_client(december.users, "tiepnhan.hcc").get(f"/api/v1/stats/decision766?unit=CP&{DEC}").status_code == 403
    assert client.get("/api/v1/stats/decision766?unit=CP&from=2024-12-31&to=2024-12-01").status_code == 400
