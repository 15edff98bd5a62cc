"""Every kind of bad record is reported with its place (sheet, row, column) and nothing is written."""
import copy
import json

import pytest

from motcua.catalog.importing import format_error, import_procedures
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion
from motcua.common.errors import ValidationFailed
from motcua.demo.services import DATA_DIR, load_demo_units

pytestmark = pytest.mark.django_db

DEMO = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
# Row 9 of the file: a city procedure with four steps, a unit code and a flat fee.
ROW = 9


def _set(record, path, value):
    *head, last = path
    for key in head:
        record = record[key]
    if value is DELETE:
        del record[last]
    else:
        record[last] = value


DELETE = object()

CASES = [
    ("missing_name", ("name",), DELETE, "name", "thiếu giá trị bắt buộc"),
    ("missing_code", ("code",), "", "code", "thiếu giá trị bắt buộc"),
    ("missing_processing_time", ("processing_time",), DELETE, "processing_time", "thiếu giá trị bắt buộc"),
    ("unknown_level", ("level",), "district", "level", "không hợp lệ"),
    ("unknown_time_unit", ("processing_time", "time_unit"), "weeks", "processing_time.time_unit", "không hợp lệ"),
    ("unknown_online_level", ("online",), "level4", "online", "không hợp lệ"),
    ("legacy_level_out_of_range", ("legacy_online_level",), 5, "legacy_online_level", "từ 1 đến 4"),
    ("unknown_lienthong_kind", ("lienthong", "kind"), "four_level", "lienthong.kind", "không hợp lệ"),
    ("unknown_step_role", ("steps", 1, "role"), "boss", "steps[2].role", "không hợp lệ"),
    ("unknown_unit_code", ("implementing_unit",), "CP-XYZ", "implementing_unit", "không có đơn vị"),
    ("unknown_step_unit", ("steps", 0, "unit"), "CP-NOPE", "steps[1].unit", "không có đơn vị"),
    ("negative_amount", ("processing_time", "amount"), -3, "processing_time.amount", "phải là số không âm"),
    ("non_numeric_amount", ("processing_time", "amount"), "ba ngày", "processing_time.amount", "phải là số không âm"),
    ("zero_working_days", ("processing_time", "amount"), 0, "processing_time.amount", "phải lớn hơn 0"),
    ("negative_fee", ("fee", "amount"), -1000, "fee.amount", "phải là số không âm"),
    ("non_numeric_fee", ("fee", "amount"), "năm nghìn", "fee.amount", "phải là số không âm"),
    ("negative_copies", ("documents", 0, "copies"), -1, "documents[1].copies", "không âm"),
    ("fractional_originals", ("documents", 0, "originals"), 1.5, "documents[1].originals", "số nguyên"),
    ("no_originals_nor_copies", ("documents", 0, "originals"), 0, "documents[1].originals", "ít nhất 1 bản"),
    ("shares_not_one", ("steps", 0, "share"), 0.5, "steps[1].share", "phải bằng 1"),
    ("duplicate_step_order", ("steps", 1, "order"), 1, "steps[1].order", "bị trùng"),
    ("bad_cutoff", ("same_day_cutoff",), "25:00", "same_day_cutoff", "HH:MM"),
    ("bad_cutoff_text", ("same_day_cutoff",), "3 giờ chiều", "same_day_cutoff", "HH:MM"),
    ("empty_received_at", ("received_at",), [], "received_at", "thiếu"),
    ("bad_pause_policy", ("pause_policy",), "stop", "pause_policy", "không hợp lệ"),
    ("bad_fee_per", ("fee", "per"), "kg", "fee.per", "không hợp lệ"),
]


@pytest.fixture
def units():
    load_demo_units()


def snapshot():
    return Procedure.objects.count(), ProcedureVersion.objects.count(), Field.objects.count(), Fee.objects.count()


@pytest.mark.parametrize(("kind", "path", "value", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_reported_and_nothing_is_written(units, kind, path, value, column, message):
    records = copy.deepcopy(DEMO)
    _set(records[ROW - 1], path, value)
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    assert snapshot() == before
    places = [(e["sheet"], e["row"], e["column"]) for e in exc.value.errors]
    assert ("JSON", ROW, column) in places, exc.value.errors
    error = next(e for e in exc.value.errors if e["column"] == column)
    assert message in error["message"]


def test_bad_record_after_existing_catalog_changes_nothing(units):
    import_procedures(copy.deepcopy(DEMO))
    records = copy.deepcopy(DEMO)
    records[0]["name"] = "Tên đã đổi"  # a valid change…
    records[ROW - 1]["level"] = "district"  # …and a bad row: neither is written
    before = snapshot()
    with pytest.raises(ValidationFailed):
        import_procedures(records)
    assert snapshot() == before
    assert Procedure.objects.get(code=DEMO[0]["code"]).current_version.name == DEMO[0]["name"]


def test_duplicate_code_in_the_file_names_both_rows(units):
    records = copy.deepcopy(DEMO)
    records[4]["code"] = records[1]["code"]
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    error = exc.value.errors[0]
    assert (error["sheet"], error["row"], error["column"]) == ("JSON", 5, "code")
    assert "trùng với dòng 2" in error["message"]
    assert Procedure.objects.count() == 0


def test_every_error_of_the_file_is_reported_at_once(units):
    records = copy.deepcopy(DEMO)
    records[0]["level"] = "district"
    records[2]["processing_time"]["amount"] = -1
    records[10]["documents"][0]["copies"] = "hai"
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    assert [(e["row"], e["column"]) for e in exc.value.errors] == [
        (1, "level"), (3, "processing_time.amount"), (11, "documents[1].copies"),
    ]
    assert format_error(exc.value.errors[1]) == 'JSON, dòng 3, cột "processing_time.amount": phải là số không âm'
    assert "3 lỗi" in exc.value.detail


def test_a_record_that_is_not_an_object_is_reported(units):
    with pytest.raises(ValidationFailed) as exc:
        import_procedures(["không phải thủ tục"])
    assert exc.value.errors[0]["row"] == 1


ENGLISH_CASES = [
    ("missing_name", ("name",), DELETE, "name", "required value missing"),
    ("unknown_level", ("level",), "district", "level", "is not valid; choose one of"),
    ("unknown_unit_code", ("implementing_unit",), "CP-XYZ", "implementing_unit", "no unit with code “CP-XYZ”"),
    ("bad_cutoff", ("same_day_cutoff",), "25:00", "same_day_cutoff", "write it as HH:MM"),
    # Rules shared with publishing: their column is found by the Vietnamese text whatever the language.
    ("zero_working_days", ("processing_time", "amount"), 0, "processing_time.amount", "greater than 0"),
    ("shares_not_one", ("steps", 0, "share"), 0.5, "steps[1].share", "add up to 1"),
    ("duplicate_step_order", ("steps", 1, "order"), 1, "steps[1].order", "have the same number"),
]


@pytest.mark.parametrize(("kind", "path", "value", "column", "message"), ENGLISH_CASES, ids=[c[0] for c in ENGLISH_CASES])
def test_errors_read_english_in_english_mode_at_the_same_place(units, kind, path, value, column, message):
    from django.utils import translation

    records = copy.deepcopy(DEMO)
    _set(records[ROW - 1], path, value)
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        import_procedures(records)
    places = [(e["sheet"], e["row"], e["column"]) for e in exc.value.errors]
    assert ("JSON", ROW, column) in places, exc.value.errors
    error = next(e for e in exc.value.errors if e["column"] == column)
    assert message in format_error(error), error
    assert exc.value.detail.startswith("The import file has 1 error; no procedure was imported. JSON, row 9, column")
