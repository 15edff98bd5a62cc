"""Import of the catalog from JSON: versions, idempotence, and every kind of bad record."""
import copy
import json

import pytest

from motcua.catalog.importing import import_json, import_procedures
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]


@pytest.fixture
def units():
    load_demo_units()


@pytest.fixture
def records(units):
    return copy.deepcopy(DEMO)


def counts():
    return Procedure.objects.count(), ProcedureVersion.objects.count(), Field.objects.count()


def test_demo_file_imports_19_procedures_each_published_as_version_1(records):
    report = import_procedures(records)
    assert (report.created, report.new_versions, report.unchanged) == (19, 0, 0)
    assert report.codes == [r["code"] for r in DEMO]
    assert Procedure.objects.filter(current_version__number=1, current_version__status="published").count() == 19
    assert Field.objects.get(name="Hộ tịch").code == "ho-tich"


def test_importing_the_same_file_twice_changes_nothing(records):
    import_procedures(records)
    before = list(ProcedureVersion.objects.values_list("pk", "status", "number"))
    report = import_procedures(copy.deepcopy(DEMO))
    assert (report.created, report.new_versions, report.unchanged) == (0, 0, 19)
    assert list(ProcedureVersion.objects.values_list("pk", "status", "number")) == before


def test_progress_is_reported_for_every_record(records):
    seen = []
    import_procedures(records, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (1, 19) and seen[-1] == (19, 19) and len(seen) == 19


def test_unit_code_resolves_to_the_unit_and_kind_role_keeps_no_unit(records):
    import_procedures(records)
    city = Procedure.objects.get(code="1.001612.000.00.00.H49").current_version
    assert city.implementing_unit.code == "CP-TCKH" and city.implementing_unit_ref == "CP-TCKH"
    ward = Procedure.objects.get(code="1.001193.000.00.00.H49").current_version
    assert ward.implementing_unit is None and ward.implementing_unit_ref == "ward_people_committee"


def test_import_json_reads_the_demo_file_bytes(units):
    report = import_json((DATA_DIR / "procedures.json").read_bytes())
    assert report.created == 19


def test_bad_json_is_a_clear_vietnamese_error(units):
    with pytest.raises(ValidationFailed) as exc:
        import_json(b'{"procedures": [')
    assert "JSON không hợp lệ" in exc.value.errors[0]["message"]
    assert Procedure.objects.count() == 0
