"""Issue 8 item 9: a pause entirely outside working hours moves no due instant, and a due instant at the
end of a working period stays there (domain.md §3). Pure engine, no database."""
from datetime import datetime

import pytest

from motcua.workdays.engine import EventKind, LedgerEvent, TimeUnit, WorkingCalendar, evaluate
from motcua.workdays.national import file_or_proposed

CAL = WorkingCalendar(file_or_proposed)
WH = TimeUnit.WORKING_HOURS


def dt(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M")


@pytest.mark.parametrize(
    "instant",
    ["26/11/2024 11:30", "26/11/2024 17:00", "29/11/2024 17:00"],  # ends of a morning, a day, a week
)
def test_adding_no_working_time_to_the_end_of_a_period_stays_there(instant):
    assert CAL.add(dt(instant), 0) == dt(instant)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("26/11/2024 09:15", "26/11/2024 09:15"),  # inside working time: itself
        ("26/11/2024 12:00", "26/11/2024 13:00"),  # lunch break: the afternoon session
        ("26/11/2024 18:00", "27/11/2024 07:30"),  # evening: the next morning
        ("30/11/2024 10:00", "02/12/2024 07:30"),  # Saturday: Monday morning
    ],
)
def test_adding_no_working_time_elsewhere_starts_at_the_next_working_instant(instant, expected):
    assert CAL.add(dt(instant), 0) == dt(expected)


# A unit holding due at 11:30 on Tuesday (dossier 0002 of the walk-through): 8 working hours from 11:30
# on Monday. The dossier is paused and resumed while nobody works; the unit's due instant stays 11:30.
@pytest.mark.parametrize(
    ("pause", "resume"),
    [
        ("25/11/2024 11:40", "25/11/2024 12:50"),  # within Monday's lunch break
        ("25/11/2024 18:00", "25/11/2024 20:00"),  # Monday evening
        ("26/11/2024 11:30", "26/11/2024 12:30"),  # from the due instant itself into the lunch break
        ("29/11/2024 18:00", "30/11/2024 09:00"),  # after the due instant, outside working hours
    ],
)
def test_a_pause_outside_working_hours_does_not_move_a_due_at_the_end_of_a_period(pause, resume):
    events = [
        LedgerEvent(EventKind.START, dt("25/11/2024 11:30")),
        LedgerEvent(EventKind.PAUSE, dt(pause)),
        LedgerEvent(EventKind.RESUME, dt(resume)),
    ]
    state = evaluate(CAL, WH, 0, events, fixed_budget=8 * 3600)
    assert state.due == dt("26/11/2024 11:30")


def test_the_paused_working_time_of_an_outside_hours_pause_is_zero_and_shifts_nothing():
    due = dt("26/11/2024 11:30")
    paused = CAL.working_seconds_between(dt("25/11/2024 18:00"), dt("25/11/2024 20:00"))
    assert paused == 0
    assert CAL.add(due, paused) == due
