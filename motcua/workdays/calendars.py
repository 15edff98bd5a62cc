"""Loads a unit's working calendar from the database into the engine's plain structures.

Calendars are cached per process. Every change of a calendar writes a CalendarChange row with a fresh
random token (services.py); the cache is keyed by the newest token, so a change made by another process
is seen at the next call, and an in-process change is seen at once (`invalidate`).
"""
from __future__ import annotations

import threading
from datetime import date, datetime

from django.utils import timezone

from motcua.units.models import Unit

from . import national
from .engine import Hours, Season, WorkingCalendar, YearDays, parse_periods
from .models import CalendarChange, CalendarDay, CalendarYear, DayKind, UnitDayOverride, WorkingHoursVariant

_lock = threading.Lock()
_state: dict[str, object] = {"token": None, "calendars": {}, "years": {}}


def invalidate() -> None:
    """Forget every cached calendar of this process."""
    with _lock:
        _state.update(token=None, calendars={}, years={})


def _current_token() -> str:
    return CalendarChange.objects.order_by("-id").values_list("token", flat=True).first() or ""


def national_year(year: int) -> YearDays:
    """A year of the national calendar: the database's, or the `holidays` package's proposal (in memory,
    unconfirmed: check_calendar reports it) when the database has none."""
    days = CalendarDay.objects.filter(calendar_year__year=year).values_list("date", "kind", "name")
    if not days and not CalendarYear.objects.filter(year=year).exists():
        return national.proposed_year(year)
    return YearDays(
        days_off={d: n for d, k, n in days if k == DayKind.DAY_OFF},
        working_days={d: n for d, k, n in days if k == DayKind.WORKING_DAY},
    )


def _preload(years: dict[int, YearDays]) -> None:
    """Every year of the database in two queries (a calendar's first build touches 14 years)."""
    known = set(CalendarYear.objects.values_list("year", flat=True))
    found: dict[int, tuple[dict[date, str], dict[date, str]]] = {y: ({}, {}) for y in known}
    for d, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        off, work = found.setdefault(d.year, ({}, {}))
        (off if kind == DayKind.DAY_OFF else work)[d] = name
    for year, (off, work) in found.items():
        years.setdefault(year, YearDays(days_off=off, working_days=work))


def _lineage(unit: Unit) -> list[str]:
    return [code for code in unit.path.split("/") if code]


def unit_hours(unit: Unit | None) -> Hours:
    """The unit's periods (its own or its nearest ancestor's, else the default) and the seasonal variants
    of the nearest unit of its lineage that has any."""
    if unit is None:
        return Hours()
    periods = parse_periods(unit.effective_working_hours())
    codes = _lineage(unit)
    variants = list(WorkingHoursVariant.objects.filter(unit__code__in=codes).select_related("unit"))
    seasons: tuple[Season, ...] = ()
    for code in reversed(codes):
        mine = [v for v in variants if v.unit.code == code]
        if mine:
            seasons = tuple(
                Season((v.from_month, v.from_day), (v.to_month, v.to_day), parse_periods(v.periods)) for v in mine
            )
            break
    return Hours(periods=periods, seasons=seasons)


def unit_overrides(unit: Unit | None) -> dict[date, tuple[bool, str]]:
    """Day overrides of the unit and its ancestors; for one date the nearest unit wins."""
    if unit is None:
        return {}
    codes = _lineage(unit)
    depth = {code: i for i, code in enumerate(codes)}
    rows = sorted(
        UnitDayOverride.objects.filter(unit__code__in=codes).values_list("unit__code", "date", "is_working", "name"),
        key=lambda r: depth[r[0]],
    )
    return {d: (working, name) for _, d, working, name in rows}


def calendar_for(unit: Unit | None) -> WorkingCalendar:
    """The working calendar of a unit (None: the national calendar with the default working hours)."""
    token = _current_token()
    with _lock:
        if _state["token"] != token:
            _state.update(token=token, calendars={}, years={})
        calendars: dict[object, WorkingCalendar] = _state["calendars"]  # type: ignore[assignment]
        years: dict[int, YearDays] = _state["years"]  # type: ignore[assignment]
    key = (unit.pk, unit.path, repr(unit.working_hours)) if unit is not None else None
    calendar = calendars.get(key)
    if calendar is None:
        if not years:
            _preload(years)

        def source(year: int) -> YearDays:
            found = years.get(year)
            if found is None:
                found = years[year] = national_year(year)
            return found

        calendar = WorkingCalendar(source, unit_hours(unit), unit_overrides(unit))
        calendars[key] = calendar
    return calendar


# -- the boundary between aware instants and the engine's naive local ones ---------------------------
def to_local(t: datetime) -> datetime:
    """An aware instant → naive Asia/Ho_Chi_Minh wall-clock time, what the engine computes with."""
    if timezone.is_naive(t):
        return t
    local: datetime = timezone.localtime(t)
    return local.replace(tzinfo=None)


def to_aware(t: datetime) -> datetime:
    return timezone.make_aware(t) if timezone.is_naive(t) else t
