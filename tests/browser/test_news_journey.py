"""News: an editor writes an article in the admin's rich-text editor (under the strict CSP), and it appears
on the home page, on its own page with its image, and in the RSS and Atom feeds (well-formed XML)."""
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Trung tâm mở thêm quầy trả kết quả số 21"


def _photo() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), (0, 84, 147)).save(out, "JPEG")
    return {"name": "quay-21.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _the_centers_categories() -> None:
    """The categories a data migration made (news 0002): a transactional test run before this one flushed
    them, so they are made again here exactly as the migration makes them."""
    from importlib import import_module

    from motcua.news.models import Category

    migration = import_module("motcua.news.migrations.0002_the_two_categories_of_the_center")
    for slug, name, description, order in migration.CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})


def test_an_article_written_in_the_admin_is_on_the_home_page_and_in_the_feeds(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _the_centers_categories()
    editor = UserFactory(username="bientap", role="center_director", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="news"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(live_server.url + "/dang-nhap/?next=/quan-tri/news/article/add/")
        page.get_by_label("Tên đăng nhập").fill("bientap")
        page.get_by_label("Mật khẩu").fill("Mat-khau-2026")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(re.compile(r"/quan-tri/news/article/add/$"))

        page.locator("#id_title").fill(TITLE)  # the address (slug) is left empty: made from the title
        page.locator("#id_category").select_option(label="Tin nổi bật")
        page.locator("#id_summary").fill("Quầy 21 trả kết quả cho nhóm thủ tục đất đai.")
        # The rich-text editor (ProseMirror) replaced the textarea: it loaded under the strict policy.
        prose = page.locator(".ProseMirror[contenteditable=true]")
        expect(prose).to_be_visible()
        prose.click()
        page.keyboard.type("Từ thứ Hai, quầy 21 trả kết quả. ")
        page.keyboard.press("Control+b")
        page.keyboard.type("Không cần lấy số.")
        page.locator("#id_image_upload").set_input_files(_photo())
        page.locator("#id_image_alt").fill("Quầy số 21 tại sảnh trả kết quả")
        page.locator("#id_is_featured").check()
        when = timezone.localtime() - timedelta(minutes=1)
        page.locator("#id_published_at_0").fill(when.strftime("%d/%m/%Y"))
        page.locator("#id_published_at_1").fill(when.strftime("%H:%M:%S"))
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist")).to_contain_text(TITLE)

        page.goto(live_server.url + "/")
        featured = page.locator("section[aria-labelledby=featured-news-title]")
        expect(featured).to_contain_text(TITLE)
        featured.get_by_role("link", name=TITLE).click()
        expect(page).to_have_url(re.compile(r"/tin-tuc/trung-tam-mo-them-quay-tra-ket-qua-so-21/$"))
        expect(page.locator("h1")).to_have_text(TITLE)
        expect(page.locator(".news-body strong")).to_have_text("Không cần lấy số.")
        image = page.get_by_role("img", name="Quầy số 21 tại sảnh trả kết quả")
        expect(image).to_be_visible()
        # Visible is not loaded: wait until the browser has finished with the image (loaded or broken),
        # then the width tells which — a broken image has a natural width of 0.
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") == 1600

        for path, tag in (("/tin-tuc/rss/", "rss"), ("/tin-tuc/atom/", "{http://www.w3.org/2005/Atom}feed")):
            response = page.request.get(live_server.url + path)
            assert response.ok
            root = ET.fromstring(response.body())  # well-formed XML, or this raises
            assert root.tag == tag
            assert TITLE in response.text()
    finally:
        context.close()
    assert errors == []
