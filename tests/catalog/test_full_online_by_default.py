"""Decree 224/2026, art. 14: from 1 July 2026 full online is the default; a version in force from that day
that is not full online carries the legal reason — on publishing, in the admin and in the catalog import.
Versions in force before that day are unaffected."""
import copy
import io
import json
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.audit.models import ChangeEvent
from motcua.catalog import services
from motcua.catalog.exporting import export_records, export_xlsx
from motcua.catalog.importing import SHEET_PROCEDURES, import_procedures, import_xlsx
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units
from tests.audit.admin_forms import admin_form_data
from tests.factories import UserFactory, make_procedure

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
REASON = "Người yêu cầu phải xuất trình bản chính giấy tờ tùy thân (Luật Hộ tịch 2014, Điều 16)."


def draft(online_level="partial", reason=""):
    version = make_procedure(online_level=online_level, publish=False).versions.get()
    version.partial_online_reason = reason
    version.save()
    return version


# -- publishing ---------------------------------------------------------------------------------------


def test_a_partial_version_in_force_from_1_july_2026_without_a_reason_is_not_published():
    version = draft("partial")
    with pytest.raises(ValidationFailed) as exc:
        services.publish_version(version, effective_from=date(2026, 7, 1))
    assert "phải ghi căn cứ pháp lý không cung cấp toàn trình" in exc.value.detail
    assert "Nghị định 224/2026/NĐ-CP" in exc.value.detail
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_version_not_online_at_all_needs_the_reason_too():
    with pytest.raises(ValidationFailed, match="Không trực tuyến"):
        services.publish_version(draft("none"), effective_from=date(2026, 8, 3))


def test_a_partial_version_with_its_reason_is_published():
    version = services.publish_version(draft("partial", REASON), effective_from=date(2026, 7, 1))
    assert version.status == VersionStatus.PUBLISHED and version.partial_online_reason == REASON


def test_a_full_online_version_needs_no_reason():
    version = services.publish_version(draft("full"), effective_from=date(2026, 7, 1))
    assert version.status == VersionStatus.PUBLISHED


def test_a_partial_version_in_force_before_1_july_2026_is_unaffected():
    version = services.publish_version(draft("partial"), effective_from=date(2026, 6, 30))
    assert version.status == VersionStatus.PUBLISHED


def test_a_draft_without_a_date_is_judged_on_the_day_publishing_gives_it(time_machine):
    time_machine.move_to("2026-07-01 08:00 +07:00")
    with pytest.raises(ValidationFailed):
        services.publish_version(draft("partial"))
    time_machine.move_to("2026-06-30 08:00 +07:00")
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    assert services.publish_version(draft("partial")).effective_from == date(2026, 6, 30)


def test_full_online_is_the_default_level_of_a_new_version():
    assert ProcedureVersion().online_level == "full"


# -- the admin ----------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True, role="admin"))
    return client


def _edit(admin_client, version, **changes):
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
    data = admin_form_data(admin_client.get(url))
    data["legal_basis"] = '["Luật Hộ tịch 2014"]'  # required on the form, empty in the factory
    data.update(changes)
    return admin_client.post(url, data)


def test_the_admin_refuses_a_partial_draft_without_its_reason_with_a_vietnamese_error(admin_client, time_machine):
    time_machine.move_to("2026-07-02 09:00 +07:00")
    version = draft("full")
    response = _edit(admin_client, version, online_level="partial", partial_online_reason="")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "phải ghi căn cứ pháp lý không cung cấp toàn trình" in errors["partial_online_reason"][0]
    version.refresh_from_db()
    assert version.online_level == "full"


def test_the_admin_shows_the_reason_and_saves_it_into_the_journal(admin_client, time_machine):
    time_machine.move_to("2026-07-02 09:00 +07:00")
    version = draft("full")
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert 'name="partial_online_reason"' in page.content.decode()
    response = _edit(admin_client, version, online_level="partial", partial_online_reason=REASON)
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.online_level, version.partial_online_reason) == ("partial", REASON)
    event = ChangeEvent.objects.filter(model="procedureversion", action="update").latest("id")
    assert event.changes["partial_online_reason"] == ["", REASON]


def test_the_admin_lets_a_draft_dated_before_1_july_2026_stay_partial_without_a_reason(admin_client):
    version = draft("full")
    ProcedureVersion.objects.filter(pk=version.pk).update(effective_from=date(2026, 6, 30))
    response = _edit(admin_client, version, online_level="partial", partial_online_reason="")
    assert response.status_code == 302


# -- the catalog import -------------------------------------------------------------------------------


@pytest.fixture
def units():
    load_demo_units()


def _partial_row(**changes):
    records = copy.deepcopy(DEMO)
    index = next(i for i, r in enumerate(records) if r["online"] == "partial")
    records[index].update(changes)
    return records, index


def test_the_import_refuses_a_partial_row_in_force_from_1_july_2026_without_a_reason(units):
    records, index = _partial_row(effective_from="2026-07-01")
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    (error,) = exc.value.errors
    assert (error["sheet"], error["row"], error["column"]) == ("JSON", index + 1, "partial_online_reason")
    assert "Nghị định 224/2026/NĐ-CP" in error["message"]
    assert Procedure.objects.count() == 0


def test_the_import_takes_a_partial_row_with_its_reason(units):
    records, index = _partial_row(effective_from="2026-07-01", partial_online_reason=REASON)
    import_procedures(records)
    version = Procedure.objects.get(code=records[index]["code"]).current_version
    assert (version.effective_from, version.partial_online_reason) == (date(2026, 7, 1), REASON)


def test_the_import_of_older_partial_rows_is_unaffected(units):
    assert import_procedures(copy.deepcopy(DEMO)).created == len(DEMO)  # all in force from 2018-01-01


def test_an_undated_new_partial_row_is_judged_on_the_day_of_the_import(units, time_machine):
    time_machine.move_to("2026-07-01 08:00 +07:00")
    records, index = _partial_row()
    del records[index]["effective_from"]
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    assert [(e["row"], e["column"]) for e in exc.value.errors] == [(index + 1, "partial_online_reason")]


def test_an_unchanged_older_partial_row_imported_again_without_a_date_is_unaffected(units, time_machine):
    import_procedures(copy.deepcopy(DEMO))
    time_machine.move_to("2026-07-01 08:00 +07:00")
    records = copy.deepcopy(DEMO)
    for record in records:
        del record["effective_from"]
    assert import_procedures(records).unchanged == len(DEMO)


def test_the_excel_import_names_the_sheet_row_and_column(units):
    import_procedures(copy.deepcopy(DEMO))
    workbook = load_workbook(io.BytesIO(export_xlsx(Procedure.objects.all())))
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    ws = workbook[SHEET_PROCEDURES]
    headers = [c.value for c in ws[1]]
    online, dated = headers.index("Mức độ trực tuyến") + 1, headers.index("Áp dụng từ ngày") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=online).value == "Một phần")
    ws.cell(row=row, column=dated, value="2026-07-01")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(out.getvalue())
    assert [(e["sheet"], e["row"], e["column"]) for e in exc.value.errors] == [
        (SHEET_PROCEDURES, row, "Căn cứ không cung cấp toàn trình")
    ]
    assert "Thủ tục, dòng" in exc.value.detail and Procedure.objects.count() == 0


def test_the_export_carries_the_reason_and_the_day_in_force(units):
    records, index = _partial_row(effective_from="2026-07-01", partial_online_reason=REASON)
    import_procedures(records)
    exported = {r["code"]: r for r in export_records(Procedure.objects.all())}
    mine = exported[records[index]["code"]]
    assert (mine["partial_online_reason"], mine["effective_from"]) == (REASON, "2026-07-01")
    assert "partial_online_reason" not in exported[DEMO[0]["code"]]
