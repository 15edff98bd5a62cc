"""The day counts (decision 0054) give every figure the dossiers give (`selectors.figures(…,
from_dossiers=True)`), for any unit, period and grouping they serve — kept current by every transition and
intake (incremental), by a calendar change that moves due instants, by the generator's bulk load, and
rebuilt from scratch to the same rows: on the hand-built December cases (every definition of domain.md §8)
and on generated histories, including a period not over yet (overdue counted now)."""
import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.stats import selectors, summary
from motcua.stats.models import COLUMNS_OF_A_DAY, DayCount, DayCountsPending
from motcua.units.models import Unit
from motcua.workdays.services import set_unit_override

GROUPINGS = (None, "unit", "field", "channel", "month")


def same(unit: Unit, date_from: date, date_to: date) -> None:
    for group_by in GROUPINGS:
        expected = selectors.figures(unit, date_from, date_to, group_by, from_dossiers=True)
        assert selectors.figures(unit, date_from, date_to, group_by) == expected, (unit.code, date_from, date_to, group_by)
    assert selectors.figures_by_unit_and_field(unit, date_from, date_to) == selectors.figures_by_unit_and_field(
        unit, date_from, date_to, from_dossiers=True
    )


def day_counts() -> dict:
    """The table's content without its all-zero rows (what an incremental change leaves behind)."""
    rows = DayCount.objects.values_list("unit_id", "field_id", "channel", "day", *COLUMNS_OF_A_DAY)
    return {row[:4]: row[4:] for row in rows if any(row[4:])}


def december_periods() -> list[tuple[date, date]]:
    today = date.today()
    return [
        (date(2024, 12, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2024, 11, 1), date(2025, 3, 31)), (date(2024, 12, 10), date(2024, 12, 10)),
        (date(2024, 12, 16), date(2024, 12, 20)), (date(2023, 1, 1), date(2023, 12, 31)),
        # Not over yet: its end state is today's, and overdue is counted now.
        (date(2024, 12, 1), today + timedelta(days=30)), (today, today),
    ]


def test_kept_by_every_transition_of_the_december_cases_and_rebuilt_the_same(december):
    assert summary.is_complete() and DayCount.objects.exists()  # written by the services as the cases were made
    units = [Unit.objects.get(code=code) for code in ("CP-CTR-MC", "CP", "QN")]
    for unit in units:
        for date_from, date_to in december_periods():
            same(unit, date_from, date_to)
    incremental = day_counts()
    assert summary.rebuild() == DayCount.objects.count()
    assert day_counts() == incremental
    # The period not over yet has dossiers overdue now: the case counted on the open dossiers.
    assert selectors.figures(units[1], date(2024, 12, 1), date.today())["in_progress"]["overdue"] > 0


def test_a_calendar_change_moves_due_instants_and_the_day_counts_with_them(december):
    desk = Unit.objects.get(code="CP-CTR-MC")
    d = Dossier.objects.filter(reception_unit=desk, status__in=selectors.OPEN).exclude(due_at=None).order_by("received_at").first()
    due = d.due_at
    day = timezone.localdate(due) - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    set_unit_override(desk, day, is_working=False, name="Nghỉ đột xuất")  # a working day before its due one
    d.refresh_from_db()
    assert d.due_at != due
    for date_from, date_to in december_periods():
        same(desk, date_from, date_to)
    incremental = day_counts()
    summary.rebuild()
    assert day_counts() == incremental


@pytest.mark.parametrize("seed", [3, 11])
def test_a_generated_history_over_random_periods(city, seed):
    call_command("generate_dossiers", "--count", "1500", "--years", "2019-2020", "--seed", str(seed), "--workers", "1")
    rng = random.Random(seed)
    units = list(Unit.objects.filter(code__in=("CP", "CP-HCC", "CP-CTR-MC", "QN")))
    first = date(2018, 12, 1)
    for _ in range(10):
        start = first + timedelta(days=rng.randrange(800))
        same(rng.choice(units), start, start + timedelta(days=rng.choice((0, 1, 6, 30, 90, 400))))
    same(Unit.objects.get(code="CP"), date(2019, 1, 1), date(2019, 12, 31))
    incremental = day_counts()
    call_command("build_stats_summary")
    assert day_counts() == incremental


def test_while_a_build_is_pending_the_figures_are_counted_on_the_dossiers(december):
    unit, period = Unit.objects.get(code="CP"), (date(2024, 12, 1), date(2024, 12, 31))
    expected = selectors.figures(unit, *period, "unit", from_dossiers=True)
    DayCount.objects.all().delete()  # as on a store that had dossiers before the day counts
    DayCountsPending.objects.create()
    assert not summary.is_complete()
    assert selectors.figures(unit, *period, "unit") == expected
    call_command("build_stats_summary")
    assert summary.is_complete() and DayCount.objects.exists()
    assert selectors.figures(unit, *period, "unit") == expected


def test_the_procedure_grouping_is_counted_on_the_dossiers(december):
    unit = Unit.objects.get(code="CP")
    with pytest.raises(selectors.StatsError):
        summary.figures(unit, date(2024, 12, 1), date(2024, 12, 31), "procedure")
    assert selectors.figures(unit, date(2024, 12, 1), date(2024, 12, 31), "procedure")["groups"]


def test_if_pending_builds_only_when_pending(december):
    DayCount.objects.all().delete()
    call_command("build_stats_summary", "--if-pending")
    assert not DayCount.objects.exists()  # complete (nothing pending): left alone
    DayCountsPending.objects.create()
    call_command("build_stats_summary", "--if-pending")
    assert summary.is_complete() and DayCount.objects.exists()
