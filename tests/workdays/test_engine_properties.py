"""Properties of the deadline engine (hypothesis) on the real calendar, no database."""
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays.engine import EventKind, LedgerEvent, TimeUnit, WorkingCalendar, evaluate
from motcua.workdays.national import file_or_proposed

CAL = WorkingCalendar(file_or_proposed)
WD, WH = TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS

instants = st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2027, 12, 31, 23, 59)).map(
    lambda t: t.replace(microsecond=0)
)
seconds = st.integers(min_value=1, max_value=60 * 8 * 3600)
SETTINGS = settings(max_examples=200, deadline=None)


def in_working_time_or_at_a_period_end(t: datetime) -> bool:
    tod = t.hour * 3600 + t.minute * 60 + t.second
    return any(start <= tod <= end for start, end in CAL.periods_on(t.date()))


@SETTINGS
@given(instants, seconds, seconds)
def test_monotonic_in_the_amount(start, a, b):
    small, large = sorted((a, b))
    assert CAL.add(start, small) <= CAL.add(start, large)


@SETTINGS
@given(instants, st.integers(1, 30), st.integers(1, 30))
def test_monotonic_in_working_days(start, a, b):
    small, large = sorted((a, b))
    assert CAL.due(start, small, WD) <= CAL.due(start, large, WD)


@SETTINGS
@given(instants, seconds, seconds)
def test_adding_a_then_b_is_adding_a_plus_b(start, a, b):
    assert CAL.add(CAL.add(start, a), b) == CAL.add(start, a + b)


@SETTINGS
@given(instants, st.integers(1, 400), st.integers(1, 400))
def test_working_hours_add_up(start, a, b):
    assert CAL.due(CAL.due(start, a, WH), b, WH) == CAL.due(start, a + b, WH)


@SETTINGS
@given(instants, seconds)
def test_due_instant_is_in_working_time_or_a_period_end(start, a):
    due = CAL.add(start, a)
    assert due > start
    assert in_working_time_or_at_a_period_end(due)
    assert CAL.working_seconds_between(start, due) == a


@SETTINGS
@given(instants, st.integers(1, 20), st.integers(0, 20 * 8 * 3600), st.integers(0, 30 * 24 * 3600))
def test_a_pause_moves_the_due_instant_by_its_working_length(start, days, pause_after, pause_wall):
    plain = evaluate(CAL, WD, days, [LedgerEvent(EventKind.START, start)])
    assert plain.due is not None
    paused_at = CAL.add(start, pause_after) if pause_after else start
    if paused_at >= plain.due:
        return  # a pause after the due instant does not move it (tested in the ledger tests)
    resumed_at = paused_at + timedelta(seconds=pause_wall)
    p = CAL.working_seconds_between(paused_at, resumed_at)
    ledger = [
        LedgerEvent(EventKind.START, start),
        LedgerEvent(EventKind.PAUSE, paused_at),
        LedgerEvent(EventKind.RESUME, resumed_at),
    ]
    state = evaluate(CAL, WD, days, ledger)
    assert state.due is not None
    assert CAL.working_seconds_between(plain.due, state.due) == p
    assert state.due == CAL.add(plain.due, p) if p else state.due == plain.due
