"""The wall has one tile per reception point in force today under the viewer's level of government:
read from the unit tree, never a fixed list."""
import re
from datetime import date

import pytest
import time_machine

from motcua.demo.services import load_demo_units_2025
from motcua.frontdesk import wall
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import in_force
from tests.factories import UnitFactory

from .conftest import CENTER, local

pytestmark = pytest.mark.django_db


def _tile_codes(html: str) -> list[str]:
    return re.findall(r'class="wall-tile[^"]*" data-unit="([^"]+)"', html)


def test_the_city_leader_sees_the_center_and_every_ward_and_commune_desk_of_the_city(city, client_as):
    expected = set(
        in_force(date.today(), Unit.objects.filter(path__startswith="QN/CP/", kind__in=[UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK]))
        .values_list("code", flat=True)
    )
    html = client_as(city["lanhdao.cp"]).get("/can-bo/man-hinh-giam-sat/").content.decode()
    codes = _tile_codes(html)
    assert set(codes) == expected
    assert codes[0] == CENTER  # the center first, then the desks in the tree's order
    # In the demo city that is Cẩm Phả's center and its 16 ward and commune desks.
    assert len([c for c in codes if c.endswith("-MC")]) == 16 and len(codes) == 17


def test_the_center_director_watches_the_same_city(city, client_as):
    html = client_as(city["giamdoc.hcc"]).get("/can-bo/man-hinh-giam-sat/").content.decode()
    assert len(_tile_codes(html)) == 17


def test_a_desk_dissolved_before_today_has_no_tile_and_a_new_one_has(city):
    ended = Unit.objects.get(code="CP-CB-MC")
    ended.valid_to = date(2026, 6, 30)
    ended.save()
    ward = Unit.objects.get(code="CP-CB")
    UnitFactory(code="CP-CB-MC2", name="Bộ phận Một cửa mới phường Cẩm Bình", kind=UnitKind.ONE_STOP_DESK,
                parent=ward, valid_from=date(2026, 7, 1))
    root = Unit.objects.get(code="CP")
    with time_machine.travel(local(2026, 6, 30, 9, 0), tick=False):
        before = [u.code for u in wall.wall_desks(root)]
    with time_machine.travel(local(2026, 7, 1, 9, 0), tick=False):
        after = [u.code for u in wall.wall_desks(root)]
    assert "CP-CB-MC" in before and "CP-CB-MC2" not in before
    assert "CP-CB-MC" not in after and "CP-CB-MC2" in after
    assert len(before) == len(after) == 17


def test_a_ward_leader_watches_only_the_ward_desk(city, client_as):
    html = client_as(city["lanhdao.camtrung"]).get("/can-bo/man-hinh-giam-sat/").content.decode()
    assert _tile_codes(html) == ["CP-CTR-MC"]


def test_across_the_change_of_1_july_2025_the_province_wall_follows_the_units_in_force(city):
    """Cẩm Phả's wards ended on 30 June 2025 (Resolution 1679/NQ-UBTVQH15): the day after, the province's
    wall shows the six new centers in place of the city's desks — the same code, other data."""
    load_demo_units_2025()
    Unit.objects.filter(path__startswith="QN/CP/").update(valid_to=date(2025, 6, 30))
    Unit.objects.filter(code="CP").update(valid_to=date(2025, 6, 30))
    province = Unit.objects.get(code="QN")
    with time_machine.travel(local(2025, 6, 30, 9, 0), tick=False):
        before = {u.code for u in wall.wall_desks(province)}
    with time_machine.travel(local(2025, 7, 1, 9, 0), tick=False):
        after = {u.code for u in wall.wall_desks(province)}
    new_centers = {"CAMPHA-TT", "CUAONG-TT", "QUANGHANH-TT", "MONGDUONG-TT", "HAIHOA-TT", "HAILANG-TT"}
    assert "CP-HCC" in before and "CP-CTR-MC" in before and not before & new_centers
    assert after == {"QN-HCC"} | new_centers
