"""The demo's real change on 1 July 2025 (Resolution 1679/NQ-UBTVQH15, issue 12 item 3), loaded on its own:
six wards and communes under Quảng Ninh, each with its own service center, take over from Cẩm Phả city
and its 16 wards and communes, which end on 30 June 2025 and keep their past."""
from datetime import date

import pytest

from motcua.accounts.models import Role
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import reception_desks_for
from motcua.demo.services import load_demo_reorganisation_2025
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, Status
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import in_force
from tests.dossiers.conftest import APPLICANT, BIRTH, MARITAL, local, receive
from tests.factories import UserFactory, load_demo_city

OLD_DAY, NEW_DAY = date(2025, 6, 30), date(2025, 7, 1)
NEW_UNITS = {"CAMPHA": "Phường Cẩm Phả", "CUAONG": "Phường Cửa Ông", "QUANGHANH": "Phường Quang Hanh",
             "MONGDUONG": "Phường Mông Dương", "HAIHOA": "Xã Hải Hòa", "HAILANG": "Xã Hải Lạng"}
# Resolution 1679/NQ-UBTVQH15, Art. 1 (legal-notes): the wards each new one is formed from.
FORMED_FROM = {
    "CAMPHA": ["CP-CTR", "CP-CTHA", "CP-CB", "CP-CT", "CP-CD"],
    "CUAONG": ["CP-CPH", "CP-CTHI", "CP-CS", "CP-CO"],
    "QUANGHANH": ["CP-CTH", "CP-CTHU", "CP-QH"],
    "MONGDUONG": ["CP-MD", "CP-DH"],
}


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def test_six_new_wards_and_communes_each_with_its_own_center_start_on_1_july_2025(city):
    load_demo_reorganisation_2025()
    for code, name in NEW_UNITS.items():
        unit = Unit.objects.get(code=code)
        center = Unit.objects.get(code=f"{code}-TT")
        assert (unit.name, unit.parent.code, unit.valid_from) == (name, "QN", NEW_DAY)
        assert (center.kind, center.parent, center.valid_from) == (UnitKind.ADMIN_CENTER, unit, NEW_DAY)
        assert not unit.is_in_force(OLD_DAY) and unit.is_in_force(NEW_DAY)


def test_the_city_and_its_16_wards_and_communes_end_on_30_june_2025_with_their_successors(city):
    load_demo_reorganisation_2025()
    old_governments = Unit.objects.filter(parent__code="CP", kind__in=[UnitKind.WARD, UnitKind.COMMUNE])
    assert old_governments.count() == 16
    city_unit = Unit.objects.get(code="CP")
    assert (city_unit.valid_to, city_unit.successor.code) == (OLD_DAY, "QN")
    assert not in_force(NEW_DAY).filter(path__startswith=city_unit.path).exists()
    assert in_force(OLD_DAY).filter(path__startswith=city_unit.path).count() == Unit.objects.filter(
        path__startswith=city_unit.path).count()
    for new, olds in FORMED_FROM.items():
        for old in olds:
            ward, desk = Unit.objects.get(code=old), Unit.objects.get(code=f"{old}-MC")
            assert (ward.valid_to, ward.successor.code, desk.successor.code) == (OLD_DAY, new, f"{new}-TT")
    # The city's center to the provincial center, its offices to the province.
    assert Unit.objects.get(code="CP-HCC").successor.code == "QN-HCC"
    assert Unit.objects.get(code="CP-QLDT").successor.code == "QN"


def test_ward_procedures_are_received_at_the_old_desks_until_30_june_and_at_the_new_centers_from_1_july(city):
    load_demo_reorganisation_2025()
    version = Procedure.objects.get(code=BIRTH).current_version
    before = {u.code for u in reception_desks_for(version, on=OLD_DAY)}
    after = {u.code for u in reception_desks_for(version, on=NEW_DAY)}
    assert "CP-CTR-MC" in before and not before & {f"{c}-TT" for c in NEW_UNITS}
    assert after == {f"{c}-TT" for c in NEW_UNITS}


def test_a_dossier_of_30_june_crosses_to_phuong_cam_pha_and_one_of_1_july_is_received_there(city):
    old = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    code, due = old.code, old.due_at
    result = load_demo_reorganisation_2025()
    assert result["handed_over"] == 1
    old.refresh_from_db()
    assert (old.code, old.due_at, old.status, old.current_unit.code) == (code, due, Status.RECEIVED, "CAMPHA-TT")
    assert DossierEvent.objects.filter(dossier=old, action="hand_to_successor").count() == 1
    officer = UserFactory(username="tiepnhan.campha", role=Role.COUNTER_OFFICER, unit=Unit.objects.get(code="CAMPHA-TT"))
    new = services.receive_dossier(actor=officer, procedure_code=MARITAL, unit_code="CAMPHA-TT", channel="counter",
                                   applicant=APPLICANT, received_at=local(2025, 7, 1, 9, 0)).dossier
    assert new.code == "CAMPHA-TT-250701-0001"


def test_loading_it_twice_changes_nothing_more(city):
    load_demo_reorganisation_2025()
    before = list(Unit.objects.order_by("pk").values_list("code", "valid_from", "valid_to", "successor_id"))
    assert load_demo_reorganisation_2025() == {"created": 0, "updated": 0, "ended": 0, "handed_over": 0}
    assert list(Unit.objects.order_by("pk").values_list("code", "valid_from", "valid_to", "successor_id")) == before
