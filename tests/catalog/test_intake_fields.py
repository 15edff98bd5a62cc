"""A procedure declares the information its application form asks for (decision 0045): checked when a
version is published, copied into a new draft, carried by the JSON and Excel import/export (bad rows named
by sheet, row and column), edited in the admin and shown on the public procedure page."""
import copy
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from motcua.catalog import services
from motcua.catalog.exporting import export_records, export_xlsx
from motcua.catalog.importing import SHEET_INTAKE_FIELDS, import_procedures, import_xlsx
from motcua.catalog.models import IntakeField, Procedure, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units
from tests.factories import UserFactory, make_procedure

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
BUILDING_PERMIT = "1.009994.000.00.00.H49"
LAND_TRANSFER = "1.003053.000.00.00.H49"


def demo_record(code):
    return copy.deepcopy(next(r for r in DEMO if r["code"] == code))


@pytest.fixture
def units():
    load_demo_units()


def test_the_demo_building_permit_declares_its_site_and_parcel(units):
    import_procedures(copy.deepcopy(DEMO))
    version = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    fields = list(version.intake_fields.all())
    assert [f.key for f in fields][:5] == ["dia_chi_cong_trinh", "thua_dat", "dien_tich_xay_dung",
                                         "tong_dien_tich_san", "so_tang"]
    parcel = fields[1]
    assert (parcel.kind, parcel.required, parcel.label, parcel.label_en) == (
        "parcel", True, "Thửa đất xây dựng", "Land parcel")
    floors = next(f for f in fields if f.key == "so_tang")
    assert (floors.kind, floors.min_value, floors.max_value) == ("integer", Decimal(1), Decimal(15))
    land = Procedure.objects.get(code=LAND_TRANSFER).current_version
    assert {f.kind for f in land.intake_fields.all()} >= {"parcel", "date", "decimal", "text"}


def test_publishing_refuses_a_bad_declaration():
    procedure = make_procedure(publish=False)
    version = procedure.versions.get()
    IntakeField.objects.create(version=version, order=1, key="loai", label="Loại", kind="choice")
    IntakeField.objects.create(version=version, order=2, key="so_tang", label="Số tầng", kind="integer",
                               min_value=10, max_value=2)
    IntakeField.objects.create(version=version, order=3, key="Sai Ma", label="Sai", kind="text")
    errors = services.version_errors(version)
    assert "Trường “Loại” kiểu chọn phải có danh sách lựa chọn." in errors
    assert "Giá trị nhỏ nhất của “Số tầng” lớn hơn giá trị lớn nhất." in errors
    assert any("Mã trường “Sai Ma” không hợp lệ" in e for e in errors)
    with pytest.raises(ValidationFailed):
        services.publish_version(version)


def test_a_new_draft_copies_the_declaration(units):
    import_procedures([demo_record(BUILDING_PERMIT)])
    procedure = Procedure.objects.get(code=BUILDING_PERMIT)
    draft = services.create_draft(procedure)
    assert [f.key for f in draft.intake_fields.all()] == [f.key for f in procedure.current_version.intake_fields.all()]
    assert draft.intake_fields.first().pk != procedure.current_version.intake_fields.first().pk


def test_json_round_trip_and_a_changed_label_is_a_new_version(units):
    import_procedures([demo_record(BUILDING_PERMIT)])
    [record] = export_records(Procedure.objects.all())
    assert record["intake_fields"][0] == {
        "key": "dia_chi_cong_trinh", "label": "Địa chỉ công trình", "label_en": "Construction address",
        "kind": "address", "required": True, "choices": [], "max_length": None, "min_value": None,
        "max_value": None, "pattern": "", "help_text": "Số nhà, đường/phố, tổ/khu, phường/xã nơi xây dựng",
        "help_text_en": "House number, street, quarter and ward of the building site",
    }
    assert import_procedures([copy.deepcopy(record)]).unchanged == 1
    record["intake_fields"][4]["max_value"] = 7
    report = import_procedures([record])
    assert report.new_versions == 1
    floors = Procedure.objects.get().current_version.intake_fields.get(key="so_tang")
    assert floors.max_value == Decimal(7)


def test_procedures_without_a_declaration_export_as_before(units):
    import_procedures([demo_record("1.001193.000.00.00.H49")])
    [record] = export_records(Procedure.objects.all())
    assert "intake_fields" not in record


def test_bad_json_rows_name_the_field_at_fault(units):
    record = demo_record(BUILDING_PERMIT)
    record["intake_fields"][1]["kind"] = "map"
    record["intake_fields"][2]["key"] = "dia_chi_cong_trinh"
    with pytest.raises(ValidationFailed) as caught:
        import_procedures([record])
    where = {(e["row"], e["column"]) for e in caught.value.errors}
    assert (1, "intake_fields[2].kind") in where
    assert not Procedure.objects.exists()
    record = demo_record(BUILDING_PERMIT)
    record["intake_fields"][0]["key"] = "thua_dat"
    with pytest.raises(ValidationFailed) as caught:
        import_procedures([record])
    assert [(e["column"], e["message"]) for e in caught.value.errors] == [
        ("intake_fields[2].key", "Mã trường “thua_dat” bị trùng.")]


def test_excel_round_trip_and_a_bad_row_named_by_sheet_row_and_column(units):
    import_procedures(copy.deepcopy(DEMO))
    exported = export_records(Procedure.objects.all())
    data = export_xlsx(Procedure.objects.all())
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET_INTAKE_FIELDS]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["Mã thủ tục", "Mã trường", "Tên trường", "Tên trường (tiếng Anh)", "Kiểu dữ liệu", "Bắt buộc"]
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    import_xlsx(data)
    assert export_records(Procedure.objects.all()) == exported
    # A kind nobody knows, on the third row of the sheet: named by the sheet, its Excel row and its header.
    ws.cell(row=3, column=headers.index("Kiểu dữ liệu") + 1, value="bản đồ")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationFailed) as caught:
        import_xlsx(out.getvalue())
    [error] = caught.value.errors
    assert (error["sheet"], error["row"], error["column"]) == (SHEET_INTAKE_FIELDS, 3, "Kiểu dữ liệu")


def test_a_workbook_without_the_sheet_declares_nothing(units):
    import_procedures([demo_record("1.001193.000.00.00.H49")])
    data = export_xlsx(Procedure.objects.all())
    wb = load_workbook(io.BytesIO(data))
    del wb[SHEET_INTAKE_FIELDS]
    out = io.BytesIO()
    wb.save(out)
    assert import_xlsx(out.getvalue()).unchanged == 1


def test_the_admin_edits_them_inline_on_a_draft(client, units):
    import_procedures([demo_record(BUILDING_PERMIT)])
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="admin"))
    draft = services.create_draft(Procedure.objects.get())
    page = client.get(reverse("admin:catalog_procedureversion_change", args=[draft.pk])).content.decode()
    assert 'name="intake_fields-TOTAL_FORMS"' in page and "Địa chỉ công trình" in page


def test_the_procedure_page_lists_them_in_the_readers_language(client, units):
    import_procedures([demo_record(BUILDING_PERMIT)])
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "Thông tin cần khai khi nộp hồ sơ" in html
    assert "Địa chỉ công trình" in html and "Thửa đất (số tờ bản đồ, số thửa)" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "Information to give when applying" in html
    assert "Construction address" in html and "Land parcel (map sheet no., parcel no.)" in html


def test_the_api_procedure_detail_says_what_form_data_takes(client, units):
    import_procedures([demo_record(BUILDING_PERMIT)])
    body = client.get(f"/api/v1/procedures/{BUILDING_PERMIT}").json()
    floors = next(f for f in body["intake_fields"] if f["key"] == "so_tang")
    assert (floors["kind"], floors["required"], floors["min_value"], floors["max_value"]) == ("integer", True, 1.0, 15.0)
