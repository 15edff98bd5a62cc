"""Each tile's figures: tickets waiting now and served today, dossiers received today, and the desk's
dossiers being processed that are overdue or due soon — counted for all tiles in a few queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as dossier_services
from motcua.frontdesk import services as queue
from motcua.frontdesk import wall
from motcua.units.models import Counter, Unit

from .conftest import CENTER, DAY1, DAY2, WARD_DESK, local

pytestmark = pytest.mark.django_db

BIRTH = "1.001193.000.00.00.H49"  # ward, same day
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678",
             "email": "binh@example.vn", "address": "Tổ 5, khu 3, phường Cẩm Trung"}


def _receive(users, at):
    return dossier_services.receive_dossier(
        actor=users["tiepnhan.camtrung"], procedure_code=BIRTH, unit_code=WARD_DESK, channel="counter",
        applicant=APPLICANT, received_at=at,
    ).dossier


def _tiles(at):
    root = Unit.objects.get(code="CP")
    return {t.unit.code: t for t in wall.tiles(root, wall.wall_desks(root, at), at)}


def test_queue_figures_count_todays_waiting_and_served_tickets_per_desk(city):
    officer = city["tiepnhan.hcc"]
    queue.issue_ticket(CENTER, "A", at=local(*DAY1, 8, 0))  # yesterday's: not today's figure
    for minute in range(3):
        queue.issue_ticket(CENTER, "A", at=local(*DAY2, 8, minute))
    queue.issue_ticket(WARD_DESK, at=local(*DAY2, 8, 5))
    first = Counter.objects.get(unit__code=CENTER, number=1)
    queue.call_next(officer, first.pk, at=local(*DAY2, 8, 10))
    queue.call_next(officer, first.pk, at=local(*DAY2, 8, 20))  # the first one is served by this call

    tiles = _tiles(local(*DAY2, 9, 0))
    assert (tiles[CENTER].waiting, tiles[CENTER].served) == (1, 1)
    assert (tiles[WARD_DESK].waiting, tiles[WARD_DESK].served) == (1, 0)
    assert (tiles[CENTER].counters, tiles[CENTER].counters_open) == (20, 20)
    assert all(t.waiting == 0 for code, t in tiles.items() if code not in (CENTER, WARD_DESK))


def test_dossier_figures_count_todays_receipts_and_the_desks_overdue_and_due_soon(full_city):
    _receive(full_city, local(*DAY1, 8, 0))  # same-day deadline: overdue by the next morning
    _receive(full_city, local(*DAY1, 9, 0))
    day1 = _tiles(local(*DAY1, 10, 0))[WARD_DESK]
    assert (day1.received, day1.overdue, day1.due_soon) == (2, 0, 2)

    _receive(full_city, local(*DAY2, 8, 0))  # due this afternoon: due soon
    tile = _tiles(local(*DAY2, 10, 0))[WARD_DESK]
    assert (tile.received, tile.overdue, tile.due_soon) == (1, 2, 1)
    assert _tiles(local(*DAY2, 10, 0))[CENTER].received == 0


def test_all_tiles_cost_the_same_few_queries_as_one(city):
    root = Unit.objects.get(code="CP")
    at = local(*DAY2, 9, 0)
    desks = wall.wall_desks(root, at)
    wall.tiles(root, desks[:1], at)  # warm: what is read once and cached is not a per-tile cost
    with CaptureQueriesContext(connection) as one:
        wall.tiles(root, desks[:1], at)
    with CaptureQueriesContext(connection) as all_desks:
        rows = wall.tiles(root, desks, at)
    assert len(rows) == 17
    assert len(all_desks) == len(one) <= 6


def test_the_polled_fragment_shows_every_tiles_figures_in_one_response(city, client_as):
    queue.issue_ticket(WARD_DESK)
    client = client_as(city["lanhdao.cp"])
    response = client.get("/can-bo/man-hinh-giam-sat/o/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert html.count("<li class=\"wall-tile") == 17
    tile = html.split(f'data-unit="{WARD_DESK}"', 1)[1].split("</li>", 1)[0]
    assert '<dd data-figure="waiting">1</dd>' in tile
    assert '<strong data-total="waiting">1</strong>' in html
