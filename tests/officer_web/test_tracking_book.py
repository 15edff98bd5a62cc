"""Mẫu 06 for officers: the tracking book of their unit for a period, as PDF or Excel."""
import io
import subprocess

from openpyxl import load_workbook

from .conftest import MARITAL, local, receive


def test_the_page_offers_the_current_month(client_as):
    html = client_as("tiepnhan.hcc").get("/can-bo/so-theo-doi/").content.decode()
    assert "<h1>Sổ theo dõi hồ sơ</h1>" in html and 'name="date_from"' in html
    # The book's form is the regime's: Mẫu 06 (Circular 01/2018) until 30/06/2025, Mẫu 07 (Circular 03/2025) after.
    assert "Mẫu số 06 của Thông tư 01/2018/TT-VPCP" in html and "Mẫu số 07 của Thông tư 03/2025/TT-VPCP" in html


def test_pdf_lists_the_units_dossiers_of_the_period(city, client_as, tmp_path):
    city_dossier = receive(city, at=local(2024, 11, 25, 9, 0))
    ward_dossier = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    response = client_as("tiepnhan.hcc").get(
        "/can-bo/so-theo-doi/", {"date_from": "2024-11-01", "date_to": "2024-11-30", "format": "pdf"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert city_dossier.code in text
    assert ward_dossier.code not in text  # another unit's book


def test_excel_has_one_row_per_dossier(city, client_as):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    response = client_as("tiepnhan.camtrung").get(
        "/can-bo/so-theo-doi/", {"date_from": "2024-11-25", "date_to": "2024-11-25", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert 'filename="so-theo-doi-CP-CTR-MC-20241125-20241125.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert d.code in cells


def test_a_bad_period_is_explained(client_as):
    response = client_as("tiepnhan.hcc").get(
        "/can-bo/so-theo-doi/", {"date_from": "2024-12-01", "date_to": "2024-11-01", "format": "pdf"}
    )
    assert response.status_code == 400
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in response.content.decode()


def test_citizens_may_not_print_books(client_as):
    response = client_as("congdan.demo").get("/can-bo/so-theo-doi/")
    assert response.status_code == 403
