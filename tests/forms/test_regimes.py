"""Each dossier prints the forms of the regime in force at its receipt instant (docs/decisions/0020-regimes.md):
Circular 01/2018 until 30/06/2025, Circular 03/2025 (seven forms, the stop notice as Mẫu 05, the control
sheet and the book moved to 06 and 07) from 01/07/2025 — whatever today's date is."""
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from motcua.forms import regimes
from motcua.forms.rendering import render_form, tracking_book_pdf, tracking_book_xlsx
from motcua.forms.selectors import applicable_forms, regime_for
from motcua.units.models import Unit

from .conftest import APPLICANT, act, local, receive
from .test_forms_pdf import assert_common, pdf_text
from .test_paper_and_signers import A4_LANDSCAPE, A5, page_sizes

CIRCULAR_2025 = "Thông tư số 03/2025/TT-VPCP"
STOP_REASON = "Theo đề nghị của người nộp hồ sơ (đơn xin dừng ngày 03/07/2025)"


def in_processing(city, at):
    d = receive(city, applicant=APPLICANT, at=at)
    return act(city, d, "tiepnhan.hcc", "transfer", at=at.replace(hour=at.hour + 1))


def test_the_regime_table_hands_over_at_midnight_of_1_july_2025_local_time():
    assert regimes.regime_on(date(2019, 1, 6)).key == "nd61-2018"
    assert regimes.regime_on(date(2025, 6, 30)).key == "nd61-2018"
    assert regimes.regime_on(date(2025, 7, 1)).key == "nd118-2025"
    assert regimes.regime_on(date(2031, 1, 1)).key == "nd118-2025"
    assert regimes.regime_on(date(2017, 1, 1)).key == "nd61-2018"  # older dossiers: the oldest forms we have
    # 30/06/2025 23:30 in Việt Nam is 16:30 UTC: still the old regime; 01/07 00:10 local is the new one.
    assert regimes.regime_at(local(2025, 6, 30, 23, 30)).key == "nd61-2018"
    assert regimes.regime_at(local(2025, 7, 1, 0, 10)).key == "nd118-2025"
    numbers = {r.key: [(f.number, f.purpose) for f in r.forms if f.number != "tb"] for r in regimes.REGIMES}
    assert numbers["nd61-2018"] == [("01", "receipt"), ("02", "supplement"), ("03", "refusal"), ("04", "apology"),
                                    ("05", "control"), ("06", "book")]
    assert numbers["nd118-2025"] == [("01", "receipt"), ("02", "supplement"), ("03", "refusal"), ("04", "apology"),
                                     ("05", "stop"), ("06", "control"), ("07", "book")]


def test_the_book_of_a_period_across_the_change_is_split_per_regime():
    parts = [(r.key, a, b) for r, a, b in regimes.split_period(date(2025, 6, 1), date(2025, 7, 31))]
    assert parts == [("nd61-2018", date(2025, 6, 1), date(2025, 6, 30)), ("nd118-2025", date(2025, 7, 1), date(2025, 7, 31))]
    assert [r.key for r, _, _ in regimes.split_period(date(2025, 7, 1), date(2025, 7, 31))] == ["nd118-2025"]


def test_a_dossier_received_on_30_june_2025_prints_the_2018_forms_forever(city):
    d = in_processing(city, local(2025, 6, 30, 15, 0))
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):  # printed long after the change
        assert regime_for(d).key == "nd61-2018"
        assert applicable_forms(d) == ["01", "05"]
        receipt = assert_common(render_form("01", d), "regime-2018-mau01", d.code)
        control = assert_common(render_form("05", d), "regime-2018-mau05", d.code)
    assert "Mẫu số 01 — Liên 1" in receipt and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt
    assert "Mẫu số 05" in control and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in control
    assert "03/2025" not in receipt + control
    with pytest.raises(ValueError):  # 06 is the 2018 tracking book, not a form of a dossier
        render_form("06", d)


def test_a_dossier_received_on_1_july_2025_prints_the_2025_forms(city):
    d = in_processing(city, local(2025, 7, 1, 9, 0))
    assert regime_for(d).key == "nd118-2025"
    assert applicable_forms(d) == ["01", "06"]
    receipt = assert_common(render_form("01", d), "regime-2025-mau01", d.code)
    control = assert_common(render_form("06", d), "regime-2025-mau06", d.code)
    assert f"Mẫu số 01 — {CIRCULAR_2025} — Liên 1" in receipt and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 01 tháng 07 năm 2025" in receipt
    assert f"Mẫu số 06 — {CIRCULAR_2025}" in control and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in control
    assert "1. Giao: Trung tâm Hành chính công thành phố Cẩm Phả" in control
    with pytest.raises(ValueError):  # 07 is the 2025 tracking book
        render_form("07", d)


def test_a_dossier_submitted_before_the_change_and_received_after_it_follows_its_receipt(city):
    d = receive(city, "congdan.demo", "1.004873.000.00.00.H49", "CP-CTR-MC", channel="online", applicant=APPLICANT)
    d.submitted_at = local(2025, 6, 30, 20, 0)
    d.received_at = local(2025, 7, 1, 8, 0)
    assert regime_for(d).key == "nd118-2025"
    d.received_at = None  # never received (refused or guided at the check): its submission instant
    assert regime_for(d).key == "nd61-2018"


def test_the_notice_of_stopping_mau05_applies_to_a_stopped_2025_dossier_only(city):
    d = in_processing(city, local(2025, 7, 1, 9, 0))
    d = act(city, d, "truongphong.qldt", "stop", note=STOP_REASON, at=local(2025, 7, 3, 9, 0))
    assert applicable_forms(d) == ["01", "05", "06"]
    pdf = render_form("05", d)
    text = assert_common(pdf, "regime-2025-mau05", d.code)
    assert f"Mẫu số 05 — {CIRCULAR_2025}" in text and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert STOP_REASON in text and "Nguyễn Thị Hằng Nga" in text
    assert "kể từ 09 giờ 00 phút, ngày 03 tháng 07 năm 2025" in text
    assert city["truongphong.qldt"].full_name in text  # who stopped it signs
    assert page_sizes(pdf) == {A5}
    # Under the 2018 regime there is no such form: a stopped dossier prints its receipt and control sheet.
    old = in_processing(city, local(2025, 6, 30, 9, 0))
    old = act(city, old, "truongphong.qldt", "stop", note=STOP_REASON, at=local(2025, 7, 3, 9, 0))
    assert applicable_forms(old) == ["01", "05"]


def test_the_2025_supplement_refusal_and_apology_carry_their_titles_and_print_on_a5(city):
    d = in_processing(city, local(2025, 7, 1, 9, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
            data={"missing": ["Bản vẽ mặt bằng tỷ lệ 1/100"]}, at=local(2025, 7, 2, 9, 0))
    pdf = render_form("02", d)
    text = assert_common(pdf, "regime-2025-mau02", d.code)
    assert f"Mẫu số 02 — {CIRCULAR_2025}" in text and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Bản vẽ mặt bằng tỷ lệ 1/100" in text and page_sizes(pdf) == {A5}

    with time_machine.travel(local(2025, 8, 4, 9, 0), tick=False):
        refused = receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền giải quyết")
    assert applicable_forms(refused) == ["03"]
    pdf = render_form("03", refused)
    text = assert_common(pdf, "regime-2025-mau03", None)
    assert f"Mẫu số 03 — {CIRCULAR_2025}" in text and "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert page_sizes(pdf) == {A5}

    late = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", applicant=APPLICANT,
                   at=local(2025, 7, 1, 9, 0))
    late = act(city, late, "tiepnhan.camtrung", "transfer", at=local(2025, 7, 1, 10, 0))
    late = act(city, late, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
               data={"new_appointment_at": "2025-07-10T17:00:00+07:00"}, at=local(2025, 7, 3, 16, 0))
    assert applicable_forms(late) == ["01", "04", "06"]
    pdf = render_form("04", late)
    text = assert_common(pdf, "regime-2025-mau04", late.code)
    assert f"Mẫu số 04 — {CIRCULAR_2025}" in text
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ" in text
    assert "17 giờ 00 phút, ngày 10 tháng 07 năm 2025" in text
    assert page_sizes(pdf) == {A5}


def test_a_tracking_book_across_the_change_is_one_book_per_regime(city):
    june = in_processing(city, local(2025, 6, 30, 9, 0))
    july = in_processing(city, local(2025, 7, 1, 9, 0))
    hcc = Unit.objects.get(code="CP-HCC")
    pdf = tracking_book_pdf(hcc, date(2025, 6, 1), date(2025, 7, 31))
    assert page_sizes(pdf) == {A4_LANDSCAPE}
    text = assert_common(pdf, "regime-split-book", None)
    old_part, new_part = text.split(f"Mẫu số 07 — {CIRCULAR_2025}")
    assert "Mẫu số 06" in old_part and "Từ ngày 01/06/2025 đến ngày 30/06/2025" in old_part
    assert june.code in old_part and july.code not in old_part
    assert "SỔ THEO DÕI HỒ SƠ" in new_part and "Từ ngày 01/07/2025 đến ngày 31/07/2025" in new_part
    assert july.code in new_part and june.code not in new_part
    # A period wholly under one regime is that regime's book alone.
    text = pdf_text(tracking_book_pdf(hcc, date(2025, 7, 1), date(2025, 7, 31)))
    assert f"Mẫu số 07 — {CIRCULAR_2025}" in text and "Mẫu số 06" not in text


def test_the_2025_tracking_book_mau07_opens_in_excel_with_a_sheet_per_regime(city):
    june = in_processing(city, local(2025, 6, 30, 9, 0))
    july = in_processing(city, local(2025, 7, 1, 9, 0))
    wb = load_workbook(io.BytesIO(tracking_book_xlsx(Unit.objects.get(code="CP-HCC"), date(2025, 6, 1), date(2025, 7, 31))))
    assert wb.sheetnames == ["Sổ theo dõi hồ sơ (Mẫu 06)", "Sổ theo dõi hồ sơ (Mẫu 07)"]
    old, new = wb.worksheets
    assert old["A4"].value == "Mẫu số 06 ban hành kèm theo Thông tư số 01/2018/TT-VPCP"
    assert new["A4"].value == f"Mẫu số 07 ban hành kèm theo {CIRCULAR_2025}"
    assert new["A3"].value == "Từ ngày 01/07/2025 đến ngày 31/07/2025"
    assert [r[1] for r in old.iter_rows(min_row=6, values_only=True)] == [june.code]
    assert [(r[0], r[1]) for r in new.iter_rows(min_row=6, values_only=True)] == [(1, july.code)]  # numbered anew
