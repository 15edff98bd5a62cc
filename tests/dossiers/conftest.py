"""The demo city (units, accounts, procedures) and helpers to act as its officers."""
from datetime import datetime

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.factories import load_demo_city

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # city, CP-QLDT, 15 working days, 5 steps
BIRTH = "1.001193.000.00.00.H49"  # ward, same day
MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days
SOCIAL_ALLOWANCE = "1.001776.000.00.00.H49"  # ward → CP-LDTBXH → CP (liên thông), 17 working days
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


@pytest.fixture
def permit_at_leader(city):
    """The building permit worked on by CP-QLDT (specialist, head) and now at the city leader: CP-QLDT keeps
    sight of it through its past work only."""
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 10, 30))
    d = act(city, d, "chuyenvien.qldt", "transfer", note="Đủ điều kiện", at=local(2024, 11, 26, 9, 0))
    d = act(city, d, "truongphong.qldt", "approve", at=local(2024, 11, 27, 9, 0))
    assert d.current_unit.code == "CP"
    return d


def receive(users, username="tiepnhan.hcc", procedure=BUILDING_PERMIT, unit="CP-HCC", at=None, **kw) -> Dossier:
    return services.receive_dossier(
        actor=users[username], procedure_code=procedure, unit_code=unit, channel=kw.pop("channel", "counter"),
        applicant=kw.pop("applicant", APPLICANT), received_at=at, **kw,
    ).dossier


def act(users, dossier, username, action, **kw) -> Dossier:
    dossier.refresh_from_db()
    if action == "resolve":  # a result always has its number (tests of the result itself pass their own)
        kw.setdefault("data", {"result_number": "123/GP"})
    return services.transition(dossier.code or dossier, action, actor=users[username], expected_version=dossier.version, **kw)


def token_client(users, username):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.get_or_create(user=users[username])[0].key}")
    return client


def counts() -> tuple[int, ...]:
    from motcua.dossiers.models import (
        Attachment,
        DossierCodeSequence,
        DossierEvent,
        IdempotencyKey,
        UnitHolding,
    )

    return (
        Dossier.objects.count(), DossierEvent.objects.count(), UnitHolding.objects.count(),
        IdempotencyKey.objects.count(), Attachment.objects.count(),
        sum(DossierCodeSequence.objects.values_list("last", flat=True)),
    )


def migrate(target=None) -> None:
    """Migrate the test database to `target`, or (None) forward to the latest migration of every app."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())
