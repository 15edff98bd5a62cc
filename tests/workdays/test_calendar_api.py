"""GET /api/v1/calendar/due and GET /api/v1/calendar/{year} (api-contract.md)."""
from datetime import date

import pytest

from motcua.workdays import services
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"


def due(api, **params):
    return api.get(DUE, params)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "3"}, "2026-02-25T09:30:00+07:00"),
        ({"start": "2026-02-13T02:30:00Z", "amount": "1", "time_unit": "working_days"}, "2026-02-23T09:30:00+07:00"),
        ({"start": "2026-03-03T22:15:00+07:00", "amount": "1"}, "2026-03-04T17:00:00+07:00"),
        ({"start": "2026-03-07T09:00:00", "amount": "2"}, "2026-03-10T17:00:00+07:00"),
        ({"start": "2026-03-03T12:00:00+07:00", "amount": "2", "time_unit": "working_hours"}, "2026-03-03T15:00:00+07:00"),
        ({"start": "2026-03-03T07:30:00+07:00", "amount": "0.5"}, "2026-03-03T11:30:00+07:00"),
        ({"start": "2026-03-03T15:01:00+07:00", "time_unit": "same_day"}, "2026-03-04T17:00:00+07:00"),
        ({"start": "2026-03-03T14:00:00+07:00", "time_unit": "same_day", "amount": "99"}, "2026-03-03T17:00:00+07:00"),
        ({"start": "2026-08-21T10:00:00+07:00", "amount": "1"}, "2026-08-22T10:00:00+07:00"),
        ({"start": "2018-12-28T10:00:00+07:00", "amount": "1"}, "2019-01-02T10:00:00+07:00"),
        ({"start": "2026-02-10T10:00:00+07:00", "amount": "5", "time_unit": "calendar_days"}, "2026-02-23T17:00:00+07:00"),
        ({"start": "2026-03-03T10:00:00+07:00", "time_unit": "none"}, None),
    ],
)
def test_due(api, params, expected):
    response = due(api, **params)
    assert response.status_code == 200, response.json()
    assert response.json()["due"] == expected


def test_due_lists_each_skipped_day_and_explains(api):
    body = due(api, start="2026-02-13T09:30:00+07:00", amount="3").json()
    assert body["skipped"][0] == {"date": "2026-02-14", "reason": "Thứ Bảy"}
    assert {"date": "2026-02-17", "reason": "Tết Nguyên Đán"} in body["skipped"]
    assert len(body["skipped"]) == 9
    assert "đã trừ: Tết Nguyên Đán 14/02–22/02/2026" in body["explanation"]


def test_unescaped_plus_in_the_offset_is_understood(api):
    response = api.get(DUE + "?start=2026-02-13T09:30:00+07:00&amount=3")
    assert response.json()["due"] == "2026-02-25T09:30:00+07:00"


def test_unit_calendar_is_used(api):
    unit = UnitFactory(code="P-CAMBINH", working_hours=[["08:00", "12:00"], ["13:00", "17:00"]])
    services.set_unit_override(unit, date(2026, 3, 4), is_working=False, name="Đại hội")
    body = due(api, start="2026-03-03T07:00:00+07:00", amount="1", unit="P-CAMBINH").json()
    assert body["due"] == "2026-03-03T17:00:00+07:00"
    body = due(api, start="2026-03-03T17:00:00+07:00", amount="1", unit="P-CAMBINH").json()
    assert body["due"] == "2026-03-05T17:00:00+07:00"
    assert body["skipped"] == [{"date": "2026-03-04", "reason": "Đại hội"}]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"amount": "1"}, "start"),
        ({"start": "hôm qua", "amount": "1"}, "start"),
        ({"start": "2026-02-30T09:00:00+07:00", "amount": "1"}, "start"),
        ({"start": "2026-02-13T09:30:00+07:00"}, "amount"),
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "-1"}, "amount"),
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "ba"}, "amount"),
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "NaN"}, "amount"),
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "1", "time_unit": "weeks"}, "time_unit"),
        ({"start": "2026-02-13T09:30:00+07:00", "amount": "1", "unit": "KHONG-CO"}, "unit"),
    ],
)
def test_bad_parameters_are_problems_naming_the_field(api, params, field):
    response = due(api, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"][0]["field"] == field
    assert body["title"] and body["detail"]


def test_year(api):
    body = api.get("/api/v1/calendar/2026").json()
    assert body["year"] == 2026 and body["confirmed"] is True
    assert {"date": "2026-02-17", "name": "Tết Nguyên Đán"} in body["days_off"]
    assert body["working_weekend_days"] == [{"date": "2026-08-22", "name": "Làm bù cho ngày nghỉ 31/08/2026"}]


def test_a_year_not_in_the_database_is_proposed_unconfirmed(api):
    body = api.get("/api/v1/calendar/2030").json()
    assert body["confirmed"] is False
    assert body["days_off"] and body["working_weekend_days"] == []


def test_unknown_year_is_404_problem(api):
    response = api.get("/api/v1/calendar/1800")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_lists_the_endpoints(api):
    response = api.get("/api/v1/openapi.json")
    paths = response.json()["paths"]
    assert "/api/v1/calendar/due" in paths and "/api/v1/calendar/{year}" in paths
