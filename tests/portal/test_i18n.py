"""Vietnamese by default; English labels on request. Procedure content stays Vietnamese (legal text), except
the English names an administrator gives (tests/portal/test_english_names.py)."""
import pytest
from django.conf import settings

from tests.portal.catalog_data import BUILDING_PERMIT

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default(client, catalog):
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="vi">' in html
    assert "Thủ tục hành chính" in html
    assert "Lĩnh vực" in html and "Xóa bộ lọc" in html


def test_the_browser_language_does_not_switch_to_english(client, catalog):
    # A kiosk or a borrowed phone set to English still gets the Vietnamese site.
    html = client.get("/thu-tuc/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi">' in html and "Xóa bộ lọc" in html


def test_catalog_in_english_by_the_language_cookie(client, catalog):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en">' in html
    assert "Administrative procedures" in html
    assert '<label for="id_field">Field</label>' in html
    assert '<label for="id_online">Online service level</label>' in html
    assert "Clear filters" in html
    assert "4 procedures" in html
    assert "Xóa bộ lọc" not in html
    # The catalog's content is the published legal text and is not translated.
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html


def test_catalog_in_english_by_cookie(client, catalog):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/thu-tuc/", {"q": "khong co gi"}).content.decode()
    assert "No matching procedure found." in html


def test_procedure_page_in_english(client, catalog):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "Required documents" in html and "Processing time" in html and "Internal process" in html
    # The time unit is a label of the interface (decision 0037); the number keeps its Vietnamese form.
    assert "15 working days" in html and "15 ngày làm việc" not in html


def test_language_switcher_sets_the_language(client, catalog):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/thu-tuc/"})
    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/"
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en">' in html and "Administrative procedures" in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_english_404(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/thu-tuc/khong-co/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
