"""Explanations of due instants, for the receipt preview and the API.

Pure: no Django needed. The sentences are Vietnamese msgids; when Django is set up they are read in the
active language (English when the user chose it), otherwise as written. The calendar's day names (holidays,
weekdays) stay Vietnamese in the engine and are translated only here, when shown."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .engine import WEEKDAY_NAMES, EventKind, LedgerEvent, TimeUnit, WorkingCalendar


def _(message: str) -> str:
    """`message` in Django's active language, or as written when Django is not configured."""
    try:
        from django.conf import settings
        from django.utils.translation import gettext
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return message
    if not settings.configured:
        return message
    return str(gettext(message))


def gettext_noop(message: str) -> str:
    """Marks a string for extraction (makemessages' keyword) and returns it untranslated."""
    return message

# Vietnamese, as printed on the forms; `unit_label` gives them in the active language.
UNIT_LABELS = {
    TimeUnit.WORKING_DAYS: gettext_noop("ngày làm việc"),
    TimeUnit.WORKING_HOURS: gettext_noop("giờ làm việc"),
    TimeUnit.SAME_DAY: gettext_noop("trong ngày"),
    TimeUnit.CALENDAR_DAYS: gettext_noop("ngày"),
    TimeUnit.NONE: gettext_noop("không quy định thời hạn"),
}
# Names of the days off of the national calendar (data/vn-calendar.json) and the weekdays, for extraction.
DAY_NAMES = (
    gettext_noop("Thứ Hai"), gettext_noop("Thứ Ba"), gettext_noop("Thứ Tư"), gettext_noop("Thứ Năm"),
    gettext_noop("Thứ Sáu"), gettext_noop("Thứ Bảy"), gettext_noop("Chủ nhật"),
    gettext_noop("thứ hai"), gettext_noop("thứ ba"), gettext_noop("thứ tư"), gettext_noop("thứ năm"),
    gettext_noop("thứ sáu"), gettext_noop("thứ bảy"), gettext_noop("chủ nhật"),  # as in a sentence
    gettext_noop("Tết Nguyên Đán"), gettext_noop("Tết Dương lịch"), gettext_noop("Ngày Chiến thắng"),
    gettext_noop("Ngày Giỗ Tổ Hùng Vương"), gettext_noop("Ngày Quốc tế Lao động"),
    gettext_noop("Ngày Văn hóa Việt Nam"), gettext_noop("Quốc khánh"),
)
_SWAP_DATE = re.compile(r"^Ngày nghỉ \(thay cho ngày (\d\d/\d\d/\d{4})\)$")


def unit_label(time_unit: TimeUnit) -> str:
    return _(UNIT_LABELS[time_unit])


def day_name(name: str) -> str:
    """A day's name from the calendar in the active language (names not in the catalogues as they are)."""
    swap = _SWAP_DATE.match(name)
    if swap:
        return _("Ngày nghỉ (thay cho ngày %(date)s)") % {"date": swap.group(1)}
    return _(name) if name else name

_WEEKEND_NAMES = set(WEEKDAY_NAMES[5:])
_TET = re.compile(r"Tết Nguyên Đán|^\d+ Tết$")
_SWAP = re.compile(r"^Ngày nghỉ \(thay cho")


@dataclass(frozen=True)
class SkippedRange:
    first: date
    last: date
    reason: str

    def text(self) -> str:
        return f"{self.reason} {format_range(self.first, self.last)}"  # reason: already in the active language


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
        for _day, reason in block:
            group = holiday_group(reason)
            if group not in _WEEKEND_NAMES and group not in names:
                names.append(group)
        holidays = [n for n in names if not _SWAP.match(n)] or names
        if holidays:
            label = _(" và ").join(day_name(n) for n in holidays)
        else:
            label = ", ".join(day_name(n) for n in WEEKDAY_NAMES if n in {r for _day, r in block})
        out.append(SkippedRange(block[0][0], block[-1][0], label))
    return out


def format_instant(t: datetime) -> str:
    return f"{t:%H:%M} {_(WEEKDAY_NAMES[t.weekday()].lower())} {t:%d/%m/%Y}"


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
        return Explanation(start, None, [], [], _("Thủ tục không quy định thời hạn giải quyết."))
    clock = calendar.normalize_start(start) if time_unit is not TimeUnit.CALENDAR_DAYS else start
    skipped = calendar.skipped_days(start, due)
    ranges = merge_ranges(skipped)
    what = _what(amount, time_unit)
    sentence = _("Hạn giải quyết: %(due)s (%(what)s, tính từ %(clock)s)") % {
        "due": format_instant(due), "what": what, "clock": format_instant(clock),
    }
    if clock != start:  # (calendar days count from `start` itself)
        sentence += _("; hồ sơ nhận lúc %(start)s, ngoài giờ làm việc") % {"start": format_instant(start)}
    if ranges:
        sentence += _("; đã trừ: ") + "; ".join(r.text() for r in ranges)
    return Explanation(clock, due, skipped, ranges, sentence + ".")


def _what(amount: int | Decimal, time_unit: TimeUnit) -> str:
    if time_unit is TimeUnit.SAME_DAY:
        return _("trả trong ngày")
    return f"{format_amount(amount)} {unit_label(time_unit)}"


def explain_ledger(
    calendar: WorkingCalendar, time_unit: TimeUnit, amount: int | Decimal, events: Sequence[LedgerEvent],
    due: datetime | None,
) -> list[str]:
    """A deadline's ledger (engine.LedgerEvent, local instants) in Vietnamese sentences: when the clock
    started, each pause, and after a supplement whether the time limit was counted again from the start
    (Decree 61/2018, art. 19(4)) or continued with what was left (a procedure's own rule)."""
    what = _what(amount, time_unit)
    lines: list[str] = []
    paused_at: datetime | None = None
    for event in events:
        if event.kind is EventKind.START:
            lines.append(_("Bắt đầu tính thời hạn (%(what)s) từ %(at)s.") % {
                "what": what, "at": format_instant(calendar.normalize_start(event.at)),
            })
        elif event.kind is EventKind.PAUSE:
            paused_at = event.at
            lines.append(_("Tạm dừng từ %(at)s: yêu cầu bổ sung, hoàn thiện hồ sơ.") % {"at": format_instant(event.at)})
        elif event.kind is EventKind.RESTART:
            lines.append(_(
                "Nhận đủ hồ sơ bổ sung lúc %(at)s: thời hạn giải quyết được tính lại từ đầu "
                "(%(what)s từ %(start)s; Nghị định 61/2018, Điều 19 khoản 4)."
            ) % {"at": format_instant(event.at), "what": what, "start": format_instant(calendar.normalize_start(event.at))})
        elif event.kind is EventKind.RESUME:
            stopped = calendar.working_seconds_between(paused_at, event.at) if paused_at else 0
            hours = format_amount((Decimal(stopped) / 3600).quantize(Decimal("0.1")))
            lines.append(_(
                "Nhận đủ hồ sơ bổ sung lúc %(at)s: tiếp tục thời gian còn lại theo quy định "
                "riêng của thủ tục (đã tạm dừng %(hours)s giờ làm việc)."
            ) % {"at": format_instant(event.at), "hours": hours})
        elif event.kind is EventKind.EXTEND:
            lines.append(_("Gia hạn thêm %(minutes)s phút làm việc lúc %(at)s.") % {
                "minutes": event.seconds // 60, "at": format_instant(event.at),
            })
    if due is not None:
        lines.append(_("Hạn giải quyết: %(due)s.") % {"due": format_instant(due)})
    return lines
