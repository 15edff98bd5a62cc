"""A citizen finds the building permit from the home page, on a desktop and on a phone."""
import re

import pytest
from playwright.sync_api import expect

from tests.portal.catalog_data import BUILDING_PERMIT, build_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERMIT_NAME = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", ["desktop", "mobile"])
def test_home_search_to_building_permit(browser, live_server, output_dir, device):
    build_catalog()
    context = browser.new_context(viewport=VIEWPORTS[device], locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Trung tâm Hành chính công")
        page.screenshot(path=str(output_dir / f"home_{device}.png"), full_page=True)

        page.get_by_label("Tìm thủ tục hành chính").fill("giay phep xay dung")
        page.get_by_role("button", name="Tìm kiếm").click()
        expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=giay\+phep\+xay\+dung"))
        results = page.locator("#results")
        expect(results).to_contain_text("1 thủ tục")
        page.screenshot(path=str(output_dir / f"catalog_results_{device}.png"), full_page=True)

        results.get_by_role("link", name=PERMIT_NAME).click()
        expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(BUILDING_PERMIT)}/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cấp giấy phép xây dựng")
        documents = page.locator("section[aria-labelledby=s-docs] table")
        expect(documents).to_contain_text("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)")
        expect(documents).to_contain_text("Bản vẽ thiết kế xây dựng (02 bộ)")
        expect(page.locator(".time-limit")).to_contain_text("15 ngày làm việc")
        name = "catalog_journey.png" if device == "desktop" else "catalog_journey_mobile.png"
        page.screenshot(path=str(output_dir / name), full_page=True)
        page.locator("section[aria-labelledby=s-process]").screenshot(path=str(output_dir / f"steps_{device}.png"))
    finally:
        context.close()


def test_catalog_filters_update_live_with_htmx(browser, live_server, output_dir):
    build_catalog()
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc/")
        expect(page.locator("#results")).to_contain_text("4 thủ tục")
        # Typing updates the results in place (no full reload) and pushes the URL.
        page.evaluate("window.__sameDocument = true")
        page.get_by_label("Tìm thủ tục").press_sequentially("DANG KY", delay=20)
        expect(page.locator("#results")).to_contain_text("2 thủ tục")
        expect(page).to_have_url(re.compile(r"q=DANG\+KY"))
        page.get_by_label("Mức độ trực tuyến").select_option("full")
        expect(page.locator("#results")).to_contain_text("1 thủ tục")
        expect(page.locator("#results")).to_contain_text("Đăng ký khai sinh")
        expect(page).to_have_url(re.compile(r"online=full"))
        assert page.evaluate("window.__sameDocument") is True
        page.get_by_label("Tìm thủ tục").fill("xyz khong co")
        expect(page.locator("#results")).to_contain_text("Không tìm thấy thủ tục nào phù hợp.")
    finally:
        context.close()


def test_fee_calculator_in_the_browser(browser, live_server):
    build_catalog()
    from tests.portal.catalog_data import CERTIFY_COPY

    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/thu-tuc/{CERTIFY_COPY}/")
        page.get_by_label("Số trang").fill("5")
        page.get_by_role("button", name="Tính", exact=True).click()
        expect(page.locator(".fee-result")).to_contain_text("7.000 đ")
        page.get_by_label("Số trang").fill("1000")
        page.get_by_role("button", name="Tính", exact=True).click()
        expect(page.locator(".fee-result")).to_contain_text("200.000 đ")
        assert page.url.endswith(f"/thu-tuc/{CERTIFY_COPY}/")  # swapped in place by HTMX
    finally:
        context.close()


def test_english_reader_finds_the_building_permit_by_its_english_name(browser, live_server, output_dir):
    """Issue 15 / decision 0037: the language switcher, the search by the English name, the English name on
    the page, and a procedure without one shown in Vietnamese, marked as such."""
    from motcua.catalog.models import Field, Procedure

    build_catalog()
    Procedure.objects.filter(code=BUILDING_PERMIT).update(
        name_en="Building permit for a new detached house", search_text_en="building permit for a new detached house"
    )
    Field.objects.filter(code="hoat-dong-xay-dung").update(name_en="Construction")
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc/")
        page.get_by_label("Ngôn ngữ").select_option("en")
        page.get_by_role("button", name="Đổi").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        results = page.locator("#results")
        expect(results).to_contain_text("4 procedures")
        # Without an English name: the Vietnamese one, marked lang="vi" and announced as Vietnamese.
        marriage = results.locator('span[lang="vi"]', has_text="Đăng ký kết hôn")
        expect(marriage).to_be_visible()
        expect(results.get_by_role("link", name="Đăng ký kết hôn (in Vietnamese)")).to_be_visible()
        page.get_by_label("Search procedures").fill("building permit")
        expect(results).to_contain_text("1 procedure")
        page.screenshot(path=str(output_dir / "catalog_english.png"), full_page=True)
        results.get_by_role("link", name="Building permit for a new detached house").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Building permit for a new detached house")
        expect(page.locator(".time-limit")).to_contain_text("15 working days")
        expect(page.locator(".kicker")).to_have_text("Construction")
    finally:
        context.close()
