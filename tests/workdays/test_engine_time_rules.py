"""Engine pieces of the Decree 61/2018 time rules (issue 8 items 12–13): stepping back in working time (the
apology is due 1 working day before the due instant) and the ledger explained in Vietnamese (restart after a
supplement, art. 19(4), or continue where the procedure's rule says pause). Pure, no database."""
from datetime import datetime

import pytest

from motcua.workdays.engine import EventKind, LedgerEvent, TimeUnit, WorkingCalendar, evaluate
from motcua.workdays.explain import explain_ledger
from motcua.workdays.national import file_or_proposed

CAL = WorkingCalendar(file_or_proposed)
WD = TimeUnit.WORKING_DAYS


def dt(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M")


@pytest.mark.parametrize(
    ("due", "back"),
    [
        ("28/11/2024 09:00", "27/11/2024 09:00"),  # Thursday → Wednesday
        ("02/12/2024 09:00", "29/11/2024 09:00"),  # Monday → Friday, over the weekend
        ("02/12/2024 17:00", "29/11/2024 17:00"),  # the end of a day stays the end of a day
        ("02/12/2024 13:00", "29/11/2024 11:30"),  # the start of an afternoon: the end of the morning before
        ("23/02/2026 10:00", "13/02/2026 10:00"),  # the first working day after Tết 2026 → the last before it
    ],
)
def test_one_working_day_back(due, back):
    assert CAL.back(dt(due), CAL.working_day_seconds(dt(due))) == dt(back)


def test_back_is_the_inverse_of_add_inside_working_time():
    start = dt("25/11/2024 09:15")
    assert CAL.back(CAL.add(start, 40 * 3600), 40 * 3600) == start


def _ledger(kind):
    return [
        LedgerEvent(EventKind.START, dt("25/11/2024 09:00")),
        LedgerEvent(EventKind.PAUSE, dt("26/11/2024 09:00")),
        LedgerEvent(kind, dt("28/11/2024 09:00")),
    ]


def test_the_ledger_of_a_restart_is_explained_with_its_legal_basis():
    events = _ledger(EventKind.RESTART)
    due = evaluate(CAL, WD, 15, events).due
    assert due == dt("19/12/2024 09:00")
    assert explain_ledger(CAL, WD, 15, events, due) == [
        "Bắt đầu tính thời hạn (15 ngày làm việc) từ 09:00 thứ hai 25/11/2024.",
        "Tạm dừng từ 09:00 thứ ba 26/11/2024: yêu cầu bổ sung, hoàn thiện hồ sơ.",
        "Nhận đủ hồ sơ bổ sung lúc 09:00 thứ năm 28/11/2024: thời hạn giải quyết được tính lại từ đầu "
        "(15 ngày làm việc từ 09:00 thứ năm 28/11/2024; Nghị định 61/2018, Điều 19 khoản 4).",
        "Hạn giải quyết: 09:00 thứ năm 19/12/2024.",
    ]


def test_the_ledger_of_a_continue_says_how_long_the_clock_stopped():
    events = _ledger(EventKind.RESUME)
    due = evaluate(CAL, WD, 15, events).due
    assert due == dt("18/12/2024 09:00")
    lines = explain_ledger(CAL, WD, 15, events, due)
    assert lines[2] == (
        "Nhận đủ hồ sơ bổ sung lúc 09:00 thứ năm 28/11/2024: tiếp tục thời gian còn lại theo quy định riêng "
        "của thủ tục (đã tạm dừng 16 giờ làm việc)."
    )
