"""Reads of the working calendar and of deadlines: previews, remaining time, calendar health."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.units.models import Unit

from . import national
from .calendars import calendar_for, national_year, to_aware, to_local
from .engine import (
    DeadlineState,
    EventKind,
    LedgerEvent,
    TimeUnit,
    WorkingCalendar,
    evaluate,
    split_budget,
    step_dues,
)
from .explain import Explanation, explain
from .models import OPEN_STATUSES, CalendarYear, Deadline, DeadlineEvent

CHECK_DAYS_AHEAD = 60


@dataclass(frozen=True)
class DuePreview:
    """The due instant of a rule from a start, for the receipt preview and the API."""

    start: datetime  # aware: when the clock starts
    due: datetime | None  # aware
    skipped: list[tuple[date, str]]
    explanation: str


def preview_due(start: datetime, amount: Decimal | int, time_unit: str, unit: Unit | None = None) -> DuePreview:
    """Where the deadline of `amount` `time_unit` from `start` falls by `unit`'s calendar, and why
    ("đã trừ: Tết Nguyên Đán 14/02–22/02/2026")."""
    e: Explanation = explain(calendar_for(unit), to_local(start), amount, TimeUnit(time_unit))
    return DuePreview(
        start=to_aware(e.start), due=to_aware(e.due) if e.due else None, skipped=e.skipped, explanation=e.text
    )


def replay(
    deadline: Deadline,
    events: Iterable[DeadlineEvent],
    at: datetime | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> DeadlineState:
    """A deadline's ledger `events` (in order) replayed on its unit's calendar (or `calendar`) up to the
    aware instant `at` (None: the whole ledger); the state's instants are local."""
    ledger = [LedgerEvent(EventKind(e.kind), to_local(e.at), e.seconds) for e in events]
    return evaluate(
        calendar if calendar is not None else calendar_for(deadline.unit), TimeUnit(deadline.time_unit), Decimal(deadline.amount), ledger,
        None if at is None else to_local(at), fixed_budget=deadline.fixed_budget_seconds,
    )


def deadline_state(deadline: Deadline, at: datetime | None = None) -> DeadlineState:
    """The deadline's ledger replayed on its unit's calendar at `at` (default now); instants are local."""
    return replay(deadline, deadline.events.order_by("seq"), at or timezone.now())


def remaining(deadline: Deadline, at: datetime | None = None) -> timedelta | None:
    """Working time left at `at` (negative when overdue); None without a due date."""
    state = deadline_state(deadline, at)
    return None if state.remaining is None else timedelta(seconds=state.remaining)


def plan_steps(
    start: datetime, amount: Decimal | int, time_unit: str, shares: list[Decimal], unit: Unit | None = None
) -> list[tuple[int, datetime]]:
    """(budget seconds, planned due instant) of each step of the internal process, chained from `start`."""
    calendar = calendar_for(unit)
    local = to_local(start)
    total = calendar.budget_seconds(TimeUnit(time_unit), Decimal(amount), local) or 0
    parts = split_budget(total, shares)
    return [(p, to_aware(d)) for p, d in zip(parts, step_dues(calendar, local, parts), strict=True)]


def year_days(year: int) -> dict | None:
    """A year's days off and working weekend days with names, from the database or (unconfirmed) the
    `holidays` package's proposal; None for a year neither knows."""
    cy = CalendarYear.objects.filter(year=year).first()
    if cy is not None:
        days = national_year(year)
    elif 2000 <= year <= 2100:
        days = national.proposed_year(year)
        if not days.days_off:
            return None
    else:
        return None

    def named(found: Mapping[date, str]) -> list[dict]:
        return [{"date": d, "name": n} for d, n in sorted(found.items())]

    return {
        "year": year,
        "confirmed": cy is not None and cy.confirmed,
        "days_off": named(days.days_off),
        "working_weekend_days": named(days.working_days),
    }


def calendar_problems(today: date | None = None, days_ahead: int = CHECK_DAYS_AHEAD) -> list[str]:
    """Why deadlines cannot be trusted yet: the next `days_ahead` days, or the due instant of an open
    deadline, fall in a year that is missing or not confirmed by an admin. Empty when all is well."""
    today = today or timezone.localdate()
    present = dict(CalendarYear.objects.values_list("year", "confirmed"))  # year → confirmed
    confirmed = {year for year, ok in present.items() if ok}

    def state(year: int) -> str:
        return _("chưa xác nhận") if year in present else _("chưa có")

    problems = []
    ahead = sorted({today.year, (today + timedelta(days=days_ahead)).year})
    for year in ahead:
        if year not in confirmed:
            problems.append(_("Lịch năm %(year)s %(state)s, mà %(days)s ngày tới nằm trong năm đó.") % {
                "year": year, "state": state(year), "days": days_ahead,
            })
    years: dict[int, int] = {}
    for due in Deadline.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False).values_list("due_at", flat=True):
        y = timezone.localtime(due).year
        years[y] = years.get(y, 0) + 1
    for year, count in sorted(years.items()):
        if year not in confirmed and year not in ahead:
            problems.append(_("Lịch năm %(year)s %(state)s, mà %(count)s thời hạn đang mở có hạn trong năm đó.") % {
                "year": year, "state": state(year), "count": count,
            })
        elif year not in confirmed:
            problems.append(_("%(count)s thời hạn đang mở có hạn trong năm %(year)s, năm chưa xác nhận lịch.") % {
                "count": count, "year": year,
            })
    return problems
