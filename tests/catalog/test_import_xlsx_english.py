"""The Excel sheet "Thủ tục" carries the English texts (decision 0037): "Tên tiếng Anh", "Kết quả (tiếng
Anh)", "Lĩnh vực (tiếng Anh)". The import stores them as for JSON (on the procedure and its field, journalled,
nothing when unchanged); a file without these columns still imports and leaves them as stored."""
import copy
import io
import json

import pytest
from openpyxl import load_workbook

from motcua.audit.models import ChangeEvent
from motcua.catalog.exporting import export_json, export_xlsx
from motcua.catalog.importing import SHEET_JSON, SHEET_PROCEDURES, import_json, import_procedures, import_xlsx
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
PERMIT = "1.009994.000.00.00.H49"
ENGLISH_HEADERS = ("Tên tiếng Anh", "Kết quả (tiếng Anh)", "Lĩnh vực (tiếng Anh)")


@pytest.fixture
def catalog():
    load_demo_units()
    import_procedures(copy.deepcopy(DEMO))


def english():
    """{code: (name_en, result_en, field name_en)} of every procedure."""
    return {
        p.code: (p.name_en, p.result_en, p.current_version.field.name_en)
        for p in Procedure.objects.select_related("current_version__field")
    }


def empty_catalog():
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def column(ws, header) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def row_of(ws, code) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == code)


def test_the_json_import_itself_stores_the_english_texts(catalog):
    permit = Procedure.objects.get(code=PERMIT)
    assert (permit.name_en, permit.result_en) == ("Building permit for a new detached house", "Building permit")
    assert Field.objects.get(name="Hộ tịch").name_en == "Civil status"


def test_the_export_has_the_english_columns_and_a_round_trip_keeps_them(catalog):
    before = english()
    assert sum(1 for texts in before.values() if texts[0]) >= 5
    data = export_xlsx(Procedure.objects.all())
    ws = load_workbook(io.BytesIO(data))[SHEET_PROCEDURES]
    row = row_of(ws, PERMIT)
    assert [ws.cell(row=row, column=column(ws, h)).value for h in ENGLISH_HEADERS] == [
        "Building permit for a new detached house", "Building permit", "Construction",
    ]
    # Into the same catalog: nothing changes, nothing is journalled.
    events = ChangeEvent.objects.count()
    report = import_xlsx(data)
    assert (report.created, report.new_versions, report.unchanged) == (0, 0, len(DEMO))
    assert ChangeEvent.objects.count() == events
    # Into an empty catalog: the same English texts.
    empty_catalog()
    assert import_xlsx(data).created == len(DEMO)
    assert english() == before
    assert Procedure.objects.get(code=PERMIT).search_text_en == "building permit for a new detached house"


def test_an_edited_english_name_is_stored_without_a_new_version_and_journalled(catalog):
    wb = load_workbook(io.BytesIO(export_xlsx(Procedure.objects.all())))
    ws = wb[SHEET_PROCEDURES]
    row = row_of(ws, PERMIT)
    ws.cell(row=row, column=column(ws, "Tên tiếng Anh"), value="  New house: building permit ")
    ws.cell(row=row, column=column(ws, "Kết quả (tiếng Anh)")).value = None  # a blank cell clears
    versions = ProcedureVersion.objects.count()
    report = import_xlsx(save(wb))
    assert report.unchanged == len(DEMO) and ProcedureVersion.objects.count() == versions
    permit = Procedure.objects.get(code=PERMIT)
    assert (permit.name_en, permit.result_en) == ("New house: building permit", "")
    event = ChangeEvent.objects.filter(model="procedure", object_id=str(permit.pk)).latest("id")
    assert event.changes == {
        "name_en": ["Building permit for a new detached house", "New house: building permit"],
        "result_en": ["Building permit", ""],
    }


def test_an_old_file_without_the_english_columns_imports_and_keeps_the_stored_texts(catalog):
    before = english()
    wb = load_workbook(io.BytesIO(export_xlsx(Procedure.objects.all())))
    ws = wb[SHEET_PROCEDURES]
    for header in ENGLISH_HEADERS:
        ws.delete_cols(column(ws, header))
    assert not set(ENGLISH_HEADERS) & {c.value for c in ws[1]}
    data = save(wb)
    events = ChangeEvent.objects.count()
    assert import_xlsx(data).unchanged == len(DEMO)
    assert english() == before and ChangeEvent.objects.count() == events
    empty_catalog()
    assert import_xlsx(data).created == len(DEMO)
    assert all(texts == ("", "", "") for texts in english().values())


def test_a_too_long_english_name_is_reported_by_sheet_row_and_column_and_nothing_is_imported(catalog):
    data = export_xlsx(Procedure.objects.all())
    empty_catalog()
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET_PROCEDURES]
    ws.cell(row=3, column=column(ws, "Tên tiếng Anh"), value="x" * 501)
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(wb))
    assert exc.value.errors == [
        {"sheet": SHEET_PROCEDURES, "row": 3, "column": "Tên tiếng Anh", "message": "dài quá 500 ký tự"}
    ]
    assert 'Thủ tục, dòng 3, cột "Tên tiếng Anh": dài quá 500 ký tự' in exc.value.detail
    assert "không có thủ tục nào được nhập" in exc.value.detail
    assert Procedure.objects.count() == 0 and ProcedureVersion.objects.count() == 0


def test_rows_of_one_field_must_agree_on_its_english_name(catalog):
    wb = load_workbook(io.BytesIO(export_xlsx(Procedure.objects.all())))
    ws = wb[SHEET_PROCEDURES]
    field_col, en_col = column(ws, "Lĩnh vực"), column(ws, "Lĩnh vực (tiếng Anh)")
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=field_col).value == "Hộ tịch"]
    assert len(rows) >= 2
    # Given once, blank on the other rows: that name.
    for r in rows:
        ws.cell(row=r, column=en_col).value = None
    ws.cell(row=rows[-1], column=en_col, value="Civil registration")
    import_xlsx(save(wb))
    assert Field.objects.get(name="Hộ tịch").name_en == "Civil registration"
    # Two different names: an error on the second row, nothing changed.
    ws.cell(row=rows[0], column=en_col, value="Civil status")
    with pytest.raises(ValidationFailed) as exc:
        import_xlsx(save(wb))
    [error] = exc.value.errors
    assert (error["sheet"], error["row"], error["column"]) == (SHEET_PROCEDURES, rows[-1], "Lĩnh vực (tiếng Anh)")
    assert f"ở dòng {rows[0]}" in error["message"]
    assert Field.objects.get(name="Hộ tịch").name_en == "Civil registration"


def test_json_english_texts_are_checked_like_the_others(catalog):
    payload = json.loads(export_json(Procedure.objects.all()))
    payload["procedures"][1]["result_en"] = 12  # a number is read as text
    payload["procedures"][2]["name_en"] = ["not", "text"]
    payload["procedures"][3]["field_en"] = "y" * 256
    with pytest.raises(ValidationFailed) as exc:
        import_json(json.dumps(payload).encode())
    assert {(e["sheet"], e["row"], e["column"], e["message"]) for e in exc.value.errors} == {
        (SHEET_JSON, 3, "name_en", "phải là chuỗi ký tự"),
        (SHEET_JSON, 4, "field_en", "dài quá 255 ký tự"),
    }
