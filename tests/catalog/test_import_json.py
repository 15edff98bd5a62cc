"""Import of the catalog from JSON: versions, idempotence, and every kind of bad record."""
import copy
import json

import pytest

from motcua.catalog.importing import import_json, import_procedures
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
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
