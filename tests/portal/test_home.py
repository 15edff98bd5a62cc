"""The center's home page."""
import pytest

from tests.portal.catalog_data import BIRTH

pytestmark = pytest.mark.django_db


def test_home_renders_with_an_empty_database(client, settings):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="site-title">Một Cửa</span>' in html  # no center recorded yet, no name configured
    assert 'name="q"' in html
    assert "Chưa có thủ tục nào được công bố." in html
    assert "Chưa có thông tin trung tâm." in html
    assert '<html lang="vi">' in html


def test_home_shows_fields_with_counts_common_procedures_center_and_desks(client, catalog):
    html = client.get("/").content.decode()
    assert '<a href="/thu-tuc/?field=ho-tich">Hộ tịch</a> <span class="count"' in html
    assert 'aria-label="2 thủ tục">2</span>' in html  # Hộ tịch: birth and marriage
    assert 'aria-label="1 thủ tục">1</span>' in html
    assert f'href="/thu-tuc/{BIRTH}/"' in html
    # The default center (settings.DEFAULT_CENTER_UNIT = CP-HCC): address and inherited hours.
    assert "Đường Trần Phú, phường Cẩm Trung, thành phố Cẩm Phả" in html
    assert "07:30–11:30, 13:00–17:00" in html
    assert 'href="/thu-tuc/?unit=CP-CT-MC">Bộ phận Một cửa phường Cẩm Trung</a>' in html
    assert 'href="/thu-tuc/?unit=CP-CB-MC">Bộ phận Một cửa phường Cẩm Bình</a>' in html


def test_home_uses_the_configured_center(client, catalog, settings):
    settings.DEFAULT_CENTER_UNIT = "QN-HCC"
    html = client.get("/").content.decode()
    assert "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh" in html
    assert "Đường Trần Phú" not in html


def test_home_has_a_skip_link_navigation_and_language_switcher(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'href="/tra-cuu/">Tra cứu hồ sơ</a>' in html
    assert 'action="/i18n/setlang/"' in html
    assert '<label for="lang-select">' in html


def test_home_query_count_does_not_grow_with_the_catalog(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/")


def test_catalog_renders_with_an_empty_database(client):
    html = client.get("/thu-tuc/").content.decode()
    assert "Không tìm thấy thủ tục nào phù hợp." in html


def test_server_error_page_is_vietnamese_and_standalone(rf):
    from motcua.urls import handler500

    response = handler500(rf.get("/thu-tuc/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Lỗi hệ thống" in html


def test_navigation_marks_the_current_section(client, catalog):
    assert '<a href="/" aria-current="page">' in client.get("/").content.decode()
    html = client.get("/thu-tuc/").content.decode()
    assert '<a href="/thu-tuc/" aria-current="page">' in html
    assert '<a href="/" aria-current="page">' not in html
    assert 'aria-current="page"' not in client.get("/khong-co/").content.decode()
