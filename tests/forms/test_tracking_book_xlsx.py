"""Mẫu 06 as Excel: openpyxl reads back the header and one row per dossier received in the period."""
import io
from datetime import date, datetime

from openpyxl import load_workbook

from motcua.forms.rendering import BOOK_COLUMNS, tracking_book_xlsx
from motcua.units.models import Unit

from .conftest import local, receive


def test_tracking_book_xlsx_rows(returned, city):
    receive(city, applicant={"name": "Lê Văn Cường", "phone": "0988000111"}, at=local(2024, 11, 26, 9, 0))
    receive(city, applicant={"name": "Ngoài kỳ"}, at=local(2024, 12, 2, 9, 0))
    data = tracking_book_xlsx(Unit.objects.get(code="CP-HCC"), date(2024, 11, 1), date(2024, 11, 30))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "TRUNG TÂM HÀNH CHÍNH CÔNG THÀNH PHỐ CẨM PHẢ"
    assert ws["A3"].value == "Từ ngày 01/11/2024 đến ngày 30/11/2024"
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert list(rows[0]) == [label for _, label, _ in BOOK_COLUMNS]
    assert len(rows) == 3
    first = dict(zip([c for c, _, _ in BOOK_COLUMNS], rows[1], strict=True))
    assert first["number"] == 1 and first["code"] == "CP-HCC-241125-0001"
    assert first["applicant"] == "Nguyễn Thị Hằng Nga"
    assert first["received_at"] == datetime(2024, 11, 25, 9, 0)
    assert first["due_at"] == datetime(2024, 12, 16, 9, 0)
    assert first["transferred_at"] == datetime(2024, 11, 25, 10, 0)
    assert first["returned_at"] == datetime(2024, 12, 5, 9, 0)
    assert first["note"] == "Đã trả kết quả — Trước hạn"
    second = dict(zip([c for c, _, _ in BOOK_COLUMNS], rows[2], strict=True))
    assert (second["code"], second["contact"], second["returned_at"]) == ("CP-HCC-241126-0001", "0988000111", None)


def test_tracking_book_rows_take_two_queries(returned, city, django_assert_num_queries):
    from motcua.forms.selectors import tracking_book_rows

    for day in (26, 27, 28):
        receive(city, applicant={"name": f"Người {day}"}, at=local(2024, 11, day, 9, 0))
    hcc = Unit.objects.get(code="CP-HCC")
    with django_assert_num_queries(2):  # the dossiers (subtree as a subquery), their transfers
        rows = tracking_book_rows(hcc, date(2024, 11, 1), date(2024, 11, 30))
    assert len(rows) == 4
