"""A refusal during processing prints the processing unit's written notice with its reasons (Decree
61/2018 art. 19(3)), not the desk's refusal-at-intake slip (Mẫu 03)."""
from motcua.forms.rendering import render_form
from motcua.forms.selectors import applicable_forms

from .conftest import APPLICANT, act, local, receive
from .test_forms_pdf import assert_common, pdf_text
from .test_paper_and_signers import page_sizes

REASONS = "Thửa đất nằm trong hành lang bảo vệ công trình giao thông\nCông trình vượt chiều cao theo quy hoạch"


def refused_in_processing(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    return act(city, d, "truongphong.qldt", "refuse", note=REASONS, at=local(2024, 11, 27, 9, 0))


def test_refusal_during_processing_prints_the_units_notice_with_its_reasons(city):
    d = refused_in_processing(city)
    pdf = render_form("tb", d)
    text = assert_common(pdf, "thong-bao-tu-choi", d.code)
    assert "THÔNG BÁO Về việc không giải quyết hồ sơ thủ tục hành chính" in text
    assert "PHÒNG QUẢN LÝ ĐÔ THỊ" in text  # the processing unit issues it
    assert "Thửa đất nằm trong hành lang bảo vệ công trình giao thông" in text
    assert "Công trình vượt chiều cao theo quy hoạch" in text
    assert f"mã hồ sơ {d.code}" in text and "Nguyễn Thị Hằng Nga" in text
    assert "Phòng Quản lý đô thị trả lại hồ sơ cho Ông/Bà qua Trung tâm Hành chính công thành phố Cẩm Phả" in text
    assert city["truongphong.qldt"].full_name in text  # the head who refused signs it
    # Not worded as a refusal at the counter.
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" not in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text
    assert page_sizes(pdf) == {(595.28, 841.89)}  # the unit's document, on A4


def test_the_notice_not_mau03_applies_to_a_refusal_during_processing(city):
    d = refused_in_processing(city)
    assert applicable_forms(d) == ["01", "tb", "05"]
    at_counter = receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền giải quyết")
    assert applicable_forms(at_counter) == ["03"]
    assert "Không thuộc thẩm quyền giải quyết" in pdf_text(render_form("03", at_counter))
