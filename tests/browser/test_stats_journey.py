"""The center director opens the leaders' desk, picks a year, reads the charts and drills down from a
figure to the dossiers behind it and on to one dossier's page."""
import re

import pytest
from playwright.sync_api import expect

from motcua.stats import selectors as stats
from motcua.units.models import Unit
from tests.stats_web.builders import FROM_2024, TO_2024, a_busy_year, a_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_drills_down_from_a_figure_to_a_dossier(demo_city, open_as, output_dir):
    a_busy_year(demo_city)
    late = stats.figures(Unit.objects.get(code="CP"), FROM_2024, TO_2024)["resolved"]["late"]
    assert late > 0
    page = open_as("giamdoc.hcc")
    page.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Thống kê").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê giải quyết thủ tục hành chính")

    # The period changes the figures in place (HTMX) and the address follows, for sharing and Back.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Từ ngày").fill("2024-01-01")
    page.get_by_label("Đến ngày").fill("2024-12-31")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.locator(".desk-period")).to_contain_text("từ ngày 01/01/2024 đến ngày 31/12/2024")
    expect(page).to_have_url(re.compile(r"date_from=2024-01-01&date_to=2024-12-31"))
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#h-months")).to_be_visible()
    expect(page.locator("#h-wards")).to_be_visible()
    page.screenshot(path=str(output_dir / "stats_dashboard.png"), full_page=True)
    page.locator(".figure-cards").screenshot(path=str(output_dir / "stats_dashboard_figures.png"))
    page.emulate_media(media="print")
    page.screenshot(path=str(output_dir / "stats_dashboard_print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name=f"Quá hạn: {late}").and_(page.locator('[data-figure="resolved.late"]')).click()
    expect(page).to_have_url(re.compile(r"/can-bo/thong-ke/ho-so/\?.*figure=resolved\.late"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Giải quyết quá hạn")
    expect(page.locator("[data-count]")).to_have_text(str(late))
    expect(page.locator(".drill-list tbody tr")).to_have_count(late)
    page.screenshot(path=str(output_dir / "stats_drilldown.png"), full_page=True)

    link = page.locator(".drill-list tbody tr").first.get_by_role("link")
    code = link.inner_text()
    link.click()
    expect(page.locator(".dossier-code")).to_have_text(code)


def test_director_exports_the_periodic_report_and_downloads_it(demo_city, open_as, output_dir):
    a_year(demo_city)
    page = open_as("giamdoc.hcc")
    page.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Từ ngày").fill("2024-01-01")
    page.get_by_label("Đến ngày").fill("2024-12-31")
    page.get_by_label("PDF").check()
    page.get_by_role("button", name="Lập báo cáo").click()
    status = page.locator("#export-job")
    expect(status).to_have_attribute("data-status", "done")
    page.screenshot(path=str(output_dir / "stats_report_job.png"), full_page=True)
    with page.expect_download() as info:
        status.get_by_role("link", name=re.compile("Tải về")).click()
    download = info.value
    assert download.suggested_filename == "bao-cao-tinh-hinh-CP-20240101-20241231.pdf"
    target = output_dir / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_the_public_figures_page_from_the_home_page(demo_city, browser, live_server, output_dir):
    a_year(demo_city)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name=re.compile("Kết quả giải quyết hồ sơ")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả giải quyết thủ tục hành chính")
        expect(page.locator(".public-figures tbody tr")).to_have_count(17)
        page.screenshot(path=str(output_dir / "stats_public.png"), full_page=True)
    finally:
        context.close()
