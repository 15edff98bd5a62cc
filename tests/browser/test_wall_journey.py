"""The monitoring wall in the browser (issue 13, item 4): a city leader opens the wall, sees a tile for
every reception point of the city — the demo's unreachable camera saying so — and the figures follow a
ticket taken at a ward's kiosk without a reload; a tile opens its desk. Screenshots:
test-output/browser/wall.png, wall_desk.png."""
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from motcua.demo.services import load_demo_cameras, load_demo_queue
from motcua.frontdesk import wall
from motcua.units.models import Unit
from motcua.units.selectors import reception_units

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARD_DESK = "CP-CTR-MC"
DOWN_DESK = "CP-DH-MC"


def test_a_leader_watches_every_desk_and_sees_a_ticket_arrive(demo_city, open_as, browser, live_server, output_dir):
    load_demo_queue()
    load_demo_cameras(live_server.url)  # the demo's cameras: images the app draws, one camera down
    expected = reception_units(timezone.localdate()).filter(path__startswith=Unit.objects.get(code="CP").path).count()

    page = open_as("lanhdao.cp")
    # The browser's clock is the test's: the 15-second poll happens when the test says so.
    page.clock.install()
    page.get_by_role("navigation", name="Công việc của cán bộ").get_by_role("link", name="Màn hình giám sát").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Màn hình giám sát các điểm tiếp nhận")
    tiles = page.locator("li.wall-tile")
    expect(tiles).to_have_count(expected)
    assert expected == 17  # the demo city: Cẩm Phả's center and its 16 ward and commune desks

    down = page.locator(f'li.wall-tile[data-unit="{DOWN_DESK}"]')
    expect(down.locator("[data-camera-down]")).to_have_text("Không kết nối được camera")
    ward = page.locator(f'li.wall-tile[data-unit="{WARD_DESK}"]')
    ward_image = ward.locator("img.wall-snapshot")
    expect(ward_image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=ward_image.element_handle())
    expect(ward.locator('[data-figure="waiting"]')).to_have_text("0")
    page.screenshot(path=str(output_dir / "wall.png"), full_page=True)

    kiosk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    kiosk.goto(live_server.url + f"/kiosk/{WARD_DESK}/")
    kiosk.get_by_role("button", name=re.compile("Tiếp nhận và trả kết quả")).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A001")

    url = page.url
    page.clock.run_for(wall.FIGURES_EVERY * 1000)
    expect(ward.locator('[data-figure="waiting"]')).to_have_text("1")
    expect(page.locator('[data-total="waiting"]')).to_have_text("1")
    assert page.url == url  # no reload: the tiles were swapped in place
    expect(down.locator("[data-camera-down]")).to_have_text("Không kết nối được camera")

    ward.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bộ phận Một cửa phường Cẩm Trung")
    expect(page.locator("img.wall-snapshot[data-live]")).to_be_visible()
    expect(page.locator(".wall-counters tbody tr")).to_have_count(2)
    page.screenshot(path=str(output_dir / "wall_desk.png"), full_page=True)


def test_one_minute_of_an_open_wall_in_the_browser_costs_36_requests(demo_city, open_as, live_server):
    """The figure of docs/performance.md, counted in the real browser: the browser's clock and the
    server's move together, 15 s at a time, for one minute after the wall has loaded."""
    load_demo_queue()
    load_demo_cameras(live_server.url)
    page = open_as("lanhdao.cp")
    page.clock.install()
    start = timezone.now()
    # A whole number of snapshot periods plus one second: the minute starts inside a period.
    start = start + timedelta(seconds=wall.SNAPSHOT_EVERY - start.timestamp() % wall.SNAPSHOT_EVERY + 1)
    with time_machine.travel(start, tick=False) as travel:
        page.goto(live_server.url + "/can-bo/man-hinh-giam-sat/")
        # From here the browser's timers run only when the test moves its clock (no real time leaks in).
        page.clock.pause_at(page.evaluate("() => Date.now()") + 1000)
        expect(page.locator(f'li.wall-tile[data-unit="{DOWN_DESK}"] [data-camera-down]')).to_be_visible()
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url))
        for _ in range(60 // wall.FIGURES_EVERY):
            travel.shift(timedelta(seconds=wall.FIGURES_EVERY))
            before = page.locator("#wall-updated").get_attribute("datetime")
            page.clock.run_for(wall.FIGURES_EVERY * 1000)
            expect(page.locator("#wall-updated")).not_to_have_attribute("datetime", before)
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
    polls = [u for u in seen if u.endswith("/can-bo/man-hinh-giam-sat/o/")]
    snapshots = [u for u in seen if "/anh/" in u]
    assert len(polls) == 4
    assert len(snapshots) == 16 * 60 // wall.SNAPSHOT_EVERY
    assert len(seen) == 36
