"""The paper of the forms (Circular 01/2018 Art. 9(2): slips on A5, the tracking book on A4), the names of
those who sign them, and the tracking book's code column."""
import re
import subprocess
from datetime import date

from motcua.forms.rendering import render_form, tracking_book_pdf
from motcua.units.models import Unit

from .conftest import APPLICANT, act, local, receive
from .test_forms_pdf import page_one_png, pdf_text

A5 = (419.53, 595.28)  # points, portrait
A4_LANDSCAPE = (841.89, 595.28)


def page_sizes(pdf: bytes) -> set[tuple[float, float]]:
    """The size of every page, in points (pdfinfo -f 1 -l N)."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes, info
    return {(round(float(w), 2), round(float(h), 2)) for w, h in sizes}


def test_slips_01_to_05_print_on_a5(returned):
    for kind in ("01", "05"):
        assert page_sizes(render_form(kind, returned)) == {A5}, kind


def test_receipt_mau01_is_one_a5_page_per_copy(returned):
    pdf = render_form("01", returned)
    page_one_png(pdf, "mau01-a5")
    assert len(re.findall(r"Page\s+\d+ size", subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", "-"], input=pdf, capture_output=True, check=True).stdout.decode())) == 2


def test_supplement_refusal_and_apology_slips_print_on_a5(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
            data={"missing": ["Bản vẽ mặt bằng tỷ lệ 1/100"]}, at=local(2024, 11, 26, 9, 0))
    assert page_sizes(render_form("02", d)) == {A5}
    refused = receive(city, applicant=APPLICANT, refusal_reason="Không thuộc thẩm quyền")
    assert page_sizes(render_form("03", refused)) == {A5}
    late = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", applicant=APPLICANT,
                   at=local(2024, 11, 25, 9, 0))
    late = act(city, late, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
    late = act(city, late, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
               data={"new_appointment_at": "2024-12-02T17:00:00+07:00"}, at=local(2024, 11, 27, 16, 0))
    pdf = render_form("04", late)
    assert page_sizes(pdf) == {A5}
    page_one_png(pdf, "mau04-a5")
    # Mẫu 04 is signed by the head of the unit at fault: the leader who issued it.
    assert "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên, đóng dấu) " + city["lanhdao.camtrung"].full_name in pdf_text(pdf)


def test_tracking_book_mau06_prints_on_a4_landscape(returned):
    pdf = tracking_book_pdf(Unit.objects.get(code="CP-HCC"), date(2024, 11, 1), date(2024, 11, 30))
    assert page_sizes(pdf) == {A4_LANDSCAPE}


def test_supplement_request_mau02_prints_the_guiding_officers_name(city):
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Bản vẽ chưa đúng tỷ lệ",
            data={"missing": ["Bản vẽ mặt bằng tỷ lệ 1/100"]}, at=local(2024, 11, 26, 9, 0))
    pdf = render_form("02", d)  # as the print button calls it: no officer given
    page_one_png(pdf, "mau02-a5")
    text = pdf_text(pdf)
    name = city["chuyenvien.qldt"].full_name
    assert name
    assert f"NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) {name}" in text
    assert f"liên hệ {name}" in text


def test_receipt_mau01_of_an_online_dossier_is_signed_by_the_receiving_officer_not_the_citizen(city):
    from motcua.dossiers import services

    d = receive(city, "congdan.demo", "1.004873.000.00.00.H49", "CP-CTR-MC", channel="online", applicant=APPLICANT)
    d = act(city, d, "tiepnhan.camtrung", "receive")
    text = pdf_text(render_form("01", d))
    # pdftotext reads the two signature cells line by line: both titles, both hints, then the name.
    assert "(Ký và ghi rõ họ tên) " + city["tiepnhan.camtrung"].full_name + " Ghi chú" in text
    assert city["congdan.demo"].full_name not in text.split("NGƯỜI TIẾP NHẬN HỒ SƠ")[-1]
    assert services  # the intake service received it: the officer is the actor of its "receive" event


def _words(pdf: bytes) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word on page 1 (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [
        (float(x0), float(x1), w.replace("\u200b", ""))
        for x0, x1, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    ]


def test_tracking_book_codes_stay_inside_their_column(city):
    """A national agency identifier (000.00.22.H50) makes a 25-character code: it wraps after a hyphen
    inside the "Mã hồ sơ" column instead of running over the procedure's name."""
    hcc = Unit.objects.get(code="CP-HCC")
    hcc.code = "000.00.22.H50"
    hcc.save(update_fields=["code"])
    d = receive(city, unit="000.00.22.H50", applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    assert d.code == "000.00.22.H50-241125-0001"
    pdf = tracking_book_pdf(hcc, date(2024, 11, 1), date(2024, 11, 30))
    page_one_png(pdf, "mau06-long-code")
    words = _words(pdf)
    procedure_x = min(x0 for x0, _, w in words if w == "Cấp")  # the first word of the procedure's name
    code_words = [(x0, x1, w) for x0, x1, w in words if w.startswith(("000.00", "241125", "0001"))]
    assert "".join(w for _, _, w in code_words).replace("-", "") == d.code.replace("-", "")
    assert all(x1 < procedure_x for _, x1, _ in code_words), (code_words, procedure_x)
