"""Statistics across Cẩm Phả's change on 1 July 2025 (issue 12 item 3): before it by the old units, after it
by the new ones, and over 2025 at the province adding up without counting a dossier twice — a dossier
handed to a successor is counted once, under the desk that received it."""
from datetime import date

import pytest

from motcua.accounts.models import Role
from motcua.demo.services import load_demo_reorganisation_2025
from motcua.dossiers import services
from motcua.stats.selectors import figures
from motcua.units.models import Unit
from tests.dossiers.conftest import APPLICANT, MARITAL, act, local, receive
from tests.factories import UserFactory, load_demo_city

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
FIRST_HALF, SECOND_HALF = (date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 12, 31))


@pytest.fixture
def across(db, settings, tmp_path):
    users = load_demo_city(settings, tmp_path)
    old = receive(users, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    load_demo_reorganisation_2025()
    center = Unit.objects.get(code="CAMPHA-TT")
    users["tiepnhan.campha"] = UserFactory(username="tiepnhan.campha", role=Role.COUNTER_OFFICER, unit=center)
    users["lanhdao.campha"] = UserFactory(username="lanhdao.campha", role=Role.LEADER, unit=center.parent)
    services.receive_dossier(actor=users["tiepnhan.campha"], procedure_code=MARITAL, unit_code="CAMPHA-TT",
                             channel="counter", applicant=APPLICANT, received_at=local(2025, 7, 1, 9, 0))
    # The old dossier is carried on and resolved by the successor after the change.
    old = act(users, old, "tiepnhan.campha", "transfer", at=local(2025, 7, 1, 10, 0))
    old = act(users, old, "lanhdao.campha", "approve", at=local(2025, 7, 2, 9, 0))
    act(users, old, "tiepnhan.campha", "resolve", at=local(2025, 7, 2, 10, 0))
    return users


def test_each_half_year_answers_by_its_own_units(across):
    assert figures(Unit.objects.get(code="CP-CTR"), *FIRST_HALF)["received"]["new"] == 1
    assert figures(Unit.objects.get(code="CAMPHA"), *SECOND_HALF)["received"]["new"] == 1
    assert figures(Unit.objects.get(code="CAMPHA"), *FIRST_HALF)["received"]["new"] == 0


def test_the_province_over_2025_adds_up_across_the_change_counting_each_dossier_once(across):
    province = Unit.objects.get(code="QN")
    year = figures(province, *YEAR, group_by="unit", now=local(2025, 12, 31, 17, 0))
    assert year["received"]["new"] == 2
    assert year["resolved"]["total"] == 1  # the handed-over dossier, once
    by_key = {g["key"]: g for g in year["groups"]}
    assert by_key["CP"]["received"]["new"] == 1 and by_key["CAMPHA"]["received"]["new"] == 1
    # Counted under the desk that received it, though its successor resolved it.
    assert by_key["CP"]["resolved"]["total"] == 1 and by_key["CAMPHA"]["resolved"]["total"] == 0
    assert sum(g["received"]["new"] for g in year["groups"]) == year["received"]["new"]
