"""The unit tree is data: any depth, paths kept right on moves, cycles and bad input refused."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.units import selectors, services
from motcua.units.models import DEFAULT_WORKING_HOURS, Unit

pytestmark = pytest.mark.django_db

TREE = [
    {"code": "QN", "name": "Tỉnh Quảng Ninh", "kind": "province", "parent": None},
    {"code": "CP-CTR-MC", "name": "Bộ phận Một cửa phường Cẩm Trung", "kind": "one_stop_desk", "parent": "CP-CTR"},
    {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": "QN"},
    {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
    {"code": "CP-HCC", "name": "Trung tâm HCC", "kind": "admin_center", "parent": "CP"},
]


def test_load_units_places_children_after_parents_whatever_the_order():
    report = services.load_units(TREE)
    assert report == {"created": 5, "updated": 0}
    desk = Unit.objects.get(code="CP-CTR-MC")
    assert desk.path == "QN/CP/CP-CTR/CP-CTR-MC/"
    assert desk.depth == 3
    assert [u.code for u in selectors.ancestors(desk)] == ["QN", "CP", "CP-CTR"]


def test_load_units_twice_changes_nothing():
    services.load_units(TREE)
    assert services.load_units(TREE) == {"created": 0, "updated": 0}


def test_subtree_and_government_of():
    services.load_units(TREE)
    cp = Unit.objects.get(code="CP")
    assert set(selectors.subtree(cp).values_list("code", flat=True)) == {"CP", "CP-CTR", "CP-CTR-MC", "CP-HCC"}
    assert selectors.government_of(Unit.objects.get(code="CP-CTR-MC")).code == "CP-CTR"
    assert selectors.government_of(Unit.objects.get(code="CP-HCC")).code == "CP"


def test_moving_a_unit_moves_its_subtree():
    services.load_units(TREE)
    ward = Unit.objects.get(code="CP-CTR")
    ward.parent = Unit.objects.get(code="QN")  # two-tier: province → ward directly
    services.save_unit(ward)
    assert Unit.objects.get(code="CP-CTR-MC").path == "QN/CP-CTR/CP-CTR-MC/"


def test_a_unit_cannot_be_moved_under_its_own_descendant():
    services.load_units(TREE)
    city = Unit.objects.get(code="CP")
    city.parent = Unit.objects.get(code="CP-CTR")
    with pytest.raises(ValidationFailed):
        services.save_unit(city)
    assert Unit.objects.get(code="CP").path == "QN/CP/"


def test_unknown_parent_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationFailed, match="không có đơn vị cấp trên"):
        services.load_units([*TREE, {"code": "X", "name": "X", "kind": "ward", "parent": "NOPE"}])
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    "hours",
    [[], [["07:30"]], [["7:30", "11:30"]], [["11:30", "07:30"]], [["07:30", "11:30"], ["11:00", "17:00"]]],
)
def test_bad_working_hours_are_refused(hours):
    with pytest.raises(ValidationFailed):
        services.validate_working_hours(hours)


def test_working_hours_are_inherited_from_the_nearest_ancestor():
    services.load_units(TREE, default_working_hours=[["07:00", "11:30"], ["13:30", "17:00"]])
    assert Unit.objects.get(code="CP-CTR-MC").effective_working_hours() == [["07:00", "11:30"], ["13:30", "17:00"]]
    services.load_units([{"code": "Z", "name": "Z", "kind": "province", "parent": None}])
    assert Unit.objects.get(code="Z").effective_working_hours() == DEFAULT_WORKING_HOURS
