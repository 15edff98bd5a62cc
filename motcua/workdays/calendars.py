"""Loads a unit's working calendar from the database into the engine's plain structures.

Calendars are cached per process. Every change of a calendar writes a CalendarChange row with a fresh
random token (services.py); the cache is keyed by the newest token, so a change made by another process
is seen at the next call, and an in-process change is seen at once (`invalidate`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from motcua.units.models import Unit

from . import national
from .engine import Hours, Season, WorkingCalendar, YearDays, parse_periods
from .models import CalendarChange, CalendarDay, CalendarYear, DayKind, UnitDayOverride, WorkingHoursVariant


@dataclass
class _Cache:
    token: str | None = None
    calendars: dict[object, WorkingCalendar] = field(default_factory=dict)
    years: dict[int, YearDays] = field(default_factory=dict)  # the national years, shared by the calendars


_lock = threading.Lock()
_cache = _Cache()


# Within one request the newest token is read once (`one_token_per_request`): a page or an intake asks for
# calendars several times (the due instant, each holding's budget, the remaining time of each row), and the
# token does not need to be read again for each. Outside a request (tasks, commands) every call reads it.
_request_token: ContextVar[dict[str, str] | None] = ContextVar("calendar_change_token", default=None)


def invalidate() -> None:
    """Forget every cached calendar of this process (and the token read by the current request)."""
    global _cache
    with _lock:
        _cache = _Cache()
    if _request_token.get() is not None:
        # From here on the request reads the token at every call, as outside a request: the change may
        # still be rolled back, and the token read next must be the database's.
        _request_token.set(None)


def _read_token() -> str:
    return CalendarChange.objects.order_by("-id").values_list("token", flat=True).first() or ""


def _current_token() -> str:
    memo = _request_token.get()
    if memo is None:
        return _read_token()
    if "token" not in memo:
        memo["token"] = _read_token()
    return memo["token"]


@contextmanager
def one_token_per_request() -> Iterator[None]:
    """Within the block, the calendar-change token is read at most once (a change made in this process
    through `invalidate` is still seen at once; one made by another process at the next request)."""
    reset = _request_token.set({})
    try:
        yield
    finally:
        _request_token.reset(reset)


def national_year(year: int) -> YearDays:
    """A year of the national calendar: the database's, or the `holidays` package's proposal (in memory,
    unconfirmed: check_calendar reports it) when the database has none."""
    days = list(CalendarDay.objects.filter(calendar_year__year=year).values_list("date", "kind", "name"))
    if not days and not CalendarYear.objects.filter(year=year).exists():
        return national.proposed_year(year)
    return _year_days(days)


def _year_days(rows: Iterable[tuple[date, object, str]]) -> YearDays:
    """(date, kind, name) rows of CalendarDay → the engine's YearDays."""
    days_off: dict[date, str] = {}
    working_days: dict[date, str] = {}
    for d, kind, name in rows:
        (days_off if kind == DayKind.DAY_OFF else working_days)[d] = name
    return YearDays(days_off=days_off, working_days=working_days)


def _preload(years: dict[int, YearDays]) -> None:
    """Every year of the database in two queries (a calendar's first build touches 14 years)."""
    found: dict[int, list[tuple[date, object, str]]] = {y: [] for y in CalendarYear.objects.values_list("year", flat=True)}
    for row in CalendarDay.objects.values_list("date", "kind", "name"):
        found.setdefault(row[0].year, []).append(row)
    for year, rows in found.items():
        years.setdefault(year, _year_days(rows))


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
    global _cache
    token = _current_token()
    with _lock:
        if _cache.token != token:
            _cache = _Cache(token)
        calendars, years = _cache.calendars, _cache.years
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
