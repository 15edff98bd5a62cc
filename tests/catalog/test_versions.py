"""Re-importing a changed procedure publishes a new version and archives the old one."""
import copy
import json
from decimal import Decimal

import pytest

from motcua.catalog import selectors, services
from motcua.catalog.importing import import_procedures
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
CODE = "1.001612.000.00.00.H49"


@pytest.fixture
def imported():
    load_demo_units()
    import_procedures(copy.deepcopy(DEMO))


def changed(**changes):
    records = copy.deepcopy(DEMO)
    record = next(r for r in records if r["code"] == CODE)
    record.update(changes)
    return records


def test_a_changed_record_publishes_version_2_and_archives_version_1(imported):
    old_name = Procedure.objects.get(code=CODE).current_version.name
    report = import_procedures(changed(name="Tên mới của thủ tục", processing_time={"amount": 2, "time_unit": "working_days"}))
    assert (report.created, report.new_versions, report.unchanged) == (0, 1, 18)
    assert report.new_version_codes == [CODE]
    procedure = Procedure.objects.get(code=CODE)
    assert procedure.current_version.number == 2
    assert procedure.current_version.name == "Tên mới của thủ tục"
    assert procedure.current_version.processing_amount == Decimal(2)
    v1 = procedure.versions.get(number=1)
    assert v1.status == VersionStatus.ARCHIVED and v1.name == old_name
    assert v1.steps.count() == 4  # still readable with its children
    assert [v.number for v in selectors.version_history(procedure)] == [2, 1]


def test_reimporting_the_changed_record_again_is_unchanged(imported):
    import_procedures(changed(note="Ghi chú mới"))
    report = import_procedures(changed(note="Ghi chú mới"))
    assert report.unchanged == 19
    assert ProcedureVersion.objects.filter(procedure__code=CODE).count() == 2


def test_a_change_in_a_child_row_is_a_change(imported):
    records = changed()
    record = next(r for r in records if r["code"] == CODE)
    record["documents"][0]["copies"] += 1
    assert import_procedures(records).new_version_codes == [CODE]


def test_a_procedure_with_an_open_draft_is_not_overwritten(imported):
    services.create_draft(Procedure.objects.get(code=CODE))
    before = ProcedureVersion.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(changed(note="x"))
    assert "bản nháp" in exc.value.errors[0]["message"]
    assert ProcedureVersion.objects.count() == before


def test_create_draft_then_publish_gives_version_2(imported):
    procedure = Procedure.objects.get(code=CODE)
    draft = services.create_draft(procedure, change_note="Sửa thời hạn")
    draft.processing_amount = Decimal(5)
    draft.save()
    services.publish_version(draft)
    procedure.refresh_from_db()
    assert procedure.current_version.number == 2
    assert procedure.versions.get(number=1).status == VersionStatus.ARCHIVED
