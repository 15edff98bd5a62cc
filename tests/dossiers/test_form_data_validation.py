"""The one check of procedure-specific data (catalog.intake.clean_form_data, decision 0045): required
fields, types, choices, ranges, patterns, unknown keys; values stored in one form whatever was typed."""
import pytest
from django.utils import translation

from motcua.catalog.intake import clean_form_data, display_rows, form_data_errors
from motcua.catalog.models import IntakeField
from motcua.common.errors import ValidationFailed
from tests.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    v = make_procedure().current_version
    rows = [
        dict(key="dia_chi", label="Địa chỉ công trình", label_en="Construction address", kind="address", required=True),
        dict(key="thua_dat", label="Thửa đất", kind="parcel", required=True),
        dict(key="so_tang", label="Số tầng", label_en="Storeys", kind="integer", min_value=1, max_value=15),
        dict(key="dien_tich", label="Diện tích (m²)", kind="decimal", min_value=1, max_value=10000),
        dict(key="ngay", label="Ngày hợp đồng", kind="date"),
        dict(key="cap", label="Cấp công trình", kind="choice", choices=["Cấp III", "Cấp IV"]),
        dict(key="so_gcn", label="Số Giấy chứng nhận", kind="text", pattern="[A-Z]{2}[0-9]{6}", max_length=8),
        dict(key="ghi_chu", label="Ghi chú", kind="long_text"),
    ]
    for i, row in enumerate(rows, 1):
        IntakeField.objects.create(version=v, order=i, **row)
    return v


GOOD = {"dia_chi": " Tổ 5, khu 3 ", "thua_dat": {"sheet": "12", "parcel": 345}, "so_tang": "3",
        "dien_tich": "85,5", "ngay": "05/11/2024", "cap": "Cấp IV", "so_gcn": "CS123456", "ghi_chu": "Dòng 1\nDòng 2"}


def test_good_values_are_stored_in_one_form(version):
    assert clean_form_data(version, GOOD) == {
        "dia_chi": "Tổ 5, khu 3", "thua_dat": {"sheet": "12", "parcel": "345"}, "so_tang": 3, "dien_tich": "85.5",
        "ngay": "2024-11-05", "cap": "Cấp IV", "so_gcn": "CS123456", "ghi_chu": "Dòng 1\nDòng 2",
    }
    # JSON numbers and ISO dates as an API client sends them.
    assert clean_form_data(version, {**GOOD, "so_tang": 15, "dien_tich": 120.25, "ngay": "2024-11-05"})["dien_tich"] == "120.25"


def test_required_fields_are_named_when_missing(version):
    with pytest.raises(ValidationFailed) as caught:
        clean_form_data(version, {"thua_dat": {"sheet": "", "parcel": ""}})
    assert caught.value.field == "form_data.dia_chi"
    assert caught.value.errors == [
        {"field": "form_data.dia_chi", "message": "Cần khai “Địa chỉ công trình”."},
        {"field": "form_data.thua_dat", "message": "Cần khai “Thửa đất”."},
    ]
    # Dossiers of the past (and clients that send no form_data) are not refused for what they lack.
    assert clean_form_data(version, {}, partial=True) == {}


@pytest.mark.parametrize(("key", "value", "message"), [
    ("so_tang", "3,5", "“Số tầng” phải là số nguyên."),
    ("so_tang", True, "“Số tầng” phải là số nguyên."),
    ("so_tang", 16, "“Số tầng” phải từ 1 đến 15."),
    ("dien_tich", "nhiều", "“Diện tích (m²)” phải là một số (ví dụ 125,5)."),
    ("dien_tich", "0.5", "“Diện tích (m²)” phải từ 1 đến 10000."),
    ("ngay", "31/02/2024", "“Ngày hợp đồng” phải là một ngày (ngày/tháng/năm)."),
    ("cap", "Cấp I", "“Cấp công trình”: hãy chọn một trong: Cấp III; Cấp IV."),
    ("so_gcn", "cs123456", "“Số Giấy chứng nhận” không đúng định dạng quy định."),
    ("so_gcn", "CS1234567", "Số Giấy chứng nhận: Quá dài: tối đa 8 ký tự (đã gửi 9)."),
    ("thua_dat", {"sheet": "12"}, "“Thửa đất”: cần số tờ bản đồ và số thửa, mỗi số gồm chữ số (ví dụ 12 và 345)."),
    ("thua_dat", "12/345", "“Thửa đất” phải gồm số tờ bản đồ (sheet) và số thửa (parcel)."),
    ("dia_chi", "Tổ 5\nkhu 3", "“Địa chỉ công trình” chỉ gồm một dòng."),
    ("dia_chi", "Tổ 5\x00", "Địa chỉ công trình: Không được chứa ký tự điều khiển (ví dụ ký tự NUL)."),
])
def test_a_wrong_value_is_named_with_its_reason(version, key, value, message):
    values, errors = form_data_errors(version.intake_fields.all(), {**GOOD, key: value})
    assert errors == [{"field": f"form_data.{key}", "key": key, "message": message}]
    assert key not in values


def test_unknown_keys_and_a_non_object_are_refused(version):
    _values, errors = form_data_errors(version.intake_fields.all(), {**GOOD, "mat_tien": "5 m"})
    assert errors == [{"field": "form_data.mat_tien", "key": "mat_tien",
                       "message": "Thủ tục này không có trường thông tin “mat_tien”."}]
    _values, errors = form_data_errors(version.intake_fields.all(), ["a"])
    assert errors[0]["field"] == "form_data"


def test_messages_and_labels_in_english(version):
    with translation.override("en"):
        _values, errors = form_data_errors(version.intake_fields.all(), {**GOOD, "so_tang": "x", "dia_chi": ""})
        assert [e["message"] for e in errors] == ["Please fill in “Construction address”.", "“Storeys” must be a whole number."]
        rows = display_rows(version.intake_fields.all(), clean_form_data(version, GOOD))
    assert rows[0] == {"key": "dia_chi", "label": "Construction address", "value": "Tổ 5, khu 3"}
    assert rows[1]["value"] == "Map sheet no. 12, parcel no. 345"
    assert rows[3]["value"] == "85.5"


def test_values_as_people_read_them_in_vietnamese(version):
    rows = {r["key"]: r for r in display_rows(version.intake_fields.all(), clean_form_data(version, GOOD))}
    assert rows["thua_dat"]["value"] == "Tờ bản đồ số 12, thửa đất số 345"
    assert rows["dien_tich"]["value"] == "85,5" and rows["ngay"]["value"] == "05/11/2024"
    assert rows["so_tang"]["label"] == "Số tầng"
    capital = IntakeField(key="von", label="Vốn (đồng)", kind="integer")
    assert display_rows([capital], {"von": 500000000}) == [{"key": "von", "label": "Vốn (đồng)", "value": "500.000.000"}]
    with translation.override("en"):
        assert display_rows([capital], {"von": 500000000})[0]["value"] == "500,000,000"
