"""Every write of the working calendar and of deadlines; each calendar change recomputes open deadlines.

Instants are timezone-aware at this boundary; the engine computes on naive Asia/Ho_Chi_Minh wall-clock
time (calendars.to_local / to_aware).
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import accumulate

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from motcua.audit.services import diff, record_change, snapshot
from motcua.common.errors import Conflict, ValidationFailed
from motcua.units.models import Unit

from . import national
from .calendars import calendar_for, invalidate, to_aware, to_local
from .engine import EventKind, Timeliness, TimeUnit, WorkingCalendar, timeliness
from .models import (
    OPEN_STATUSES,
    CalendarChange,
    CalendarDay,
    CalendarSource,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlineChange,
    DeadlineEvent,
    DeadlineStatus,
    UnitDayOverride,
)
from .selectors import plan_steps, replay


class DeadlineStateError(Conflict):
    """A ledger operation that the deadline's state does not allow (pause a paused deadline...)."""


# -- the national calendar ----------------------------------------------------------------------------
def seed_calendar(path=None) -> list[int]:
    """Load 2018–2027 from the shared file as confirmed years; idempotent (years present are kept as
    they are, so an admin's corrections survive). Returns the years created."""
    years = national.read_calendar_file(path) if path else national.file_years()
    present = set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))
    created = []
    with transaction.atomic():
        for year, days in sorted(years.items()):
            if year in present:
                continue
            cy = CalendarYear.objects.create(year=year, confirmed=True, source=CalendarSource.FILE)
            _write_days(cy, days.days_off.items(), days.working_days.items())
            created.append(year)
        if created:
            change = calendar_changed(f"Nạp lịch các năm {', '.join(map(str, created))} từ tệp lịch dùng chung")
            record_change(
                app_label="workdays", model="calendaryear", object_id=",".join(map(str, created)),
                label=f"Lịch các năm {', '.join(map(str, created))}", action="import",
                changes={"years": [None, created]}, note=change.reason,
            )
    return created


def propose_year(year: int, *, actor=None) -> CalendarYear:
    """Create an unconfirmed year from the `holidays` package (no make-up Saturdays: an admin adds them)."""
    _check_year(year)
    with transaction.atomic():
        if CalendarYear.objects.filter(year=year).exists():
            raise Conflict(gettext("Lịch năm %(year)s đã có.") % {"year": year}, field="year")
        cy = CalendarYear.objects.create(year=year, confirmed=False, source=CalendarSource.HOLIDAYS)
        days = national.proposed_year(year)
        _write_days(cy, days.days_off.items(), ())
        change = calendar_changed(f"Đề xuất lịch năm {year} từ gói holidays", actor=actor, year=year)
        record_change(cy, action="propose", actor=actor, changes={"days": _day_diff([], _days_of(cy))},
                      note=change.reason)
    return cy


def fill_proposed_days(calendar_year: CalendarYear) -> None:
    """Give a new, empty year (created in the admin) the package's proposed days off."""
    if not calendar_year.days.exists():
        _write_days(calendar_year, national.proposed_year(calendar_year.year).days_off.items(), ())


def set_year_days(
    year: int,
    *,
    days_off: Iterable[tuple[date, str]],
    working_days: Iterable[tuple[date, str]] = (),
    actor=None,
    reason: str = "",
) -> CalendarChange:
    """Replace a year's days off and make-up working days, then recompute every open deadline."""
    _check_year(year)
    days_off, working_days = list(days_off), list(working_days)
    for d, _ in days_off + working_days:
        if d.year != year:
            raise ValidationFailed(
                gettext("Ngày %(day)s không thuộc năm %(year)s.") % {"day": f"{d:%d/%m/%Y}", "year": year}, field="date"
            )
    for d, _ in working_days:
        if d.weekday() < 5:
            raise ValidationFailed(
                gettext("Ngày làm bù %(day)s phải là thứ Bảy hoặc Chủ nhật.") % {"day": f"{d:%d/%m/%Y}"}, field="date"
            )
    with transaction.atomic():
        cy, _ = CalendarYear.objects.select_for_update().get_or_create(
            year=year, defaults={"source": CalendarSource.ADMIN}
        )
        before = _days_of(cy)
        cy.days.all().delete()
        _write_days(cy, days_off, working_days)
        cy.save(update_fields=["updated_at"])
        change = calendar_changed(reason or f"Sửa lịch năm {year}", actor=actor, year=year)
        record_change(cy, action="update", actor=actor, changes={"days": _day_diff(before, _days_of(cy))},
                      note=change.reason)
        return change


def confirm_year(year: int, *, actor=None) -> CalendarYear:
    """An admin vouches for a year (its days off and make-up days as the government announced them)."""
    with transaction.atomic():
        cy = CalendarYear.objects.select_for_update().filter(year=year).first()
        if cy is None:
            raise ValidationFailed(gettext("Chưa có lịch năm %(year)s.") % {"year": year}, field="year")
        if not cy.confirmed:
            cy.confirmed, cy.confirmed_at, cy.confirmed_by = True, timezone.now(), actor
            cy.save(update_fields=["confirmed", "confirmed_at", "confirmed_by", "updated_at"])
            CalendarChange.objects.create(
                reason=f"Xác nhận lịch năm {year}", actor=actor, year=year, token=uuid.uuid4().hex
            )
            record_change(cy, action="confirm", actor=actor, changes={"confirmed": [False, True]})
    return cy


def set_unit_override(unit: Unit, day: date, *, is_working: bool, name: str, actor=None) -> UnitDayOverride:
    """A unit's own day off or working day (for its subtree too); recomputes open deadlines."""
    if not name.strip():
        raise ValidationFailed(gettext("Cần ghi lý do."), field="name")
    with transaction.atomic():
        existing = UnitDayOverride.objects.filter(unit=unit, date=day).first()
        before = snapshot(existing) if existing else {}
        override, _ = UnitDayOverride.objects.update_or_create(
            unit=unit, date=day, defaults={"is_working": is_working, "name": name.strip()}
        )
        kind = "làm việc" if is_working else "nghỉ"
        calendar_changed(f"{unit.code}: ngày {kind} {day:%d/%m/%Y} ({name})", actor=actor, unit=unit)
        changes = diff(before, snapshot(override))
        if changes or not existing:
            record_change(override, action="update" if existing else "create", actor=actor, changes=changes)
    return override


def remove_unit_override(unit: Unit, day: date, *, actor=None) -> None:
    with transaction.atomic():
        for override in UnitDayOverride.objects.filter(unit=unit, date=day):
            record_change(override, action="delete", actor=actor, changes=diff(snapshot(override), {}))
        deleted, _ = UnitDayOverride.objects.filter(unit=unit, date=day).delete()
        if deleted:
            calendar_changed(f"{unit.code}: bỏ ngày riêng {day:%d/%m/%Y}", actor=actor, unit=unit)


def calendar_changed(reason: str, *, actor=None, year: int | None = None, unit: Unit | None = None) -> CalendarChange:
    """Record a change of a calendar or of working hours and recompute every open deadline from its
    ledger, in the caller's transaction (or one of its own). Call it after any such change — the units
    app after editing a unit's working hours, the admin after saving a year."""
    with transaction.atomic():
        change = CalendarChange.objects.create(
            reason=reason[:500], actor=actor, year=year, unit=unit, token=uuid.uuid4().hex
        )
        recompute_open_deadlines(change)
    return change


# Other apps that keep clocks of their own (the dossiers) register here, explicitly, at start-up
# (AppConfig.ready); they are called inside the change's transaction, after the Deadline rows.
_recompute_listeners: list[Callable[[CalendarChange], int]] = []


def register_recompute_listener(listener: Callable[[CalendarChange], int]) -> None:
    if listener not in _recompute_listeners:
        _recompute_listeners.append(listener)


def recompute_open_deadlines(change: CalendarChange) -> tuple[int, int]:
    """Recompute every open deadline from its ledger on the current calendars (closed ones keep their
    figures); write a DeadlineChange for each one that moved; then let registered listeners recompute
    their own clocks. Returns (recomputed, moved) of the Deadline rows."""
    invalidate()
    recomputed = moved = 0
    with transaction.atomic():
        qs = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer join to the unit.
            Deadline.objects.select_for_update(of=("self",))
            .filter(status__in=OPEN_STATUSES)
            .select_related("unit")
            .prefetch_related(Prefetch("events", queryset=DeadlineEvent.objects.order_by("seq")))
            .order_by("id")
        )
        calendars: dict[int | None, WorkingCalendar] = {}  # one calendar_for (a query) per unit, not per deadline
        for deadline in qs:
            if deadline.unit_id not in calendars:
                calendars[deadline.unit_id] = calendar_for(deadline.unit)
            events = list(deadline.events.all())
            old_due = deadline.due_at
            if _refresh(deadline, events, calendars[deadline.unit_id]):
                deadline.save(update_fields=["budget_seconds", "due_at", "legal_due_at", "updated_at"])
                DeadlineChange.objects.create(
                    deadline=deadline, calendar_change=change, reason=change.reason,
                    old_due_at=old_due, new_due_at=deadline.due_at,
                )
                moved += 1
            recomputed += 1
        for listener in _recompute_listeners:
            listener(change)
        change.deadlines_recomputed, change.deadlines_moved = recomputed, moved
        change.save(update_fields=["deadlines_recomputed", "deadlines_moved"])
    return recomputed, moved


def _write_days(cy: CalendarYear, days_off, working_days) -> None:
    rows = [CalendarDay(calendar_year=cy, date=d, kind=DayKind.DAY_OFF, name=n) for d, n in days_off]
    rows += [CalendarDay(calendar_year=cy, date=d, kind=DayKind.WORKING_DAY, name=n) for d, n in working_days]
    CalendarDay.objects.bulk_create(rows)


def _days_of(cy: CalendarYear) -> list[str]:
    return [f"{d:%d/%m/%Y} {kind} {name}" for d, kind, name in cy.days.order_by("date").values_list("date", "kind", "name")]


def _day_diff(before: list[str], after: list[str]) -> dict[str, list[str]]:
    """The days a year gained and lost, readable ("02/09/2025 day_off Quốc khánh")."""
    return {"thêm": sorted(set(after) - set(before)), "bỏ": sorted(set(before) - set(after))}


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2200:
        raise ValidationFailed(gettext("Năm %(year)s nằm ngoài phạm vi hỗ trợ.") % {"year": year}, field="year")


# -- deadlines: a budget plus a ledger ----------------------------------------------------------------
def _refresh(deadline: Deadline, events: Sequence[DeadlineEvent], calendar: WorkingCalendar | None = None) -> bool:
    """Recompute the cached figures of a deadline from its ledger; True if any changed."""
    state = replay(deadline, events, calendar=calendar)
    new = (
        state.budget,
        to_aware(state.due) if state.due else None,
        to_aware(state.legal_due) if state.legal_due else None,
    )
    old = (deadline.budget_seconds, deadline.due_at, deadline.legal_due_at)
    deadline.budget_seconds, deadline.due_at, deadline.legal_due_at = new
    return new != old


def start_deadline(
    subject: str,
    *,
    unit: Unit | None,
    time_unit: str,
    amount: Decimal | int,
    started_at: datetime,
    kind: str = "overall",
    fixed_budget_seconds: int | None = None,
    actor=None,
    note: str = "",
) -> Deadline:
    """Start a deadline at the instant the complete, valid dossier was received (domain.md §3;
    legal-notes §1.9: the clock starts then, or at the next start of working time)."""
    try:
        unit_value = TimeUnit(time_unit)
    except ValueError:
        raise ValidationFailed(
            gettext("Đơn vị thời gian “%(unit)s” không hợp lệ.") % {"unit": time_unit}, field="time_unit"
        ) from None
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationFailed(gettext("Thời hạn không được âm."), field="amount")
    if timezone.is_naive(started_at):
        raise ValidationFailed(gettext("Thời điểm phải có múi giờ."), field="started_at")
    with transaction.atomic():
        deadline = Deadline(
            subject=subject, kind=kind, unit=unit, time_unit=unit_value.value, amount=amount,
            fixed_budget_seconds=fixed_budget_seconds, started_at=started_at,
        )
        event = DeadlineEvent(seq=1, kind=EventKind.START, at=started_at, note=note, actor=actor)
        _refresh(deadline, [event])
        deadline.save()
        event.deadline = deadline
        event.save()
    return deadline


def start_step_deadlines(
    subject: str,
    *,
    unit: Unit | None,
    time_unit: str,
    amount: Decimal | int,
    shares: Sequence[Decimal],
    started_at: datetime,
    actor=None,
) -> list[Deadline]:
    """One deadline per step of the internal process ("step:1", "step:2"...) from the steps' shares of
    the legal budget (largest remainder, so they add up to it). Steps run one after the other, so step k
    is due when the shares of steps 1..k are used from the start: its budget is that cumulative sum, and
    pausing the dossier pauses every step deadline the same way."""
    budgets = accumulate(part for part, _ in plan_steps(started_at, amount, time_unit, list(shares), unit))
    return [
        start_deadline(
            subject, unit=unit, time_unit=time_unit, amount=amount, started_at=started_at,
            kind=f"step:{i}", fixed_budget_seconds=used, actor=actor,
        )
        for i, used in enumerate(budgets, 1)
    ]


def _append(deadline: Deadline, kind: EventKind, at: datetime, *, actor, note: str, seconds: int = 0) -> Deadline:
    if timezone.is_naive(at):
        raise ValidationFailed(gettext("Thời điểm phải có múi giờ."), field="at")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update(of=("self",)).select_related("unit").get(pk=deadline.pk)
        if locked.status == DeadlineStatus.CLOSED:
            raise DeadlineStateError(gettext("Thời hạn đã kết thúc."))
        allowed = {
            EventKind.PAUSE: locked.status == DeadlineStatus.RUNNING,
            EventKind.RESUME: locked.status == DeadlineStatus.PAUSED,
            EventKind.RESTART: locked.status == DeadlineStatus.PAUSED,
            EventKind.EXTEND: True,
        }
        if not allowed[kind]:
            raise DeadlineStateError(
                gettext("Không thể %(action)s khi thời hạn đang ở trạng thái %(status)s.")
                % {"action": kind.value, "status": locked.status}
            )
        events = list(locked.events.order_by("seq"))
        if at < events[-1].at:
            raise ValidationFailed(gettext("Thời điểm trước sự kiện cuối cùng của thời hạn."), field="at")
        event = DeadlineEvent.objects.create(
            deadline=locked, seq=events[-1].seq + 1, kind=kind, at=at, seconds=seconds, note=note, actor=actor
        )
        if kind is EventKind.PAUSE:
            locked.status = DeadlineStatus.PAUSED
        elif kind in (EventKind.RESUME, EventKind.RESTART):
            locked.status = DeadlineStatus.RUNNING
        _refresh(locked, [*events, event])
        locked.save(update_fields=["status", "budget_seconds", "due_at", "legal_due_at", "updated_at"])
    return locked


def pause_deadline(deadline: Deadline, *, at: datetime, actor=None, note: str = "") -> Deadline:
    """Stop the clock (supplement requested, a suspension the law allows; legal-notes §1.9)."""
    return _append(deadline, EventKind.PAUSE, at, actor=actor, note=note)


def resume_deadline(deadline: Deadline, *, at: datetime, actor=None, note: str = "") -> Deadline:
    """Start the clock again with the budget left (product rule, domain.md §3)."""
    return _append(deadline, EventKind.RESUME, at, actor=actor, note=note)


def restart_deadline(deadline: Deadline, *, at: datetime, actor=None, note: str = "") -> Deadline:
    """Start the full budget again from `at` (a procedure that says "restart" on supplement)."""
    return _append(deadline, EventKind.RESTART, at, actor=actor, note=note)


def extend_deadline(deadline: Deadline, *, minutes: int, at: datetime, actor=None, note: str = "") -> Deadline:
    """Add working time (apology and new appointment, Mẫu 04). The new appointment is `due_at`; the
    timeliness is still judged against `legal_due_at` (domain.md §3: the dossier stays late)."""
    if minutes <= 0:
        raise ValidationFailed(gettext("Số phút gia hạn phải dương."), field="minutes")
    return _append(deadline, EventKind.EXTEND, at, actor=actor, note=note, seconds=minutes * 60)


def close_deadline(deadline: Deadline, *, at: datetime, actor=None) -> Timeliness | None:
    """Stop the deadline when the result reaches the one-stop desk (or is issued online) and judge it:
    early / on time / late (domain.md §3). Its figures are frozen from now on. None without a due date."""
    if timezone.is_naive(at):
        raise ValidationFailed(gettext("Thời điểm phải có múi giờ."), field="at")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.status == DeadlineStatus.CLOSED:
            raise DeadlineStateError(gettext("Thời hạn đã kết thúc."))
        result = timeliness(to_local(at), to_local(locked.legal_due_at)) if locked.legal_due_at else None
        locked.status, locked.closed_at = DeadlineStatus.CLOSED, at
        locked.timeliness = result.value if result else ""
        locked.save(update_fields=["status", "closed_at", "timeliness", "updated_at"])
    deadline.status, deadline.closed_at, deadline.timeliness = locked.status, locked.closed_at, locked.timeliness
    return result
