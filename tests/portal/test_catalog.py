"""The catalog page: diacritic-blind search, filters, pagination, HTMX fragments."""
import pytest

from motcua.catalog.models import Procedure
from tests.portal.catalog_data import BIRTH, BUILDING_PERMIT, CERTIFY_COPY, MARRIAGE

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    return {p.code for p in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("giay phep xay dung", {BUILDING_PERMIT}),
        ("Cấp giấy phép XÂY DỰNG", {BUILDING_PERMIT}),
        ("DANG KY KHAI SINH", {BIRTH}),
        ("đăng ký", {BIRTH, MARRIAGE}),
        ("dang ky", {BIRTH, MARRIAGE}),
        ("ĐĂNG KÝ KẾT HÔN", {MARRIAGE}),
        ("  chung   thuc ", {CERTIFY_COPY}),
        ("1.009994", {BUILDING_PERMIT}),
    ],
)
def test_search_ignores_diacritics_dd_and_case(client, catalog, q, expected):
    response = client.get("/thu-tuc/", {"q": q})
    assert response.status_code == 200
    assert codes(response) == expected


def test_search_finds_the_building_permit_by_its_unaccented_name(client, catalog):
    html = client.get("/thu-tuc/", {"q": "giay phep xay dung"}).content.decode()
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert f'href="/thu-tuc/{BUILDING_PERMIT}/"' in html


def test_unmatched_search_says_nothing_was_found_with_a_hint(client, catalog):
    html = client.get("/thu-tuc/", {"q": "hộ chiếu ngoại giao"}).content.decode()
    assert "Không tìm thấy thủ tục nào phù hợp." in html
    assert "Gợi ý" in html
    assert "0 thủ tục" in html


def test_no_filter_lists_every_published_procedure(client, catalog):
    Procedure.objects.create(code="CHUA-CONG-BO")  # no published version: not listed
    response = client.get("/thu-tuc/")
    assert codes(response) == {BIRTH, MARRIAGE, BUILDING_PERMIT, CERTIFY_COPY}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "ho-tich"}, {BIRTH, MARRIAGE}),
        ({"field": "hoat-dong-xay-dung"}, {BUILDING_PERMIT}),
        ({"level": "city"}, {BUILDING_PERMIT}),
        ({"level": "ward"}, {BIRTH, MARRIAGE, CERTIFY_COPY}),
        ({"online": "full"}, {BIRTH}),
        ({"online": "partial"}, {MARRIAGE, BUILDING_PERMIT}),
        ({"online": "none"}, {CERTIFY_COPY}),
        # Issue 8 item 11: the short link form listed every procedure, online or not.
        ({"online": "1"}, {BIRTH, MARRIAGE, BUILDING_PERMIT}),
        ({"online": "true"}, {BIRTH, MARRIAGE, BUILDING_PERMIT}),
        ({"online": "0"}, {CERTIFY_COPY}),
        ({"unit": "CP-QLDT"}, {BUILDING_PERMIT}),  # implements it
        ({"unit": "CP-HCC"}, {BUILDING_PERMIT}),  # the city's center receives it
        ({"unit": "CP-CT-MC"}, {BIRTH, MARRIAGE, CERTIFY_COPY}),  # a ward desk receives these
        ({"unit": "QN-HCC"}, set()),
        ({"field": "ho-tich", "q": "ket hon"}, {MARRIAGE}),
        ({"field": "ho-tich", "online": "none"}, set()),
    ],
)
def test_each_filter(client, catalog, params, expected):
    assert codes(client.get("/thu-tuc/", params)) == expected


def test_unit_filter_offers_centers_desks_and_departments_only(client, catalog):
    choices = dict(client.get("/thu-tuc/").context["form"].fields["unit"].choices)
    assert {"CP-HCC", "QN-HCC", "CP-CT-MC", "CP-QLDT", "CP-TP"} <= set(choices)
    assert "CP" not in choices and "CP-CT" not in choices and "QN" not in choices


def test_unknown_filter_value_is_ignored_not_an_error(client, catalog):
    response = client.get("/thu-tuc/", {"field": "khong-co", "q": "khai sinh"})
    assert response.status_code == 200
    assert codes(response) == {BIRTH}


def test_every_input_has_a_label(client, catalog):
    html = client.get("/thu-tuc/").content.decode()
    for input_id in ("id_q", "id_field", "id_level", "id_unit", "id_online"):
        assert f'<label for="{input_id}">' in html
        assert f'id="{input_id}"' in html


def test_full_page_has_htmx_live_update_wiring(client, catalog):
    html = client.get("/thu-tuc/").content.decode()
    assert 'hx-get="/thu-tuc/"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#results"' in html
    assert "portal/htmx.min.js" in html


def test_htmx_request_gets_only_the_results_fragment(client, catalog):
    response = client.get("/thu-tuc/", {"q": "giay phep"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="results"')
    assert "<html" not in html and "<header" not in html and 'id="filters"' not in html
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, catalog):
    response = client.get(
        "/thu-tuc/", {"q": "giay phep"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content


def test_catalog_is_paginated_keeping_the_filters(client, catalog):
    from tests.factories import FieldFactory, make_procedure

    field = FieldFactory(code="dat-dai", name="Đất đai")
    for i in range(25):
        make_procedure(f"9.{i:06d}", f"Thủ tục đất đai số {i:02d}", field=field)
    first = client.get("/thu-tuc/", {"field": "dat-dai"})
    assert len(first.context["page"].object_list) == 20
    html = first.content.decode()
    assert "Trang 1 / 2" in html
    assert 'href="?field=dat-dai&amp;page=2"' in html
    second = client.get("/thu-tuc/", {"field": "dat-dai", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_catalog_query_count_is_constant(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/thu-tuc/", {"q": "dang ky"})


def test_htmx_response_pushes_a_url_without_empty_filters(client, catalog):
    response = client.get(
        "/thu-tuc/",
        {"q": "dang ky", "field": "", "level": "", "unit": "", "online": "full"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Push-Url"] == "/thu-tuc/?q=dang+ky&online=full"
