"""Export to JSON and Excel reads back as unchanged (round trip), variants and fee formulas included."""
import copy
import io
import json

import pytest
from openpyxl import load_workbook

from motcua.catalog.exporting import export_json, export_records, export_xlsx
from motcua.catalog.importing import (
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_INTAKE_FIELDS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEET_VARIANTS,
    import_json,
    import_procedures,
    import_xlsx,
)
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]

RICH = {
    "code": "9.999999.000.00.00.H49",
    "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "field": "Xây dựng",
    "level": "city",
    "implementing_unit": "CP-QLDT",
    "received_at": ["city_admin_center", "CP-HCC"],
    "processing_time": {"amount": 15, "time_unit": "working_days"},
    "online_amount": 12.5,
    "fees": [
        {"name": "Lệ phí", "text": "75.000 đồng/giấy phép", "amount": 75000, "per": "license"},
        {"name": "Phí sao", "text": "2.000 đồng/trang", "formula": {"first_pages": 2, "first_page_fee": 2000,
                                                                    "next_page_fee": 1000, "max_per_copy": 200000}},
    ],
    "documents": [
        {"name": "Đơn đề nghị (mẫu 01)", "originals": 1, "copies": 0, "template": "Mẫu 01"},
        {"name": "Bản vẽ thiết kế", "originals": 2, "copies": 0},
        {"name": "Giấy tờ khác", "originals": 0, "copies": 0, "optional": True, "note": "nếu có"},
    ],
    "result": "Giấy phép xây dựng",
    "legal_basis": ["Luật Xây dựng 2014; sửa đổi 2020", "Nghị định 15/2021/NĐ-CP"],
    "online": "partial",
    "legacy_online_level": 3,
    # Imported today, after 1 July 2026: not full online, so with its legal reason (Decree 224/2026, art. 14).
    "partial_online_reason": "Chủ đầu tư ký bản vẽ trước cán bộ thẩm định",
    "lienthong": {"kind": "horizontal", "units": ["CP-QLDT", "CP-TNMT"], "note": "Hỏi ý kiến"},
    "steps": [
        {"order": 1, "name": "Tiếp nhận", "role": "counter_officer", "unit": "CP-HCC", "share": 0.1},
        {"order": 2, "name": "Thẩm định", "role": "specialist", "unit": "CP-QLDT", "share": 0.6},
        {"order": 3, "name": "Ký", "role": "leader", "unit": "CP", "share": 0.3},
    ],
    "variants": [
        {"name": "Nhà ở nông thôn", "processing_time": {"amount": 10, "time_unit": "working_days"},
         "documents": [{"name": "Sơ đồ vị trí", "originals": 1, "copies": 1}],
         "steps": [{"order": 1, "name": "Thẩm định", "role": "specialist", "unit": "CP-QLDT", "share": 1}],
         "note": "Không cần bản vẽ"},
        {"name": "Gia hạn giấy phép"},
    ],
    "conditions": "Có quyền sử dụng đất",
    "subjects": "Cá nhân, hộ gia đình",
    "steps_text": "Nộp hồ sơ tại Trung tâm",
    "dossier_sets": 2,
    "same_day_cutoff": "15:30",
    "pause_policy": "restart",
    "note": "Ghi chú",
}


@pytest.fixture
def catalog():
    load_demo_units()
    import_procedures([*copy.deepcopy(DEMO), copy.deepcopy(RICH)])


def versions():
    return list(ProcedureVersion.objects.order_by("pk").values_list("pk", "number", "status"))


def test_json_round_trip_is_unchanged(catalog):
    before = versions()
    report = import_json(export_json(Procedure.objects.all()))
    assert (report.created, report.new_versions, report.unchanged) == (0, 0, 20)
    assert versions() == before


def test_xlsx_round_trip_is_unchanged(catalog):
    before = versions()
    report = import_xlsx(export_xlsx(Procedure.objects.all()))
    assert (report.created, report.new_versions, report.unchanged) == (0, 0, 20)
    assert versions() == before


def test_exported_record_keeps_variants_fees_and_steps(catalog):
    [record] = export_records(Procedure.objects.filter(code=RICH["code"]))
    assert record["variants"][0]["documents"] == [
        {"name": "Sơ đồ vị trí", "originals": 1, "copies": 1, "optional": False, "template": "", "note": ""}
    ]
    assert record["fees"][1]["formula"]["max_per_copy"] == 200000
    assert record["online_amount"] == 12.5 and record["same_day_cutoff"] == "15:30"
    assert [s["share"] for s in record["steps"]] == [0.1, 0.6, 0.3]


def test_xlsx_has_vietnamese_sheets_and_headers(catalog):
    wb = load_workbook(io.BytesIO(export_xlsx(Procedure.objects.all())))
    assert wb.sheetnames == [SHEET_PROCEDURES, SHEET_VARIANTS, SHEET_DOCUMENTS, SHEET_FEES, SHEET_STEPS, SHEET_INTAKE_FIELDS]
    headers = [c.value for c in wb[SHEET_PROCEDURES][1]]
    assert headers[:3] == ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực"]
    assert wb[SHEET_PROCEDURES].max_row == 21


def test_xlsx_into_an_empty_catalog_creates_the_same_procedures(catalog):
    data = export_xlsx(Procedure.objects.all())
    exported = export_records(Procedure.objects.all())
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    assert import_xlsx(data).created == 20
    assert export_records(Procedure.objects.all()) == exported
