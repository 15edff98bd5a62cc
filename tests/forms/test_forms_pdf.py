"""The six forms of Circular 01/2018 as PDF: the text a reader sees (pdftotext) and page 1 as an image."""
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from motcua.dossiers import services
from motcua.forms import marks
from motcua.forms.regimes import REGIMES, regime_on
from motcua.forms.rendering import render_form, tracking_book_pdf
from motcua.units.models import Unit

from .conftest import APPLICANT, act, local, receive

OUT = Path(__file__).resolve().parents[2] / "test-output" / "forms"
HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MARITAL = "1.004873.000.00.00.H49"


def pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())  # one line: wrapped phrases still match


def page_one_png(pdf: bytes, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(OUT / f"{name}.pdf"), str(OUT / name)],
        check=True,
    )
    return OUT / f"{name}.png"


def assert_common(pdf: bytes, name: str, code: str | None) -> str:
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for line in HEADING:
        assert line in text
    if code:
        assert code in text
        assert marks.lookup_url(code).split("?")[0] in text
        assert f"Mã kiểm tra: {marks.lookup_check(code)}" in text
    png = page_one_png(pdf, name)
    assert png.exists() and png.stat().st_size > 10_000
    return text


def test_receipt_mau01_has_two_copies_code_due_instant_and_name(returned):
    pdf = render_form("01", returned)
    text = assert_common(pdf, "mau01", returned.code)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Liên 1: Lưu hồ sơ" in text and "Liên 2: Giao người nộp hồ sơ" in text
    assert text.count(returned.code + " ") >= 2 or text.count(returned.code) >= 4
    assert "Nguyễn Thị Hằng Nga" in text
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 25 tháng 11 năm 2024" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 16 tháng 12 năm 2024" in text
    assert "15 ngày làm việc" in text and "đã trừ" in text  # the deadline engine's explanation
    assert "Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)" in text
    assert "UBND THÀNH PHỐ CẨM PHẢ" in text and "Cẩm Phả, ngày 25 tháng 11 năm 2024" in text
    assert subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.count(b"Pages:") == 1


def test_fonts_are_the_shipped_ones_embedded(returned):
    fonts = subprocess.run(["pdffonts", "-"], input=render_form("01", returned), capture_output=True, check=True).stdout.decode()
    assert "Form-Serif" in fonts and "Form-Serif-Bold" in fonts
    assert "Times" not in fonts and "Helvetica" not in fonts


def test_name_given_decomposed_prints_in_nfc(city):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng Nga")
    d = receive(city, applicant={**APPLICANT, "name": decomposed}, at=local(2024, 11, 25, 9, 0))
    text = pdf_text(render_form("01", d))
    assert unicodedata.normalize("NFC", decomposed) in text


def test_supplement_request_mau02_lists_everything_missing(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(
        city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
        data={"missing": [{"name": "Bản vẽ mặt bằng tỷ lệ 1/100", "originals": 2, "copies": 0}, "Giấy xác nhận hiện trạng"]},
        at=local(2024, 11, 26, 9, 0),
    )
    text = assert_common(render_form("02", d), "mau02", d.code)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Bản vẽ mặt bằng tỷ lệ 1/100" in text and "Giấy xác nhận hiện trạng" in text
    assert "Lý do: Bản vẽ chưa đúng tỷ lệ" in text and "Nguyễn Thị Hằng Nga" in text
    assert "PHÒNG QUẢN LÝ ĐÔ THỊ" in text  # issued by the unit that asked


def test_supplement_request_at_intake_from_the_checklist_without_a_saved_dossier(city):
    """Incomplete at the counter: nothing is received, the officer prints Mẫu 02 from the missing list."""
    with pytest.raises(services.IncompleteDossier) as caught:
        receive(city, applicant=APPLICANT, checklist={}, at=local(2024, 11, 25, 9, 0))
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier

    procedure = Procedure.objects.get(code="1.009994.000.00.00.H49")
    hcc = Unit.objects.get(code="CP-HCC")
    draft = Dossier(
        procedure=procedure, procedure_version=procedure.current_version, reception_unit=hcc, current_unit=hcc,
        channel="counter", applicant_name="Nguyễn Thị Hằng Nga",
    )
    text = pdf_text(render_form("02", draft, missing=caught.value.missing, reason="Hồ sơ chưa đủ thành phần"))
    for item in caught.value.missing:
        assert item["name"] in text
    assert "Nguyễn Thị Hằng Nga" in text and HEADING[0] in text


def test_refusal_mau03_gives_the_reasons(city):
    d = receive(city, applicant=APPLICANT, refusal_reason="Thửa đất nằm trong quy hoạch giao thông\nKhông thuộc thẩm quyền")
    text = assert_common(render_form("03", d), "mau03", None)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Thửa đất nằm trong quy hoạch giao thông" in text and "Không thuộc thẩm quyền" in text
    assert "Nguyễn Thị Hằng Nga" in text


def test_apology_mau04_has_the_new_appointment(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(
        city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm tại nơi cư trú",
        data={"new_appointment_at": "2024-12-02T17:00:00+07:00"}, at=local(2024, 11, 27, 16, 0),
    )
    text = assert_common(render_form("04", d), "mau04", d.code)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "09 giờ 00 phút, ngày 28 tháng 11 năm 2024" in text  # the original due instant
    assert "17 giờ 00 phút, ngày 02 tháng 12 năm 2024" in text  # the new appointment
    assert "Cần xác minh thêm tại nơi cư trú" in text and "Nguyễn Thị Hằng Nga" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG CẨM TRUNG" in text


def test_control_sheet_mau05_has_one_row_per_hand_over(returned):
    text = assert_common(render_form("05", returned), "mau05", returned.code)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert text.count("1. Giao:") == 5  # desk→QLĐT, assign, QLĐT→city, city→desk, desk→applicant
    assert "10 giờ 00 phút, ngày 25 tháng 11 năm 2024" in text
    assert "Người nhận: Chuyên viên Phòng Quản lý đô thị" in text
    assert "Tổ chức, cá nhân" in text
    assert "Đúng hạn" in text and "Trước hạn" in text


def test_control_sheet_rows_judge_each_unit_against_its_own_share(returned):
    from motcua.forms.selectors import control_sheet_rows

    rows = control_sheet_rows(returned)
    assert [(r.giver_unit, r.receiver_unit, r.timeliness) for r in rows] == [
        ("Trung tâm Hành chính công thành phố Cẩm Phả", "Phòng Quản lý đô thị", "on_time"),
        ("Phòng Quản lý đô thị", "Phòng Quản lý đô thị", ""),
        ("Phòng Quản lý đô thị", "Thành phố Cẩm Phả", "early"),
        ("Thành phố Cẩm Phả", "Trung tâm Hành chính công thành phố Cẩm Phả", "early"),
        ("Trung tâm Hành chính công thành phố Cẩm Phả", "Tổ chức, cá nhân", "early"),
    ]


def test_tracking_book_mau06_pdf(returned, city):
    receive(city, applicant={"name": "Lê Văn Cường"}, at=local(2024, 11, 26, 9, 0))
    pdf = tracking_book_pdf(Unit.objects.get(code="CP-HCC"), date(2024, 11, 1), date(2024, 11, 30))
    text = assert_common(pdf, "mau06", None)
    assert returned.code in text
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Từ ngày 01/11/2024 đến ngày 30/11/2024" in text
    assert "Nguyễn Thị Hằng Nga" in text and "Lê Văn Cường" in text
    assert "CP-HCC-241126-0001" in text


def test_unknown_kind_is_refused(returned):
    with pytest.raises(ValueError):
        render_form("07", returned)


def test_regime_is_chosen_by_date():
    assert regime_on(date(2018, 11, 25)).templates == "tt01_2018"
    assert REGIMES[0].templates == "tt01_2018"
