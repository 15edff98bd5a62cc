"""Dossier codes per Circular 01/2018/TT-VPCP art. 19: the unit's identifier from the national list of agency
codes (Circular 10/2016/TT-BTTTT) where recorded, then -yymmdd- and the day's sequence; units without one
keep their readable code."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.dossiers.lookup import public_status
from motcua.forms.marks import lookup_check
from motcua.units.models import Unit
from motcua.units.services import save_unit
from tests.factories import UserFactory

from .conftest import MARITAL, local, receive

IDENTIFIER = "000.00.22.H50"  # the shape of the national list (example of legal-notes §2.8)


def _record(code: str, identifier: str) -> Unit:
    unit = Unit.objects.get(code=code)
    unit.agency_identifier = identifier
    return save_unit(unit)


def test_a_unit_with_an_agency_identifier_begins_its_codes_with_it(city):
    _record("CP-HCC", IDENTIFIER)
    first = receive(city, at=local(2024, 11, 25, 8, 0))
    second = receive(city, at=local(2024, 11, 25, 9, 0))
    next_day = receive(city, at=local(2024, 11, 26, 8, 0))
    assert [first.code, second.code, next_day.code] == [
        "000.00.22.H50-241125-0001", "000.00.22.H50-241125-0002", "000.00.22.H50-241126-0001",
    ]


def test_a_unit_without_one_keeps_its_readable_code(city):
    _record("CP-HCC", IDENTIFIER)
    ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    assert ward.code == "CP-CTR-MC-241125-0001"


def test_codes_drawn_before_the_identifier_was_recorded_are_kept(city):
    before = receive(city, at=local(2024, 11, 25, 8, 0))
    _record("CP-HCC", IDENTIFIER)
    after = receive(city, at=local(2024, 11, 25, 9, 0))
    before.refresh_from_db()
    # The day's sequence of the unit goes on: the number of the day is never given twice.
    assert (before.code, after.code) == ("CP-HCC-241125-0001", "000.00.22.H50-241125-0002")


def test_a_code_with_an_agency_identifier_is_found_by_the_public_lookup(city):
    _record("CP-HCC", IDENTIFIER)
    d = receive(city, at=local(2024, 11, 25, 8, 0))
    assert public_status(d.code.lower(), lookup_check(d.code)).as_json()["code"] == "000.00.22.H50-241125-0001"


@pytest.mark.parametrize("bad", ["00.00.22.H50", "000-00-22-H50", "000.00.22.50H", "CP-HCC"])
def test_a_malformed_identifier_is_refused_in_vietnamese(city, bad):
    with pytest.raises(ValidationFailed, match="V1V2V3.Z1Z2.Y1Y2.MX1X2"):
        _record("CP-HCC", bad)


def test_one_identifier_is_not_recorded_for_two_units(city):
    _record("CP-HCC", IDENTIFIER)
    with pytest.raises(ValidationFailed, match="đã được ghi cho một đơn vị khác"):
        _record("CP-CTR-MC", IDENTIFIER)


def test_the_unit_admin_records_the_identifier_in_capitals_and_refuses_a_malformed_one(city, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    unit = Unit.objects.get(code="CP-HCC")
    url = f"/quan-tri/units/unit/{unit.pk}/change/"
    data = {
        "code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "address": unit.address,
        "phone": unit.phone, "email": unit.email, "working_hours": "", "is_active": "on", "sort_order": "0",
        "counters-TOTAL_FORMS": "0", "counters-INITIAL_FORMS": "0", "counters-MIN_NUM_FORMS": "0",
        "counters-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(url, {**data, "agency_identifier": "000.00.22"})
    assert refused.status_code == 200 and "V1V2V3.Z1Z2.Y1Y2.MX1X2" in refused.content.decode()
    saved = client.post(url, {**data, "agency_identifier": " 000.00.22.h50 "})
    assert saved.status_code == 302
    unit.refresh_from_db()
    assert unit.agency_identifier == IDENTIFIER


def test_codes_brought_in_from_an_old_system_with_the_identifier_keep_their_numbers_reserved(city, tmp_path):
    from motcua.dossiers.models import DossierCodeSequence
    from tests.history.test_import_history import DOSSIERS, EVENTS, run, workbook

    _record("CP-HCC", IDENTIFIER)
    old = "CP-HCC-181105-0007"
    code = f"{IDENTIFIER}-181105-0007"
    dossiers = [[code, *row[1:]] for row in DOSSIERS if row[0] == old]
    events = [[code, *row[1:]] for row in EVENTS if row[0] == old]
    assert "Đã nhập 1 hồ sơ" in run(workbook(tmp_path, dossiers, events))
    assert DossierCodeSequence.objects.get(unit__code="CP-HCC", day="2018-11-05").last == 7
    assert receive(city, at=local(2018, 11, 5, 15, 0)).code == f"{IDENTIFIER}-181105-0008"
