"""Import from Excel: errors name the Vietnamese sheet, the Excel row and the column header."""
import copy
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from motcua.catalog.exporting import export_xlsx
from motcua.catalog.importing import (
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    import_procedures,
    import_xlsx,
)
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]


@pytest.fixture
def workbook():
    """The demo catalog as a workbook, exported then emptied from the database."""
    load_demo_units()
    import_procedures(copy.deepcopy(DEMO))
    data = export_xlsx(Procedure.objects.all())
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    return load_workbook(io.BytesIO(data))


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def column(ws, header) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def test_demo_workbook_imports(workbook):
    assert import_xlsx(save(workbook)).created == 19


def test_bad_rows_in_different_sheets_are_reported_together_and_nothing_is_written(workbook):
    ws = workbook[SHEET_PROCEDURES]
    ws.cell(row=4, column=column(ws, "Thời hạn"), value=-2)
    ws.cell(row=6, column=column(ws, "Cấp thực hiện"), value="Cấp thôn")
    docs = workbook[SHEET_DOCUMENTS]
    docs.cell(row=3, column=column(docs, "Số bản sao"), value="hai")
    fees = workbook[SHEET_FEES]
    fees.cell(row=2, column=column(fees, "Số tiền (đồng)"), value=-5)
    steps = workbook[SHEET_STEPS]
    steps.cell(row=2, column=column(steps, "Tỷ lệ thời gian"), value=0.9)
    steps.cell(row=6, column=column(steps, "Vai trò thực hiện"), value="Bảo vệ")
    docs.cell(row=docs.max_row + 1, column=1, value="0.000000.H49")
    docs.cell(row=docs.max_row, column=column(docs, "Tên giấy tờ"), value="Giấy lạ")
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(workbook))
    places = {(e["sheet"], e["row"], e["column"]) for e in exc.value.errors}
    assert {
        (SHEET_PROCEDURES, 4, "Thời hạn"),
        (SHEET_PROCEDURES, 6, "Cấp thực hiện"),
        (SHEET_DOCUMENTS, 3, "Số bản sao"),
        (SHEET_FEES, 2, "Số tiền (đồng)"),
        (SHEET_STEPS, 2, "Tỷ lệ thời gian"),
        (SHEET_STEPS, 6, "Vai trò thực hiện"),
        (SHEET_DOCUMENTS, docs.max_row, "Mã thủ tục"),
    } <= places, exc.value.errors
    assert any('Thủ tục, dòng 4, cột "Thời hạn": phải là số không âm' in line for line in [exc.value.detail])
    assert Procedure.objects.count() == 0 and ProcedureVersion.objects.count() == 0


def test_vietnamese_labels_and_codes_are_both_accepted_for_choices(workbook):
    ws = workbook[SHEET_PROCEDURES]
    ws.cell(row=2, column=column(ws, "Cấp thực hiện"), value="ward")
    ws.cell(row=3, column=column(ws, "Cấp thực hiện"), value="cap xa / phuong")
    assert import_xlsx(save(workbook)).created == 19


def test_a_missing_key_column_is_reported_on_the_header_row(workbook):
    docs = workbook[SHEET_DOCUMENTS]
    docs.cell(row=1, column=1, value="Mã")
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(workbook))
    assert (SHEET_DOCUMENTS, 1, "Mã thủ tục") in {(e["sheet"], e["row"], e["column"]) for e in exc.value.errors}


def test_unknown_variant_name_is_reported(workbook):
    steps = workbook[SHEET_STEPS]
    steps.cell(row=2, column=column(steps, "Trường hợp"), value="Không có")
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(workbook))
    assert (SHEET_STEPS, 2, "Trường hợp") in {(e["sheet"], e["row"], e["column"]) for e in exc.value.errors}


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04garbage"])
def test_a_file_that_is_not_xlsx_is_a_clear_error(data):
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(data)
    assert "Excel (.xlsx)" in exc.value.detail


def test_a_workbook_without_the_procedure_sheet_is_an_error(db):
    wb = Workbook()
    wb.active.title = "Sheet1"
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(wb))
    assert "Thủ tục" in exc.value.errors[0]["message"]
