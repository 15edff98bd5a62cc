"""A committed intake or action answers success even if reading the dossier back fails just after the
commit (the database went away): a 500/503 would make a client without an Idempotency-Key send it again."""
from unittest import mock

from django.db import OperationalError

from motcua.dossiers.models import Dossier

from .conftest import BUILDING_PERMIT, token_client


def test_a_committed_intake_answers_201_with_its_code_when_the_read_back_fails(city):
    client = token_client(city, "tiepnhan.hcc")
    with mock.patch("motcua.dossiers.api._load", side_effect=OperationalError("connection lost")):
        r = client.post("/api/v1/dossiers", {
            "procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter",
            "applicant": {"name": "Trần Thị Bình", "id_number": "022190000123"},
        }, format="json")
    assert r.status_code == 201
    body = r.json()
    assert body["partial"] is True and body["status"] == "received"
    stored = Dossier.objects.get()
    assert body["code"] == stored.code and body["version"] == stored.version


def test_a_committed_action_answers_200_when_the_read_back_fails(city):
    client = token_client(city, "tiepnhan.hcc")
    created = client.post("/api/v1/dossiers", {
        "procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter",
        "applicant": {"name": "Trần Thị Bình"},
    }, format="json").json()
    with mock.patch("motcua.dossiers.api._load", side_effect=OperationalError("connection lost")):
        r = client.post(f"/api/v1/dossiers/{created['code']}/actions",
                         {"action": "transfer", "version": created["version"]}, format="json")
    assert r.status_code == 200 and r.json()["version"] == created["version"] + 1

