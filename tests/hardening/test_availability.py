"""Health and readiness endpoints; a database that is unavailable answers 503, not 500."""
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_the_database(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_readiness_checks_database_migrations_and_cache(client):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "cache": "ok"}}


def test_readiness_is_503_when_the_database_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        r = client.get("/readyz")
    assert r.status_code == 503
    assert r["Retry-After"] == "30"
    assert r.json()["checks"]["database"] == "lỗi: OperationalError"


@pytest.mark.parametrize("path", ["/api/v1/procedures", "/api/v1/units"])
def test_an_api_request_while_the_database_is_down_answers_503_problem(path):
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        r = client.get(path)
    assert r.status_code == 503
    assert r["Content-Type"] == "application/problem+json"
    assert r["Retry-After"] == "30"
    assert "cơ sở dữ liệu" in r.json()["detail"]


def test_a_page_while_the_database_is_down_answers_a_vietnamese_503_page():
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        r = client.get("/thu-tuc/")
    assert r.status_code == 503
    assert "thử lại sau" in r.content.decode()


def test_other_server_errors_stay_500():
    client = Client(raise_request_exception=False)
    with mock.patch("motcua.units.api.UnitListView.get", side_effect=RuntimeError("bug")):
        r = client.get("/api/v1/units")
    assert r.status_code == 500
    assert r["Content-Type"] == "application/problem+json"
