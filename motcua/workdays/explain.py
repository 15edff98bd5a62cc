"""Explanations of due instants in Vietnamese, for the receipt preview and the API (pure, no Django)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .engine import WEEKDAY_NAMES, EventKind, LedgerEvent, TimeUnit, WorkingCalendar

UNIT_LABELS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.SAME_DAY: "trong ngày",
    TimeUnit.CALENDAR_DAYS: "ngày",
    TimeUnit.NONE: "không quy định thời hạn",
}
_WEEKEND_NAMES = set(WEEKDAY_NAMES[5:])
_TET = re.compile(r"Tết Nguyên Đán|^\d+ Tết$")
_SWAP = re.compile(r"^Ngày nghỉ \(thay cho")


@dataclass(frozen=True)
class SkippedRange:
    first: date
    last: date
    reason: str

    def text(self) -> str:
        return f"{self.reason} {format_range(self.first, self.last)}"


@dataclass(frozen=True)
class Explanation:
    start: datetime  # the instant the clock started (after normalising)
    due: datetime | None
    skipped: list[tuple[date, str]]  # one entry per non-working day passed over
    ranges: list[SkippedRange]  # the same, consecutive days merged under one name
    text: str


def format_range(first: date, last: date) -> str:
    """14/02–22/02/2026; 31/12/2026–01/01/2027; 01/01/2026."""
    if first == last:
        return first.strftime("%d/%m/%Y")
    if first.year == last.year:
        return f"{first:%d/%m}–{last:%d/%m/%Y}"
    return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"


def holiday_group(name: str) -> str:
    """The name a day is grouped under: every day of the Tết break is "Tết Nguyên Đán"; a compensatory
    day ("(nghỉ bù)") goes with its holiday."""
    if _TET.search(name):
        return "Tết Nguyên Đán"
    return name.removesuffix(" (nghỉ bù)").strip()


def merge_ranges(skipped: list[tuple[date, str]]) -> list[SkippedRange]:
    """Consecutive non-working days become one range named after the holidays in it (weekends and swapped
    days of a holiday break take the holiday's name); a plain weekend stays "Thứ Bảy, Chủ nhật"."""
    blocks: list[list[tuple[date, str]]] = []
    for d, reason in skipped:
        if blocks and (d - blocks[-1][-1][0]).days == 1:
            blocks[-1].append((d, reason))
        else:
            blocks.append([(d, reason)])
    out: list[SkippedRange] = []
    for block in blocks:
        names: list[str] = []
        for _, reason in block:
            group = holiday_group(reason)
            if group not in _WEEKEND_NAMES and group not in names:
                names.append(group)
        holidays = [n for n in names if not _SWAP.match(n)] or names
        if holidays:
            label = " và ".join(holidays)
        else:
            label = ", ".join(n for n in WEEKDAY_NAMES if n in {r for _, r in block})
        out.append(SkippedRange(block[0][0], block[-1][0], label))
    return out


def format_instant(t: datetime) -> str:
    return f"{t:%H:%M} {WEEKDAY_NAMES[t.weekday()].lower()} {t:%d/%m/%Y}"


def format_amount(amount: int | Decimal) -> str:
    text = f"{Decimal(amount).normalize():f}" if not isinstance(amount, int) else str(amount)
    return text.replace(".", ",")


def explain(
    calendar: WorkingCalendar, start: datetime, amount: int | Decimal, time_unit: TimeUnit,
    due: datetime | None = None,
) -> Explanation:
    """Why the due instant is where it is: the days passed over and one Vietnamese sentence."""
    if due is None:
        due = calendar.due(start, amount, time_unit)
    if due is None:
        return Explanation(start, None, [], [], "Thủ tục không quy định thời hạn giải quyết.")
    clock = calendar.normalize_start(start) if time_unit is not TimeUnit.CALENDAR_DAYS else start
    skipped = calendar.skipped_days(start, due)
    ranges = merge_ranges(skipped)
    if time_unit is TimeUnit.SAME_DAY:
        what = "trả trong ngày"
    else:
        what = f"{format_amount(amount)} {UNIT_LABELS[time_unit]}"
    sentence = f"Hạn giải quyết: {format_instant(due)} ({what}, tính từ {format_instant(clock)})"
    if clock != start:  # (calendar days count from `start` itself)
        sentence += f"; hồ sơ nhận lúc {format_instant(start)}, ngoài giờ làm việc"
    if ranges:
        sentence += "; đã trừ: " + "; ".join(r.text() for r in ranges)
    return Explanation(clock, due, skipped, ranges, sentence + ".")


def explain_ledger(
    calendar: WorkingCalendar, time_unit: TimeUnit, amount: int | Decimal, events: Sequence[LedgerEvent],
    due: datetime | None,
) -> list[str]:
    """A deadline's ledger (engine.LedgerEvent, local instants) in Vietnamese sentences: when the clock
    started, each pause, and after a supplement whether the time limit was counted again from the start
    (Decree 61/2018, art. 19(4)) or continued with what was left (a procedure's own rule)."""
    what = "trả trong ngày" if time_unit is TimeUnit.SAME_DAY else f"{format_amount(amount)} {UNIT_LABELS[time_unit]}"
    lines: list[str] = []
    paused_at: datetime | None = None
    for event in events:
        if event.kind is EventKind.START:
            lines.append(f"Bắt đầu tính thời hạn ({what}) từ {format_instant(calendar.normalize_start(event.at))}.")
        elif event.kind is EventKind.PAUSE:
            paused_at = event.at
            lines.append(f"Tạm dừng từ {format_instant(event.at)}: yêu cầu bổ sung, hoàn thiện hồ sơ.")
        elif event.kind is EventKind.RESTART:
            lines.append(
                f"Nhận đủ hồ sơ bổ sung lúc {format_instant(event.at)}: thời hạn giải quyết được tính lại từ đầu "
                f"({what} từ {format_instant(calendar.normalize_start(event.at))}; Nghị định 61/2018, Điều 19 khoản 4)."
            )
        elif event.kind is EventKind.RESUME:
            stopped = calendar.working_seconds_between(paused_at, event.at) if paused_at else 0
            hours = format_amount((Decimal(stopped) / 3600).quantize(Decimal("0.1")))
            lines.append(
                f"Nhận đủ hồ sơ bổ sung lúc {format_instant(event.at)}: tiếp tục thời gian còn lại theo quy định "
                f"riêng của thủ tục (đã tạm dừng {hours} giờ làm việc)."
            )
        elif event.kind is EventKind.EXTEND:
            lines.append(f"Gia hạn thêm {event.seconds // 60} phút làm việc lúc {format_instant(event.at)}.")
    if due is not None:
        lines.append(f"Hạn giải quyết: {format_instant(due)}.")
    return lines
