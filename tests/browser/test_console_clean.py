"""The main pages load without a console error, a script error or a failed request (issue 8 item 18:
a missing favicon and an HTMX trigger syntax error showed in every page's console)."""
import pytest
from playwright.sync_api import expect

from tests.portal.catalog_data import BUILDING_PERMIT, build_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> list[str]:
    """Everything the console would show in red: console errors, uncaught errors, HTTP errors, HTMX errors."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.add_init_script(
        "document.addEventListener('htmx:syntax:error', e => console.error('htmx:syntax:error', e.detail.token));"
    )
    return problems


def test_public_pages_have_a_clean_console(browser, live_server):
    build_catalog()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    try:
        for path in ("/", "/thu-tuc/", f"/thu-tuc/{BUILDING_PERMIT}/", "/tra-cuu/", "/dang-nhap/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
        # The catalog's filters still update the results when a select changes (the fixed trigger).
        page.goto(live_server.url + "/thu-tuc/")
        page.get_by_label("Mức độ trực tuyến").select_option("none")
        expect(page.locator("#results")).to_contain_text("1 thủ tục")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert problems == []


def test_officer_pages_have_a_clean_console(demo_city, browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems = watch(page)
    try:
        page.goto(live_server.url + "/dang-nhap/?next=/can-bo/")
        page.get_by_label("Tên đăng nhập").fill("tiepnhan.hcc")
        page.get_by_label("Mật khẩu").fill("MotCua@2018")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator(".officer-bar")).to_be_visible()
        for path in ("/can-bo/", "/can-bo/tiep-nhan/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert problems == []
