"""The demo city with its queue (service groups and counters of CP-HCC and the ward desks)."""
from datetime import datetime

import pytest
from django.utils import timezone

from motcua.demo.services import load_demo_queue
from motcua.units.models import Counter
from tests.factories import load_demo_city

CENTER = "CP-HCC"
WARD_DESK = "CP-CTR-MC"


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def _queue_city(settings) -> dict:
    from motcua.accounts.models import User
    from motcua.demo.services import load_demo_accounts, load_demo_units

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_units()
    load_demo_accounts()
    load_demo_queue()
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def city(db, settings):
    """Units, accounts and the queue (no catalog: the queue does not need it; fast)."""
    return _queue_city(settings)


@pytest.fixture
def full_city(db, settings, tmp_path):
    """The whole demo city with its catalog, for intakes started from a ticket."""
    users = load_demo_city(settings, tmp_path)
    load_demo_queue()
    return users


def counter(unit_code: str, number: int) -> Counter:
    return Counter.objects.get(unit__code=unit_code, number=number)
