"""Table tests of the deadline engine on the real 2018–2027 calendar (domain.md §3), no database."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from motcua.workdays.engine import (
    Hours,
    Season,
    Timeliness,
    TimeUnit,
    WorkingCalendar,
    parse_periods,
    split_budget,
    step_dues,
    timeliness,
)
from motcua.workdays.explain import explain
from motcua.workdays.national import file_or_proposed, read_calendar_file

WD, WH, SD, CD = TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY, TimeUnit.CALENDAR_DAYS
CAL = WorkingCalendar(file_or_proposed)


def dt(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M")


# Received the last working day before each Tết break at 10:00: one working day later is 10:00 on the first
# working day after the break.
TET = [
    ("01/02/2019 10:00", "11/02/2019 10:00"),
    ("22/01/2020 10:00", "30/01/2020 10:00"),
    ("09/02/2021 10:00", "17/02/2021 10:00"),
    ("28/01/2022 10:00", "07/02/2022 10:00"),
    ("19/01/2023 10:00", "27/01/2023 10:00"),
    ("07/02/2024 10:00", "15/02/2024 10:00"),
    ("24/01/2025 10:00", "03/02/2025 10:00"),
    ("13/02/2026 10:00", "23/02/2026 10:00"),
    ("03/02/2027 10:00", "11/02/2027 10:00"),
]


@pytest.mark.parametrize(("start", "due"), TET)
def test_tet_break_is_skipped(start, due):
    assert CAL.due(dt(start), 1, WD) == dt(due)


@pytest.mark.parametrize(("start", "due"), TET)
def test_every_day_of_the_tet_break_is_listed_as_skipped(start, due):
    skipped = CAL.skipped_days(dt(start), dt(due))
    days = [d for d, _ in skipped]
    assert days == sorted(days)
    assert len(days) == (dt(due).date() - dt(start).date()).days - 1


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # make-up Saturdays are working days
        ("04/01/2019 10:00", 1, WD, "05/01/2019 10:00"),
        ("03/05/2019 10:00", 1, WD, "04/05/2019 10:00"),
        ("03/05/2024 10:00", 1, WD, "04/05/2024 10:00"),
        ("25/04/2025 10:00", 1, WD, "26/04/2025 10:00"),
        ("21/08/2026 10:00", 1, WD, "22/08/2026 10:00"),
        ("21/08/2026 10:00", 2, WD, "24/08/2026 10:00"),
        ("21/08/2026 17:00", 1, WD, "22/08/2026 17:00"),
        # 30/4–1/5 swaps and 2/9
        ("26/04/2019 10:00", 1, WD, "02/05/2019 10:00"),
        ("26/04/2024 10:00", 1, WD, "02/05/2024 10:00"),
        ("29/04/2025 10:00", 1, WD, "05/05/2025 10:00"),
        ("29/04/2026 10:00", 1, WD, "04/05/2026 10:00"),
        ("28/08/2026 10:00", 1, WD, "03/09/2026 10:00"),
        ("29/08/2025 10:00", 1, WD, "03/09/2025 10:00"),
        ("30/08/2024 10:00", 1, WD, "04/09/2024 10:00"),
        ("30/08/2019 10:00", 1, WD, "03/09/2019 10:00"),
        # year crossing (31/12/2018 off, swapped with Saturday 05/01/2019)
        ("28/12/2018 10:00", 1, WD, "02/01/2019 10:00"),
        ("28/12/2018 10:00", 4, WD, "05/01/2019 10:00"),
        ("31/12/2026 12:00", 1, WD, "04/01/2027 11:30"),
        ("31/12/2027 10:00", 1, WD, "04/01/2028 10:00"),
        # night and weekend online submission: the clock starts at the next start of working time
        ("03/03/2026 22:15", 1, WD, "04/03/2026 17:00"),
        ("07/03/2026 09:00", 2, WD, "10/03/2026 17:00"),
        ("08/03/2026 23:59", 1, WH, "09/03/2026 08:30"),
        ("03/03/2026 06:00", 4, WH, "03/03/2026 11:30"),
        ("14/02/2026 03:00", 1, WD, "23/02/2026 17:00"),
        # lunch break: the clock starts with the afternoon session, and jumps over it
        ("03/03/2026 12:00", 2, WH, "03/03/2026 15:00"),
        ("03/03/2026 11:00", 1, WH, "03/03/2026 13:30"),
        ("03/03/2026 11:30", 1, WH, "03/03/2026 14:00"),
        # hours; a due instant at the end of a period stays there
        ("03/03/2026 09:30", 8, WH, "04/03/2026 09:30"),
        ("03/03/2026 16:00", 2, WH, "04/03/2026 08:30"),
        ("03/03/2026 07:30", 4, WH, "03/03/2026 11:30"),
        ("03/03/2026 07:30", 8, WH, "03/03/2026 17:00"),
        ("03/03/2026 07:30", Decimal("0.5"), WD, "03/03/2026 11:30"),
        ("03/03/2026 09:30", Decimal("1.5"), WH, "03/03/2026 11:00"),
        # the reference case of legal-notes §1.9: Fri 27/10/2023 09:32 + 5 working days
        ("27/10/2023 09:32", 5, WD, "03/11/2023 09:32"),
        # same day, cut-off 15:00
        ("03/03/2026 14:59", 0, SD, "03/03/2026 17:00"),
        ("03/03/2026 15:00", 0, SD, "03/03/2026 17:00"),
        ("03/03/2026 15:01", 0, SD, "04/03/2026 17:00"),
        ("03/03/2026 06:00", 0, SD, "03/03/2026 17:00"),
        ("03/03/2026 22:00", 0, SD, "04/03/2026 17:00"),
        ("13/02/2026 16:00", 0, SD, "23/02/2026 17:00"),
        ("07/03/2026 09:00", 0, SD, "09/03/2026 17:00"),
        ("22/08/2026 09:00", 0, SD, "22/08/2026 17:00"),
        # calendar days never end on a day off
        ("10/02/2026 10:00", 5, CD, "23/02/2026 17:00"),
        ("02/03/2026 10:00", 3, CD, "05/03/2026 17:00"),
        # a year the file does not have: the holidays package's proposal (Tết 2028: 24–29/01)
        ("21/01/2028 10:00", 1, WD, "31/01/2028 10:00"),
    ],
)
def test_due_instant(start, amount, unit, due):
    assert CAL.due(dt(start), amount, unit) == dt(due)


def test_no_due_date():
    assert CAL.due(dt("03/03/2026 10:00"), 0, TimeUnit.NONE) is None


def test_file_has_every_year_2018_to_2027():
    assert sorted(read_calendar_file()) == list(range(2018, 2028))


def test_unit_override_day_off_and_extra_working_day():
    cal = WorkingCalendar(
        file_or_proposed,
        overrides={date(2026, 3, 4): (False, "Nghỉ lễ hội địa phương"), date(2026, 3, 7): (True, "Làm việc thứ Bảy")},
    )
    assert cal.due(dt("03/03/2026 10:00"), 1, WD) == dt("05/03/2026 10:00")
    assert cal.due(dt("06/03/2026 10:00"), 1, WD) == dt("07/03/2026 10:00")
    assert cal.skipped_days(dt("03/03/2026 10:00"), dt("05/03/2026 10:00")) == [
        (date(2026, 3, 4), "Nghỉ lễ hội địa phương")
    ]


def test_seasonal_hours():
    summer = Season((4, 15), (10, 14), parse_periods([["07:00", "11:30"], ["13:30", "17:00"]]))
    cal = WorkingCalendar(file_or_proposed, Hours(seasons=(summer,)))
    assert cal.normalize_start(dt("05/05/2026 07:10")) == dt("05/05/2026 07:10")
    assert cal.normalize_start(dt("05/05/2026 13:10")) == dt("05/05/2026 13:30")
    assert cal.normalize_start(dt("05/03/2026 07:10")) == dt("05/03/2026 07:30")
    assert cal.due(dt("05/05/2026 07:00"), 1, WD) == dt("05/05/2026 17:00")


def test_shorter_day_working_days_use_the_daily_time_of_the_start_day():
    cal = WorkingCalendar(file_or_proposed, Hours(periods=parse_periods([["08:00", "12:00"]])))
    assert cal.due(dt("03/03/2026 08:00"), 2, WD) == dt("04/03/2026 12:00")


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        ("03/03/2026 09:59", Timeliness.ON_TIME),
        ("03/03/2026 10:00", Timeliness.ON_TIME),
        ("03/03/2026 07:00", Timeliness.ON_TIME),
        ("03/03/2026 10:01", Timeliness.LATE),
        ("04/03/2026 08:00", Timeliness.LATE),
        ("02/03/2026 16:59", Timeliness.EARLY),
    ],
)
def test_timeliness(finished, expected):
    assert timeliness(dt(finished), dt("03/03/2026 10:00")) is expected


def test_split_budget_largest_remainder_adds_up():
    assert split_budget(100, [Decimal("0.3333"), Decimal("0.3333"), Decimal("0.3334")]) == [33, 33, 34]
    parts = split_budget(3 * 8 * 3600, [Decimal("0.2"), Decimal("0.5"), Decimal("0.3")])
    assert parts == [17280, 43200, 25920]
    assert sum(split_budget(1001, [Decimal(1), Decimal(1), Decimal(1)])) == 1001


def test_step_dues_are_chained():
    parts = split_budget(3 * 8 * 3600, [Decimal("0.5"), Decimal("0.5")])
    assert step_dues(CAL, dt("13/02/2026 07:30"), parts) == [dt("23/02/2026 11:30"), dt("24/02/2026 17:00")]


def test_explanation_merges_the_tet_break():
    e = explain(CAL, dt("13/02/2026 09:30"), 3, WD)
    assert e.due == dt("25/02/2026 09:30")
    assert "đã trừ: Tết Nguyên Đán 14/02–22/02/2026" in e.text
    assert len(e.skipped) == 9
    assert e.skipped[0] == (date(2026, 2, 14), "Thứ Bảy")


def test_explanation_of_a_weekend_and_a_night_submission():
    e = explain(CAL, dt("28/02/2026 09:00"), 1, WD)
    assert "Thứ Bảy, Chủ nhật 28/02–01/03/2026" in e.text
    assert "ngoài giờ làm việc" in e.text
    assert e.start == dt("02/03/2026 07:30")


def test_explanation_of_the_30_april_swap():
    e = explain(CAL, dt("26/04/2019 10:00"), 1, WD)
    assert "Ngày Chiến thắng và Ngày Quốc tế Lao động 27/04–01/05/2019" in e.text
