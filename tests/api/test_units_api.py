"""GET /api/v1/units: the unit tree as [{code, name, kind, parent}]."""
import pytest

from motcua.demo.services import load_demo_units

pytestmark = pytest.mark.django_db


def test_units_lists_the_demo_city_with_its_16_wards_and_communes(api):
    load_demo_units()
    response = api.get("/api/v1/units")
    assert response.status_code == 200
    rows = response.json()
    by_code = {r["code"]: r for r in rows}
    assert by_code["CP"] == {
        "code": "CP",
        "name": "Thành phố Cẩm Phả",
        "kind": "city",
        "parent": "QN",
        "address": "",
        "phone": "",
        "email": "",
        "is_active": True,
    }
    assert by_code["QN"]["parent"] is None
    local = [r for r in rows if r["parent"] == "CP" and r["kind"] in ("ward", "commune")]
    assert len(local) == 16
    assert sum(r["kind"] == "commune" for r in local) == 3
    # Parents always come before their children.
    seen = set()
    for row in rows:
        assert row["parent"] is None or row["parent"] in seen
        seen.add(row["code"])


def test_units_filters_by_subtree_and_kind(api):
    load_demo_units()
    rows = api.get("/api/v1/units", {"under": "CP-CTR"}).json()
    assert {r["code"] for r in rows} == {"CP-CTR", "CP-CTR-MC"}
    desks = api.get("/api/v1/units", {"kind": "one_stop_desk"}).json()
    assert len(desks) == 16


@pytest.mark.parametrize(("params", "field"), [({"kind": "planet"}, "kind"), ({"under": "NOPE"}, "under")])
def test_units_bad_filters_are_problems(api, params, field):
    response = api.get("/api/v1/units", params)
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert response.status_code in (400, 404)
    assert body["status"] == response.status_code
    assert body["errors"][0]["field"] == field
    assert body["title"] and body["detail"]
