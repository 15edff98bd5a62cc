"""Speed and load (issue 13): an open wall of the demo city — 16 ward and commune desks and the center
with its 20 counters — over a simulated minute, driven like the browser drives it: the tiles' fragment
at the interval the page itself asks for (hx-trigger), and every camera image whose address is new (an
address already loaded is the browser's; the server says max-age for it). The requests are counted at
the server. docs/performance.md records the figure."""
import re
from datetime import timedelta

import pytest
import time_machine

from motcua.frontdesk import cameras, wall
from motcua.frontdesk.models import Camera
from motcua.frontdesk.services import issue_ticket
from motcua.units.models import Counter

from .conftest import CENTER, DOWN_DESK, local

pytestmark = pytest.mark.django_db

WALL = "/can-bo/man-hinh-giam-sat/"
# A whole number of snapshot periods after midnight plus one second: the minute starts inside a period.
START = local(2024, 11, 27, 9, 0, 1)


class Browser:
    """What the wall page makes a browser do, request by request."""

    def __init__(self, client):
        self.client, self.loaded, self.requests = client, set(), []

    def get(self, url):
        response = self.client.get(url)
        self.requests.append((url, response.status_code))
        return response

    def show(self, html):
        """The images of the HTML just swapped in: a new address is a request, a known one is not."""
        for src in re.findall(r'<img [^>]*src="([^"]+)"', html):
            src = src.replace("&amp;", "&")
            if src not in self.loaded:
                self.loaded.add(src)
                self.get(src)

    def open(self):
        html = self.get(WALL).content.decode()
        self.show(html)
        poll = re.search(r'hx-get="([^"]+)" hx-trigger="every (\d+)s"', html)
        return poll.group(1), int(poll.group(2))


def _one_minute(client, travel):
    browser = Browser(client)
    poll_url, every = browser.open()
    opened = len(browser.requests)
    for _ in range(60 // every):
        travel.shift(timedelta(seconds=every))
        browser.show(browser.get(poll_url).content.decode())
    return browser.requests[opened:], every


def test_an_open_wall_of_16_desks_and_a_center_of_20_counters_costs_under_40_requests_a_minute(
    city, client_as, local_camera
):
    base, served = local_camera
    Camera.objects.exclude(unit__code=DOWN_DESK).update(snapshot_url=f"{base}/snap.jpg", username="van", password="b-mat-khau")
    assert Counter.objects.filter(unit__code=CENTER).count() == 20
    for _ in range(5):
        issue_ticket(CENTER, "A", at=START)
    with time_machine.travel(START, tick=False) as travel:
        requests, every = _one_minute(client_as(city["lanhdao.cp"]), travel)

    polls = [r for r in requests if r[0].startswith(f"{WALL}o/")]
    snapshots = [r for r in requests if "/anh/" in r[0]]
    tiles_up = 16  # every desk's camera but the demo's unreachable one
    assert len(polls) == 60 // every == 60 // wall.FIGURES_EVERY == 4
    # Each camera image changes address once per SNAPSHOT_EVERY: two new images per camera in a minute.
    assert len(snapshots) == tiles_up * 60 // wall.SNAPSHOT_EVERY
    assert all(status == 200 for _, status in requests)
    assert len(requests) == 36 < 40
    # The server asked each camera once per fresh snapshot, not once per request.
    assert len(served) == tiles_up * 3  # the page's first images, then two new ones


def test_a_second_open_wall_costs_the_cameras_nothing_more(city, client_as, local_camera):
    base, served = local_camera
    Camera.objects.exclude(unit__code=DOWN_DESK).update(snapshot_url=f"{base}/snap.jpg", username="van", password="b-mat-khau")
    with time_machine.travel(START, tick=False) as travel:
        Browser(client_as(city["lanhdao.cp"])).open()
        first = len(served)
        Browser(client_as(city["giamdoc.hcc"])).open()
        travel.shift(timedelta(seconds=cameras.SNAPSHOT_TTL - 1))
        Browser(client_as(city["admin"])).open()
    assert first == 16 and len(served) == first
