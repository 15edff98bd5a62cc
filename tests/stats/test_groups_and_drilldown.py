"""Groups (unit, procedure, field, month, channel) add up, and every figure's list agrees with its count."""
from datetime import date

import pytest

from motcua.stats.selectors import FIGURES, StatsError, dossiers_behind, figures
from motcua.units.models import Unit

from .conftest import BUILDING_PERMIT, MARITAL, SOCIAL_ALLOWANCE, act, local, receive

DEC = (date(2024, 12, 1), date(2024, 12, 31))


def value(body: dict, figure: str) -> int:
    head, _, tail = figure.partition(".")
    return body[head][tail] if tail else body[head]


def add_up(groups: list[dict], figure: str) -> int:
    return sum(value(g, figure) for g in groups)


def test_group_by_unit_gives_the_direct_children_and_adds_up(december):
    cp = Unit.objects.get(code="CP")
    f = figures(cp, *DEC, group_by="unit")
    keys = [g["key"] for g in f["groups"]]
    assert set(keys) == set(Unit.objects.filter(parent=cp).values_list("code", flat=True))
    by_key = {g["key"]: g for g in f["groups"]}
    assert by_key["CP-CTR"]["received"]["new"] == 12 and by_key["CP-CTR"]["name"] == "Phường Cẩm Trung"
    assert by_key["CP-HCC"]["received"]["new"] == 1 and by_key["CP-MD"]["received"]["new"] == 1
    for figure in FIGURES:
        assert add_up(f["groups"], figure) == value(f, figure), figure
    assert f["on_time_rate"] == by_key["CP-CTR"]["on_time_rate"] == 85.71


@pytest.mark.parametrize("group_by", ["procedure", "field", "channel", "month"])
def test_other_groupings_add_up(december, group_by):
    f = figures(Unit.objects.get(code="CP"), *DEC, group_by=group_by)
    assert f["groups"]
    for figure in ("received.new", "resolved.total", "resolved.late", "refused", "withdrawn", "satisfaction.ratings"):
        assert add_up(f["groups"], figure) == value(f, figure), figure
    by_key = {g["key"]: g for g in f["groups"]}
    if group_by == "procedure":
        assert by_key[MARITAL]["received"]["new"] == 13 and by_key[BUILDING_PERMIT]["received"]["new"] == 1
    if group_by == "field":
        assert set(by_key) == {"ho-tich", "hoat-dong-xay-dung"} or len(by_key) == 2
    if group_by == "channel":
        assert [g["key"] for g in f["groups"]] == ["online", "counter", "post"]
        assert by_key["online"]["received"]["new"] == 1 and by_key["post"]["received"]["new"] == 1


def test_month_groups_are_the_figures_of_each_month(december):
    desk = Unit.objects.get(code="CP-CTR-MC")
    f = figures(desk, date(2024, 11, 1), date(2025, 1, 31), group_by="month")
    assert [g["key"] for g in f["groups"]] == ["2024-11", "2024-12", "2025-01"]
    for group, (a, b) in zip(f["groups"], [(date(2024, 11, 1), date(2024, 11, 30)), DEC, (date(2025, 1, 1), date(2025, 1, 31))], strict=True):
        month = figures(desk, a, b)
        # Every figure of the contract; the fee payments (decision 0042) are the period's, not per group.
        assert {k: v for k, v in group.items() if k not in ("key", "name")} == {
            k: v for k, v in month.items() if k not in ("unit", "from", "to", "groups", "payments")
        }
    # Each month's carried-over is the previous month's open dossiers.
    assert f["groups"][2]["received"]["carried_over"] == 4
    assert f["received"]["new"] == add_up(f["groups"], "received.new")
    # The period's own figures, whatever the grouping.
    ungrouped = figures(desk, date(2024, 11, 1), date(2025, 1, 31))
    assert {k: v for k, v in f.items() if k != "groups"} == {k: v for k, v in ungrouped.items() if k != "groups"}


def test_every_figure_lists_exactly_the_dossiers_it_counts(december):
    cp = Unit.objects.get(code="CP")
    f = figures(cp, *DEC)
    for figure in FIGURES:
        assert dossiers_behind(cp, *DEC, figure).count() == value(f, figure), figure
    late = list(dossiers_behind(cp, *DEC, "resolved.late"))
    assert late == [december.d["late"]]
    # The center's permit was due 23 Dec and Mông Dương's certificate 6 Dec: overdue on the 31st too.
    assert set(dossiers_behind(cp, *DEC, "in_progress.overdue")) == {
        december.d[k] for k in ("overdue", "resolved_late_in_january", "center", "mong_duong")
    }
    assert list(dossiers_behind(cp, *DEC, "awaiting_supplement")) == [december.d["awaiting"]]
    assert set(dossiers_behind(cp, *DEC, "refused")) == {december.d["refused_at_intake"], december.d["refused_in_processing"]}


@pytest.mark.parametrize("group_by", ["unit", "procedure", "field", "channel", "month"])
def test_every_group_lists_what_it_counts(december, group_by):
    cp = Unit.objects.get(code="CP")
    period = (date(2024, 11, 1), date(2024, 12, 31))
    f = figures(cp, *period, group_by=group_by)
    for group in f["groups"]:
        for figure in ("received.total", "received.carried_over", "resolved.on_time", "in_progress.overdue", "refused", "satisfaction.satisfied"):
            listed = dossiers_behind(cp, *period, figure, key=group["key"], group_by=group_by).count()
            assert listed == value(group, figure), (group["key"], figure)


def test_bad_drill_down_requests_name_their_field(december):
    cp = Unit.objects.get(code="CP")
    for kwargs, field in (
        ({"figure": "received.everything"}, "figure"),
        ({"figure": "refused", "key": "CP-CTR"}, "group_by"),
        ({"figure": "refused", "key": "QN-HCC", "group_by": "unit"}, "key"),
        ({"figure": "refused", "key": "2030-01", "group_by": "month"}, "key"),
    ):
        with pytest.raises(StatsError) as error:
            dossiers_behind(cp, *DEC, **kwargs)
        assert error.value.field == field


def test_lien_thong_counts_for_the_unit_that_received_it(city):
    ldtbxh = Unit.objects.get(code="CP-LDTBXH")  # its specialist is a demo account now (issue 8 item 16)
    d = receive(city, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 0))
    act(city, d, "chuyenvien.camtrung", "transfer", at=local(2024, 11, 27, 9, 0))
    act(city, d, "chuyenvien.ldtbxh", "transfer", at=local(2024, 12, 20, 9, 0))  # the city department held it last
    nov = (date(2024, 11, 1), date(2024, 11, 30))
    assert figures(ldtbxh, *nov)["received"]["new"] == 0
    by_key = {g["key"]: g for g in figures(Unit.objects.get(code="CP"), *nov, group_by="unit")["groups"]}
    assert by_key["CP-CTR"]["received"]["new"] == 1 and by_key["CP-LDTBXH"]["received"]["new"] == 0
    assert by_key["CP-CTR"]["in_progress"]["total"] == 1


def test_the_figures_are_a_fixed_number_of_queries_whatever_the_number_of_dossiers(december, django_assert_num_queries):
    cp = Unit.objects.get(code="CP")
    # Whether the day counts are complete; the counts; the fee payments (one pass over the period's `pay` events).
    with django_assert_num_queries(3):
        figures(cp, *DEC)
    with django_assert_num_queries(5):  # … and the children, the reception units' paths
        figures(cp, *DEC, group_by="unit")
    # A period not over yet adds the overdue split counted now on the open dossiers (decision 0054).
    with django_assert_num_queries(4):
        figures(cp, DEC[0], date.today())
    # Counted on the dossiers themselves: the counts and the payments.
    with django_assert_num_queries(2):
        figures(cp, *DEC, from_dossiers=True)
    # Months: the states carried into the period, then every month's changes, in one query each — a year
    # costs what a month costs (it was one query per month).
    with django_assert_num_queries(4):
        figures(cp, *DEC, group_by="month")
    with django_assert_num_queries(4):
        figures(cp, date(2024, 1, 1), date(2025, 3, 31), group_by="month")
