"""The demo city for the officers' web: units, accounts, procedures, the seeded calendar; helpers to act."""
from datetime import datetime

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.factories import load_demo_city

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # city (CP-HCC → CP-QLDT → CP → CP-HCC), 15 working days
BIRTH = "1.001193.000.00.00.H49"  # ward, same day
MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days, no internal process
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


@pytest.fixture
def client_as(client, city):
    def login(username):
        client.force_login(city[username])
        return client

    return login


def receive(users, username="tiepnhan.hcc", procedure=BUILDING_PERMIT, unit="CP-HCC", at=None, **kw) -> Dossier:
    return services.receive_dossier(
        actor=users[username], procedure_code=procedure, unit_code=unit, channel=kw.pop("channel", "counter"),
        applicant=kw.pop("applicant", APPLICANT), received_at=at, **kw,
    ).dossier


def act(users, dossier, username, action, **kw) -> Dossier:
    dossier.refresh_from_db()
    if action == "resolve":  # a result always has its number (tests of the result itself pass their own)
        kw.setdefault("data", {"result_number": "123/GP"})
    return services.transition(dossier.code, action, actor=users[username], expected_version=dossier.version, **kw)
