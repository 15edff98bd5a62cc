"""The center director opens the leaders' desk, picks a year, reads the charts and drills down from a
figure to the dossiers behind it and on to one dossier's page."""
import re

import pytest
from playwright.sync_api import expect

from motcua.stats import selectors as stats
from motcua.units.models import Unit
from tests.stats_web.builders import FROM_2024, TO_2024, a_busy_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_drills_down_from_a_figure_to_a_dossier(demo_city, open_as, output_dir):
    a_busy_year(demo_city)
    late = stats.figures(Unit.objects.get(code="CP"), FROM_2024, TO_2024)["resolved"]["late"]
    assert late > 0
    page = open_as("giamdoc.hcc")
    page.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Thống kê").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê giải quyết thủ tục hành chính")

    page.get_by_label("Từ ngày").fill("2024-01-01")
    page.get_by_label("Đến ngày").fill("2024-12-31")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.locator(".desk-period")).to_contain_text("từ ngày 01/01/2024 đến ngày 31/12/2024")
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
