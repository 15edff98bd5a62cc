"""Pure deadline arithmetic (domain.md §3): working calendars, due instants, ledgers, timeliness.

No Django and no ORM here: plain dates, naive *local* datetimes (Asia/Ho_Chi_Minh wall clock) and integer
seconds of working time. The service layer converts aware datetimes at the boundary. Resolution is one
second (microseconds of an input instant are ignored).

How it is fast: a calendar precomputes, over a range of years, every working period as absolute seconds
since its epoch together with the working seconds elapsed before it (a prefix sum). "Add N working
seconds" is then instant → working ordinal (one bisect), + N, → instant (one bisect). The range grows
lazily when an instant outside it is asked for.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

Period = tuple[int, int]
"""A working period of one day: (start, end) in seconds from midnight, start < end."""

DAY = 86400
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DEFAULT_PERIODS: tuple[Period, ...] = ((7 * 3600 + 1800, 11 * 3600 + 1800), (13 * 3600, 17 * 3600))
# Product rule (domain.md §3; legal-notes §1.9, "nhận hồ sơ sau 15 giờ"): same-day cut-off 15:00.
DEFAULT_SAME_DAY_CUTOFF = 15 * 3600
_MAX_YEARS_AHEAD = 60


class CalendarError(ValueError):
    """The calendar cannot answer (no working time at all in the years searched, bad hours...)."""


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"
    NONE = "none"


class Timeliness(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class YearDays:
    """One year of the national calendar: days off and (weekend) make-up working days, with names."""

    days_off: Mapping[date, str]
    working_days: Mapping[date, str]


@dataclass(frozen=True)
class Season:
    """Seasonal working hours between two (month, day) dates, both inclusive; may wrap the year end."""

    start: tuple[int, int]
    end: tuple[int, int]
    periods: tuple[Period, ...]

    def contains(self, d: date) -> bool:
        md = (d.month, d.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


@dataclass(frozen=True)
class Hours:
    """Working hours of a unit: the default periods, seasonal variants (first match wins), the cut-off."""

    periods: tuple[Period, ...] = DEFAULT_PERIODS
    seasons: tuple[Season, ...] = ()
    same_day_cutoff: int = DEFAULT_SAME_DAY_CUTOFF

    def periods_on(self, d: date) -> tuple[Period, ...]:
        for season in self.seasons:
            if season.contains(d):
                return season.periods
        return self.periods


def parse_clock(text: str) -> int:
    """"07:30" → seconds from midnight."""
    hours, _, minutes = text.partition(":")
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 3600 + m * 60 > DAY:
        raise CalendarError(f"giờ không hợp lệ: {text!r}")
    return h * 3600 + m * 60


def parse_periods(rows: Iterable[Sequence[str]]) -> tuple[Period, ...]:
    """[["07:30", "11:30"], ["13:00", "17:00"]] → ((27000, 41400), (46800, 61200)); checks order."""
    out: list[Period] = []
    previous_end = -1
    for row in rows:
        if len(row) != 2:
            raise CalendarError(f"ca làm việc không hợp lệ: {row!r}")
        start, end = parse_clock(row[0]), parse_clock(row[1])
        if start >= end or start < previous_end:
            raise CalendarError(f"ca làm việc không hợp lệ hoặc chồng lên ca trước: {row!r}")
        out.append((start, end))
        previous_end = end
    return tuple(out)


YearSource = Callable[[int], YearDays]


@dataclass(slots=True)
class _Index:
    """Working periods of years [first_year, last_year] as parallel arrays (see module docstring)."""

    first_year: int
    last_year: int
    epoch: datetime
    epoch_ord: int
    lo_ord: int  # ordinal of the first day covered
    hi_ord: int  # ordinal of 1 January of last_year: instants before it have a next period in range
    p_abs: list[int] = field(default_factory=list)  # period start, seconds since epoch
    p_end: list[int] = field(default_factory=list)  # period end, seconds since epoch
    p_cum: list[int] = field(default_factory=list)  # working seconds before the period
    p_cum_end: list[int] = field(default_factory=list)  # working seconds up to the period's end
    p_dt: list[datetime] = field(default_factory=list)  # period start as a datetime
    p_daylen: list[int] = field(default_factory=list)  # working seconds of the period's day


class WorkingCalendar:
    """The working calendar of one unit: national days + the unit's overrides + its working hours.

    `year_source(year)` gives the national calendar of a year (from the database, the shared file or a
    proposal of the `holidays` package); `overrides` maps a date to (is_working, name) for the unit and
    its ancestors, nearest first already resolved, and wins over the national calendar.
    """

    def __init__(
        self,
        year_source: YearSource,
        hours: Hours | None = None,
        overrides: Mapping[date, tuple[bool, str]] | None = None,
        *,
        weekend: frozenset[int] = frozenset({5, 6}),
        years: tuple[int, int] = (2018, 2031),
    ) -> None:
        self.year_source = year_source
        self.hours = hours or Hours()
        self.overrides: Mapping[date, tuple[bool, str]] = dict(overrides or {})
        self.weekend = weekend
        self._years: dict[int, YearDays] = {}
        self._lock = threading.Lock()
        self._ix = self._build(years[0], years[1])

    # -- days -------------------------------------------------------------------------------------
    def _year(self, year: int) -> YearDays:
        days = self._years.get(year)
        if days is None:
            days = self._years[year] = self.year_source(year)
        return days

    def day_status(self, d: date) -> tuple[bool, str]:
        """(is it a working day, its name): the holiday or weekday name of a day off, the make-up note."""
        override = self.overrides.get(d)
        if override is not None:
            return override
        year = self._year(d.year)
        name = year.working_days.get(d)
        if name is not None:
            return True, name
        name = year.days_off.get(d)
        if name is not None:
            return False, name
        wd = d.weekday()
        if wd in self.weekend:
            return False, WEEKDAY_NAMES[wd]
        return True, ""

    def periods_on(self, d: date) -> tuple[Period, ...]:
        """The working periods of a date; empty on a day off."""
        return self.hours.periods_on(d) if self.day_status(d)[0] else ()

    # -- the index --------------------------------------------------------------------------------
    def _build(self, first_year: int, last_year: int) -> _Index:
        epoch = datetime(first_year, 1, 1)
        epoch_ord = epoch.toordinal()
        ix = _Index(
            first_year, last_year, epoch, epoch_ord, epoch_ord, date(last_year, 1, 1).toordinal()
        )
        cum = 0
        d = date(first_year, 1, 1)
        end = date(last_year + 1, 1, 1)
        one = timedelta(days=1)
        while d < end:
            periods = self.periods_on(d)
            if periods:
                base = (d.toordinal() - epoch_ord) * DAY
                daylen = sum(e - s for s, e in periods)
                midnight = datetime(d.year, d.month, d.day)
                for start, stop in periods:
                    ix.p_abs.append(base + start)
                    ix.p_end.append(base + stop)
                    ix.p_cum.append(cum)
                    cum += stop - start
                    ix.p_cum_end.append(cum)
                    ix.p_dt.append(midnight + timedelta(seconds=start))
                    ix.p_daylen.append(daylen)
            d += one
        if not ix.p_abs:
            raise CalendarError(f"không có thời gian làm việc nào trong các năm {first_year}–{last_year}")
        return ix

    def _cover(self, first_year: int, last_year: int) -> _Index:
        """Grow the index so that it covers these years (and keeps what it covered)."""
        with self._lock:
            ix = self._ix
            if ix.first_year <= first_year and last_year <= ix.last_year:
                return ix
            lo, hi = min(ix.first_year, first_year), max(ix.last_year, last_year)
            if hi - lo > 400:
                raise CalendarError("khoảng thời gian quá lớn")
            self._ix = self._build(lo, hi)
            return self._ix

    def _index_for(self, t: datetime) -> _Index:
        ix = self._ix
        o = t.toordinal()
        if ix.lo_ord <= o < ix.hi_ord:
            return ix
        return self._cover(t.year, t.year + 1)

    def _extend_for_ordinal(self, ix: _Index, n: int) -> _Index:
        last = ix.last_year
        while ix.p_cum_end[-1] < n:
            last += 1
            if last - ix.last_year > _MAX_YEARS_AHEAD:
                raise CalendarError("hạn vượt quá phạm vi lịch")
            ix = self._cover(ix.first_year, last)
        return ix

    # -- working ordinals: the working seconds elapsed since the index epoch --------------------------
    @staticmethod
    def _locate(ix: _Index, t: datetime) -> tuple[int, int]:
        """(`t` in seconds since the index epoch, the last period starting at or before it; -1 if none)."""
        a = (t.toordinal() - ix.epoch_ord) * DAY + t.hour * 3600 + t.minute * 60 + t.second
        return a, bisect_right(ix.p_abs, a) - 1

    @staticmethod
    def _ordinal(ix: _Index, t: datetime) -> int:
        """Working seconds between the epoch and `t` (an instant in non-working time counts as the
        working time before it)."""
        a, k = WorkingCalendar._locate(ix, t)
        if k < 0:
            return 0
        off = a - ix.p_abs[k]
        length = ix.p_cum_end[k] - ix.p_cum[k]
        return ix.p_cum[k] + (off if off < length else length)

    def _instant(self, ix: _Index, n: int) -> datetime:
        """The earliest instant with working ordinal n (n > 0): inside a period, or exactly at its end."""
        if n > ix.p_cum_end[-1]:
            ix = self._extend_for_ordinal(ix, n)
        k = bisect_left(ix.p_cum_end, n)
        return ix.p_dt[k] + timedelta(seconds=n - ix.p_cum[k])

    def working_seconds_between(self, a: datetime, b: datetime) -> int:
        """Working time in [a, b) (negative if b is before a)."""
        first, last = (a, b) if a <= b else (b, a)
        ix = self._index_for(first)
        if not ix.lo_ord <= last.toordinal() < ix.hi_ord:
            ix = self._cover(first.year, last.year + 1)
        seconds = self._ordinal(ix, last) - self._ordinal(ix, first)
        return seconds if a <= b else -seconds

    # -- instants ---------------------------------------------------------------------------------
    def normalize_start(self, t: datetime) -> datetime:
        """The instant the clock starts for something received at `t` (domain.md §3): `t` itself in
        working time, else the next start of working time (after hours, weekend, day off → next working
        day; lunch break → afternoon session)."""
        ix, k, inside = self._clock_period(t)
        return t if inside else ix.p_dt[k]

    def _clock_period(self, t: datetime) -> tuple[_Index, int, bool]:
        """Where the clock starts for `t`: (the index, the period containing `t` or else the next one,
        whether `t` is inside it)."""
        ix = self._index_for(t)
        a, k = self._locate(ix, t)
        if k >= 0 and a < ix.p_end[k]:
            return ix, k, True
        if k + 1 >= len(ix.p_abs):
            ix = self._extend_for_ordinal(ix, ix.p_cum_end[-1] + 1)
        return ix, k + 1, False

    def add(self, start: datetime, seconds: int) -> datetime:
        """The instant `seconds` of working time after `start` (seconds ≥ 0). A result that falls exactly
        at the end of a working period stays there (17:00, not 07:30 the next day). Adding nothing keeps an
        instant in working time or at the end of a period (a due instant shifted by a pause that used no
        working time does not move: 11:30 stays 11:30, not 13:00); elsewhere it is the next start of
        working time."""
        ix = self._index_for(start)
        if seconds <= 0:
            ix, k, inside = self._clock_period(start)
            if inside or (k > 0 and self._locate(ix, start)[0] == ix.p_end[k - 1]):
                return start
            return ix.p_dt[k]
        return self._instant(ix, self._ordinal(ix, start) + seconds)

    def back(self, t: datetime, seconds: int) -> datetime:
        """The instant `seconds` of working time before `t` (seconds > 0): inside a period, or exactly at the
        end of one (1 working day before 09:00 Monday is 09:00 Friday; before 07:30 Monday, 17:00 Thursday)."""
        ix = self._index_for(t)
        n = self._ordinal(ix, t) - seconds
        if n <= 0:
            if ix.first_year <= 1900:
                raise CalendarError("hạn vượt quá phạm vi lịch")
            ix = self._cover(ix.first_year - 1, ix.last_year)
            return self.back(t, seconds)
        return self._instant(ix, n)

    def working_day_seconds(self, t: datetime) -> int:
        """The daily working time of the working day `t` falls in (or of the next one)."""
        ix, k, _ = self._clock_period(t)
        return ix.p_daylen[k]

    def end_of_working_day(self, d: date) -> datetime:
        """The end of the last working period of `d` if it is a working day, else of the next one."""
        for _ in range(366 * _MAX_YEARS_AHEAD // 10):
            periods = self.periods_on(d)
            if periods:
                return datetime(d.year, d.month, d.day) + timedelta(seconds=periods[-1][1])
            d += timedelta(days=1)
        raise CalendarError("không tìm thấy ngày làm việc")

    def budget_seconds(self, time_unit: TimeUnit, amount: int | Decimal, start: datetime) -> int | None:
        """The working-time budget of a rule started at `start`; None when there is no due date.

        N working days = N × the daily working time of the day the clock starts (after normalising the
        start); N working hours = N × 3600 s. Same-day and calendar-day rules become the working time
        from the start to the instant their own rule gives, so that pauses work the same way for all.
        """
        if time_unit is TimeUnit.WORKING_DAYS:
            ix, k, _ = self._clock_period(start)
            return _scale(amount, ix.p_daylen[k])
        if time_unit is TimeUnit.WORKING_HOURS:
            return _scale(amount, 3600)
        if time_unit is TimeUnit.SAME_DAY or time_unit is TimeUnit.CALENDAR_DAYS:
            due = self.rule_due(time_unit, amount, start)
            assert due is not None
            return max(0, self.working_seconds_between(start, due))
        if time_unit is TimeUnit.NONE:
            return None
        raise CalendarError(f"đơn vị thời gian không hợp lệ: {time_unit!r}")

    def rule_due(self, time_unit: TimeUnit, amount: int | Decimal, start: datetime) -> datetime | None:
        """The due instant of a rule started at `start`, without pauses (domain.md §3)."""
        if time_unit is TimeUnit.WORKING_DAYS or time_unit is TimeUnit.WORKING_HOURS:
            budget = self.budget_seconds(time_unit, amount, start)
            assert budget is not None
            return self.add(start, budget)
        if time_unit is TimeUnit.SAME_DAY:
            # legal-notes §1.9: received after 15:00 (or on a day off) → end of the next working day.
            d = start.date()
            tod = start.hour * 3600 + start.minute * 60 + start.second
            if self.periods_on(d) and tod <= self.hours.same_day_cutoff:
                return self.end_of_working_day(d)
            return self.end_of_working_day(d + timedelta(days=1))
        if time_unit is TimeUnit.CALENDAR_DAYS:
            # Never due on a day off: rolled forward to the end of the next working day (legal-notes §1.9).
            days = int(Decimal(amount).to_integral_value(ROUND_HALF_UP))
            return self.end_of_working_day(start.date() + timedelta(days=days))
        if time_unit is TimeUnit.NONE:
            return None
        raise CalendarError(f"đơn vị thời gian không hợp lệ: {time_unit!r}")

    def due(self, start: datetime, amount: int | Decimal, time_unit: TimeUnit) -> datetime | None:
        """The due instant of `amount` `time_unit` from `start`, without pauses (domain.md §3).

        The hot path of the benchmark: working days and hours are computed inline, with one bisect to
        place the start and one to place the due instant.
        """
        if time_unit is TimeUnit.WORKING_DAYS:
            per_day = True
        elif time_unit is TimeUnit.WORKING_HOURS:
            per_day = False
        else:
            return self.rule_due(time_unit, amount, start)
        ix = self._ix
        o = start.toordinal()
        if not ix.lo_ord <= o < ix.hi_ord:
            ix = self._cover(start.year, start.year + 1)
        a = (o - ix.epoch_ord) * DAY + start.hour * 3600 + start.minute * 60 + start.second
        k = bisect_right(ix.p_abs, a) - 1
        if k < 0:
            base = 0
            k = 0
        else:
            off = a - ix.p_abs[k]
            base = ix.p_cum[k]
            length = ix.p_cum_end[k] - base
            if off < length:
                base += off
            else:
                base += length
                k += 1  # the clock starts with the next period: its day gives the daily working time
        if k >= len(ix.p_abs):
            return self.rule_due(time_unit, amount, start)
        unit_seconds = ix.p_daylen[k] if per_day else 3600
        seconds = amount * unit_seconds if type(amount) is int else _scale(amount, unit_seconds)
        if seconds <= 0:
            return self.normalize_start(start)
        n = base + seconds
        if n > ix.p_cum_end[-1]:
            ix = self._extend_for_ordinal(ix, n)
        k = bisect_left(ix.p_cum_end, n)
        return ix.p_dt[k] + timedelta(seconds=n - ix.p_cum[k])

    def skipped_days(self, start: datetime, due: datetime) -> list[tuple[date, str]]:
        """Every non-working day passed over between `start` and `due`, with its reason."""
        out: list[tuple[date, str]] = []
        d, last = start.date(), due.date()
        one = timedelta(days=1)
        while d <= last:
            working, name = self.day_status(d)
            if not working:
                out.append((d, name))
            d += one
        return out


def _scale(amount: int | Decimal, unit_seconds: int) -> int:
    if type(amount) is int:
        return amount * unit_seconds
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    return int((amount * unit_seconds).to_integral_value(ROUND_HALF_UP))


# -- deadlines: a budget plus a ledger --------------------------------------------------------------
class EventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"
    EXTEND = "extend"


@dataclass(frozen=True)
class LedgerEvent:
    kind: EventKind
    at: datetime
    seconds: int = 0  # the extra working time of an EXTEND


@dataclass(frozen=True)
class DeadlineState:
    """What a ledger says at an instant."""

    due: datetime | None  # current due instant (with extensions); None while paused or without a due
    legal_due: datetime | None  # without extensions: what timeliness is judged against (domain.md §3)
    running: bool
    budget: int | None  # working seconds, extensions included
    used: int  # working seconds consumed up to `at`
    remaining: int | None  # budget − used; negative when overdue


def evaluate(
    calendar: WorkingCalendar,
    time_unit: TimeUnit,
    amount: int | Decimal,
    events: Sequence[LedgerEvent],
    at: datetime | None = None,
    *,
    fixed_budget: int | None = None,
) -> DeadlineState:
    """Replay a deadline's ledger on a calendar.

    The due instant is where the running segments have used the whole budget; pausing stops the clock,
    resuming continues with what is left (product rule), restarting starts the full budget again from
    that instant, extending adds working time. A pause after the due instant does not move it.
    `fixed_budget` (working seconds) replaces the rule's budget, for a step's share of a deadline.
    """
    budget, extra, segments, running = _replay(calendar, time_unit, amount, events, at, fixed_budget)
    # working time of each closed segment (the open one, up to `at`, counts in `used` too)
    lengths = [None if b is None else max(0, calendar.working_seconds_between(a, b)) for a, b in segments]
    used = sum(n for n in lengths if n is not None)
    if budget is None:
        return DeadlineState(due=None, legal_due=None, running=running, budget=None, used=used, remaining=None)
    total = budget + extra
    due = _due(calendar, segments, lengths, running, total)
    legal_due = _due(calendar, segments, lengths, running, budget) if extra else due
    return DeadlineState(due=due, legal_due=legal_due, running=running, budget=total, used=used, remaining=total - used)


def _replay(
    calendar: WorkingCalendar,
    time_unit: TimeUnit,
    amount: int | Decimal,
    events: Sequence[LedgerEvent],
    at: datetime | None,
    fixed_budget: int | None,
) -> tuple[int | None, int, list[tuple[datetime, datetime | None]], bool]:
    """(budget, extensions, running segments since the last start, running) of the events up to `at`."""
    if not events or events[0].kind is not EventKind.START:
        raise CalendarError("sổ theo dõi thời hạn phải bắt đầu bằng START")
    budget: int | None = None
    extra = 0
    segments: list[tuple[datetime, datetime | None]] = []
    since: datetime | None = None
    for event in events:
        if at is not None and event.at > at:
            break
        kind = event.kind
        if kind is EventKind.START or kind is EventKind.RESTART:
            budget = fixed_budget if fixed_budget is not None else calendar.budget_seconds(time_unit, amount, event.at)
            segments, since = [], event.at
        elif kind is EventKind.PAUSE:
            if since is not None:
                segments.append((since, event.at))
                since = None
        elif kind is EventKind.RESUME:
            if since is None:
                since = event.at
        elif kind is EventKind.EXTEND:
            extra += event.seconds
    running = since is not None
    if since is not None:
        segments.append((since, at))
    return budget, extra, segments, running


def _due(
    calendar: WorkingCalendar,
    segments: Sequence[tuple[datetime, datetime | None]],
    lengths: Sequence[int | None],
    running: bool,
    total: int,
) -> datetime | None:
    """Where the segments have used `total` working seconds; None when paused before that."""
    used = 0
    last = len(segments) - 1
    for i, ((a, _), length) in enumerate(zip(segments, lengths, strict=True)):
        # the open segment (the budget left runs from its start), or the one that uses the budget up
        if length is None or (running and i == last) or used + length >= total:
            left = total - used
            return calendar.add(a, left) if left > 0 else calendar.normalize_start(a)
        used += length
    return None  # paused before the budget was used: no due until resumed


def timeliness(finished: datetime, due: datetime) -> Timeliness:
    """Product rule (domain.md §3): late after the due instant; on time on the due date itself and not
    after the due instant; early on an earlier date. Both instants in the same (local) zone."""
    if finished > due:
        return Timeliness.LATE
    if finished.date() == due.date():
        return Timeliness.ON_TIME
    return Timeliness.EARLY


def split_budget(total: int, shares: Sequence[Decimal]) -> list[int]:
    """Per-step budgets from the internal process's shares (largest remainder: they add up to `total`)."""
    if not shares:
        return []
    weight = sum(shares, Decimal(0))
    if weight <= 0 or any(s < 0 for s in shares):
        raise CalendarError("tỷ lệ thời gian của các bước không hợp lệ")
    exact = [Decimal(total) * s / weight for s in shares]
    parts = [int(x) for x in exact]
    short = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:short]:
        parts[i] += 1
    return parts


def step_dues(calendar: WorkingCalendar, start: datetime, parts: Sequence[int]) -> list[datetime]:
    """The due instant of each step when the steps run one after the other from `start`."""
    out: list[datetime] = []
    used = 0
    for part in parts:
        used += part
        out.append(calendar.add(start, used))
    return out

