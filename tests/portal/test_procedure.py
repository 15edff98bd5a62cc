"""The procedure page, its print view and its fee calculator."""
import pytest

from motcua.catalog.models import Procedure
from tests.portal.catalog_data import BIRTH, BUILDING_PERMIT, CERTIFY_COPY

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    import re

    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" :", ":")


def test_procedure_page_shows_every_part_of_the_building_permit(client, catalog):
    response = client.get(f"/thu-tuc/{BUILDING_PERMIT}/")
    assert response.status_code == 200
    text = text_of(response)
    for expected in [
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        BUILDING_PERMIT,
        "Hoạt động xây dựng",
        "Cấp huyện / thành phố",
        "Cơ quan thực hiện Phòng Quản lý đô thị",
        "Thời hạn giải quyết 15 ngày làm việc",
        "Một phần",
        # Where to submit: the kind of place, and the units that are such a place.
        "Trung tâm Hành chính công thành phố Trung tâm Hành chính công thành phố Cẩm Phả",
        "Giấy phép xây dựng",
        "Luật Xây dựng 2014, sửa đổi 2020",
        "Công trình phù hợp quy hoạch chi tiết xây dựng được duyệt.",
        "Liên thông cùng cấp",
        "Phiên bản 1",
        "Áp dụng từ ngày",
    ]:
        assert expected in text, expected


def test_procedure_page_lists_documents_with_originals_and_copies(client, catalog):
    text = text_of(client.get(f"/thu-tuc/{BUILDING_PERMIT}/"))
    assert "1 Đơn đề nghị cấp giấy phép xây dựng (theo mẫu) 1 0" in text
    assert "2 Giấy tờ chứng minh quyền sử dụng đất 0 1" in text
    assert "3 Bản vẽ thiết kế xây dựng (02 bộ) 2 0" in text


def test_document_template_is_a_download_link(client, catalog, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    doc = catalog["permit"].current_version.documents.get(order=1)
    doc.template_name = "Mẫu số 01"
    doc.template_file.save("mau-01.docx", ContentFile(b"x"), save=True)
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert f'href="{doc.template_file.url}" download>Tải mẫu: Mẫu số 01</a>' in html


def test_procedure_page_shows_fees(client, catalog):
    text = text_of(client.get(f"/thu-tuc/{BUILDING_PERMIT}/"))
    assert "Lệ phí: 75.000 đồng/giấy phép" in text


def test_steps_show_share_as_percent_and_as_working_days(client, catalog):
    text = text_of(client.get(f"/thu-tuc/{BUILDING_PERMIT}/"))
    # share × 15 working days
    assert "1 Tiếp nhận tại TTHCC Trung tâm Hành chính công thành phố Cẩm Phả Cán bộ tiếp nhận 5% 0,75 ngày làm việc" in text
    assert "2 Chuyên viên thẩm định, kiểm tra thực địa Phòng Quản lý đô thị Chuyên viên xử lý 55% 8,25 ngày làm việc" in text
    assert "4 Lãnh đạo UBND thành phố ký Thành phố Cẩm Phả Lãnh đạo UBND 20% 3 ngày làm việc" in text


def test_same_day_procedure_states_the_cutoff_and_ward_desks(client, catalog):
    text = text_of(client.get(f"/thu-tuc/{BIRTH}/"))
    assert "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)" in text
    assert "Bộ phận Một cửa cấp xã" in text
    assert "Bộ phận Một cửa phường Cẩm Trung" in text and "Bộ phận Một cửa phường Cẩm Bình" in text
    assert "Cơ quan thực hiện UBND phường, xã" in text
    # Steps of a same-day procedure have a share but no day count.
    assert "Công chức tư pháp - hộ tịch xử lý UBND phường, xã Chuyên viên xử lý 50% —" in text


def test_unknown_code_is_a_404_in_vietnamese(client, catalog):
    response = client.get("/thu-tuc/0.000000.000.00.00.H49/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html
    assert 'href="/thu-tuc/"' in html


def test_inactive_procedure_is_not_found(client, catalog):
    Procedure.objects.filter(code=BIRTH).update(is_active=False)
    assert client.get(f"/thu-tuc/{BIRTH}/").status_code == 404
    assert client.get(f"/thu-tuc/{BIRTH}/in/").status_code == 404


def test_any_unknown_path_uses_the_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_print_view_has_print_css_a_print_button_and_the_content(client, catalog):
    response = client.get(f"/thu-tuc/{BUILDING_PERMIT}/in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "portal/print.css" in html
    assert '<button type="button" class="button" data-print>In</button>' in html
    text = text_of(response)
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in text
    assert "2 Giấy tờ chứng minh quyền sử dụng đất 0 1" in text
    assert "8,25 ngày làm việc" in text


def test_procedure_page_links_to_its_print_view(client, catalog):
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert f'href="/thu-tuc/{BUILDING_PERMIT}/in/"' in html


# Fee calculator: 2,000 đ/page for pages 1–2, 1,000 đ from page 3, at most 200,000 đ per copy.


def fee_id(catalog) -> int:
    return catalog["certify_copy"].current_version.fees.get().pk


def test_formula_fee_has_a_calculator_form(client, catalog):
    html = client.get(f"/thu-tuc/{CERTIFY_COPY}/").content.decode()
    assert f'hx-get="/thu-tuc/{CERTIFY_COPY}/tinh-phi/"' in html
    assert f'<label for="fee{fee_id(catalog)}_pages">Số trang</label>' in html
    assert f'<label for="fee{fee_id(catalog)}_copies">Số bản</label>' in html
    # A flat fee has none.
    assert "tinh-phi" not in client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()


@pytest.mark.parametrize(
    ("pages", "copies", "amount"),
    [
        (1, 1, "2.000 đ"),
        (2, 1, "4.000 đ"),
        (5, 1, "7.000 đ"),
        (5, 3, "21.000 đ"),
        (1000, 1, "200.000 đ"),
        (1000, 2, "400.000 đ"),
    ],
)
def test_fee_calculator_htmx_returns_the_amount(client, catalog, pages, copies, amount):
    response = client.get(
        f"/thu-tuc/{CERTIFY_COPY}/tinh-phi/",
        {"fee": fee_id(catalog), "pages": pages, "copies": copies},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.startswith(f'<output id="fee-result-{fee_id(catalog)}"')
    assert f'<strong class="amount">{amount}</strong>' in html
    assert "<html" not in html


def test_fee_calculator_works_without_javascript(client, catalog):
    response = client.get(f"/thu-tuc/{CERTIFY_COPY}/tinh-phi/", {"fee": fee_id(catalog), "pages": 5, "copies": 1})
    html = response.content.decode()
    assert "<html" in html
    assert '<strong class="amount">7.000 đ</strong>' in html
    assert 'value="5"' in html


@pytest.mark.parametrize("pages", ["0", "-3", "abc", ""])
def test_fee_calculator_rejects_bad_numbers(client, catalog, pages):
    response = client.get(
        f"/thu-tuc/{CERTIFY_COPY}/tinh-phi/",
        {"fee": fee_id(catalog), "pages": pages, "copies": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Số trang và số bản phải là số nguyên từ 1 trở lên." in response.content.decode()


def test_fee_calculator_refuses_a_fee_of_another_procedure(client, catalog):
    other = catalog["permit"].current_version.fees.get().pk
    response = client.get(f"/thu-tuc/{CERTIFY_COPY}/tinh-phi/", {"fee": other, "pages": 1, "copies": 1})
    assert response.status_code == 404


def test_procedure_page_query_count(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get(f"/thu-tuc/{BUILDING_PERMIT}/")
