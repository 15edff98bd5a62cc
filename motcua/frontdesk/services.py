"""Writes of the queue: issue a ticket at the kiosk, open and close a counter, call, recall, skip, serve,
and link the ticket to the dossier received from it.

Numbers are gap-free per reception point, service group and day (one locked sequence row, as dossier
codes are: docs/decisions/0010). A waiting ticket is claimed by a conditional UPDATE (`… WHERE status =
'waiting'`): of two counters calling at once only one UPDATE matches the row, the other moves on to the
next ticket — on PostgreSQL (read committed re-checks the WHERE after the first commits; SKIP LOCKED
spares the wait) and on SQLite (one writer at a time, BEGIN IMMEDIATE)."""
from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.common.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from motcua.units.models import Counter, Unit, UnitKind
from motcua.units.selectors import successor_in_force

from .models import ServiceGroup, Ticket, TicketSequence, TicketStatus

RECEPTION_KINDS = {UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK}
DEFAULT_GROUP = ("A", "Tiếp nhận và trả kết quả")  # stored data: the group made for an unconfigured desk


def reception_point(unit_code: str, on=None) -> Unit:
    """The unit by code, if it is a reception point (a center or one-stop desk, or a unit with counters)
    in force on `on` (default today): a desk dissolved since takes no ticket and sends people to its
    successor (issue 12)."""
    unit = Unit.objects.filter(code=(unit_code or "").strip()).first()
    if unit is None or not unit.is_active:
        raise NotFound(_("Không có điểm tiếp nhận mã “{code}”.").format(code=unit_code), field="unit")
    on = on or timezone.localdate()
    if not unit.is_in_force(on):
        successor = successor_in_force(unit, on)
        if unit.valid_from and on < unit.valid_from:
            what = _("{unit} chỉ hoạt động từ ngày {day}").format(unit=unit.name, day=f"{unit.valid_from:%d/%m/%Y}")
        elif unit.valid_to:
            what = _("{unit} đã chấm dứt hoạt động từ sau ngày {day}").format(unit=unit.name, day=f"{unit.valid_to:%d/%m/%Y}")
        else:
            what = _("{unit} đã chấm dứt hoạt động").format(unit=unit.name)
        if successor.pk != unit.pk and successor.is_in_force(on):
            what += _("; mời Ông/Bà đến {successor}").format(successor=successor.name)
        raise ValidationFailed(what + ".", field="unit")
    if unit.kind not in RECEPTION_KINDS and not unit.counters.exists():
        raise ValidationFailed(
            _("“{unit}” không phải điểm tiếp nhận hồ sơ (trung tâm hành chính công hoặc bộ phận một cửa).").format(unit=unit.name),
            field="unit",
        )
    return unit


def _group_for(unit: Unit, group_code: str | None) -> ServiceGroup:
    groups = ServiceGroup.objects.filter(unit=unit, is_active=True)
    if group_code:
        group = groups.filter(code=group_code.strip().upper()).first()
        if group is None:
            raise ValidationFailed(
                _("Điểm tiếp nhận “{unit}” không có nhóm dịch vụ “{group}”.").format(unit=unit.name, group=group_code),
                field="service_group",
            )
        return group
    group = groups.order_by("sort_order", "code").first()
    if group is None:  # a reception point nobody configured yet still gives numbers, in one group
        group, _created = ServiceGroup.objects.get_or_create(unit=unit, code=DEFAULT_GROUP[0], defaults={"name": DEFAULT_GROUP[1]})
        if not group.is_active:
            raise ValidationFailed(
                _("Điểm tiếp nhận “{unit}” chưa có nhóm dịch vụ nào đang hoạt động.").format(unit=unit.name),
                field="service_group",
            )
    return group


def _next_number(unit_id: int, group_id: int, day) -> int:
    """Take the next number of the day's sequence in one statement (UPDATE … RETURNING, PostgreSQL and
    SQLite ≥ 3.35): the row stays locked until the issue commits, so concurrent kiosks queue behind it
    and a rolled-back issue gives its number back. The day's first ticket makes the row first."""
    table = connection.ops.quote_name(TicketSequence._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE unit_id = %s AND group_id = %s AND day = %s RETURNING last"
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [unit_id, group_id, day.isoformat()])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        TicketSequence.objects.bulk_create(
            [TicketSequence(unit_id=unit_id, group_id=group_id, day=day)], ignore_conflicts=True
        )
    raise Conflict(_("Không cấp được số thứ tự; vui lòng thử lại."))  # pragma: no cover - the row exists by now


def issue_ticket(unit_code: str, group_code: str | None = None, *, at: datetime | None = None) -> Ticket:
    """The next ticket of the reception point and group today (kiosk, no account needed)."""
    at = at or timezone.now()
    unit = reception_point(unit_code, timezone.localtime(at).date())
    group = _group_for(unit, group_code)
    day = timezone.localtime(at).date()
    with transaction.atomic():
        number = _next_number(unit.pk, group.pk, day)
        ticket = Ticket.objects.create(unit=unit, group=group, day=day, number=number, issued_at=at)
    ticket.group = group
    ticket.unit = unit
    return ticket


# -- counters ------------------------------------------------------------------------------------------
def may_operate(user, counter: Counter) -> bool:
    """Officers of the counter's reception point work its counters (and the system administrator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or (user.is_officer and user.unit_id == counter.unit_id))


def _counter(actor, counter_id, *, lock: bool = True) -> Counter:
    qs = Counter.objects.select_related("unit")
    if lock:
        qs = qs.select_for_update(of=("self",)) if connection.features.has_select_for_update_of else qs.select_for_update()
    counter = qs.filter(pk=counter_id).first() if str(counter_id).isdigit() else None
    if counter is None:
        raise NotFound(_("Không có quầy số hiệu “{counter}”.").format(counter=counter_id), field="counter")
    if not may_operate(actor, counter):
        raise NotAllowed(
            _("Bạn không làm việc tại {unit} nên không thao tác được quầy {number}.").format(
                unit=counter.unit.name, number=counter.number
            )
        )
    return counter


def _require_open(counter: Counter) -> None:
    if not counter.is_active:
        raise Conflict(_("Quầy {number} đã ngừng hoạt động; không gọi số được.").format(number=counter.number), field="counter")
    if not counter.is_open:
        raise Conflict(
            _("Quầy {number} đang đóng; hãy mở quầy trước khi gọi số.").format(number=counter.number), field="counter"
        )


def open_counter(actor, counter_id) -> Counter:
    with transaction.atomic():
        counter = _counter(actor, counter_id)
        if not counter.is_active:
            raise Conflict(_("Quầy {number} đã ngừng hoạt động; không mở được.").format(number=counter.number), field="counter")
        counter.is_open, counter.officer = True, actor
        counter.save(update_fields=["is_open", "officer"])
    return counter


def close_counter(actor, counter_id) -> Counter:
    with transaction.atomic():
        counter = _counter(actor, counter_id)
        counter.is_open, counter.officer = False, None
        counter.save(update_fields=["is_open", "officer"])
    return counter


def _claim_next(counter: Counter, actor, at: datetime) -> Ticket | None:
    groups = (
        ServiceGroup.objects.filter(unit_id=counter.unit_id, is_active=True)
        .filter(Q(counters=None) | Q(counters=counter))
        .values("pk")
    )
    waiting = (
        Ticket.objects.filter(
            unit_id=counter.unit_id, day=timezone.localtime(at).date(), status=TicketStatus.WAITING, group_id__in=groups
        )
        .select_related("group")
        .order_by("issued_at", "id")
    )
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    fields = {"status": TicketStatus.CALLED, "counter": counter, "called_by": actor, "called_at": at, "announced_at": at}
    for _attempt in range(50):  # each miss means another counter took that ticket a moment ago
        candidate = waiting.first()
        if candidate is None:
            return None
        if Ticket.objects.filter(pk=candidate.pk, status=TicketStatus.WAITING).update(**fields):
            for name, value in fields.items():
                setattr(candidate, name, value)
            candidate.unit = counter.unit
            return candidate
    raise Conflict(_("Hàng đợi đang bận; vui lòng gọi lại."))


def call_next(actor, counter_id, *, at: datetime | None = None) -> Ticket | None:
    """Call the next waiting ticket to this counter; None when nobody waits. The ticket the counter was
    serving is finished as served (calling the next citizen means the last one is done)."""
    at = at or timezone.now()
    with transaction.atomic():
        counter = _counter(actor, counter_id)
        _require_open(counter)
        Ticket.objects.filter(counter=counter, status=TicketStatus.CALLED).update(status=TicketStatus.SERVED, finished_at=at)
        return _claim_next(counter, actor, at)


def current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.select_related("group", "unit", "counter")
        .filter(counter=counter, status=TicketStatus.CALLED)
        .order_by("-called_at")
        .first()
    )


def _current_or_conflict(counter: Counter) -> Ticket:
    ticket = current_ticket(counter)
    if ticket is None:
        raise Conflict(_("Quầy {number} chưa gọi số nào.").format(number=counter.number), field="counter")
    return ticket


def recall(actor, counter_id, *, at: datetime | None = None) -> Ticket:
    """Announce the counter's current number again (the citizen did not come yet)."""
    at = at or timezone.now()
    with transaction.atomic():
        counter = _counter(actor, counter_id)
        _require_open(counter)
        ticket = _current_or_conflict(counter)
        Ticket.objects.filter(pk=ticket.pk).update(announced_at=at, recalls=F("recalls") + 1)
    ticket.refresh_from_db()
    return ticket


def _finish(actor, counter_id, status: str, at: datetime | None) -> Ticket:
    at = at or timezone.now()
    with transaction.atomic():
        counter = _counter(actor, counter_id)
        ticket = _current_or_conflict(counter)
        Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(status=status, finished_at=at)
    ticket.refresh_from_db()
    return ticket


def skip(actor, counter_id, *, at: datetime | None = None) -> Ticket:
    """The called citizen did not come: the ticket leaves the queue as skipped."""
    return _finish(actor, counter_id, TicketStatus.SKIPPED, at)


def serve(actor, counter_id, *, at: datetime | None = None) -> Ticket:
    """The counter has finished with the called citizen."""
    return _finish(actor, counter_id, TicketStatus.SERVED, at)


def ticket_for_intake(actor, ticket_id) -> Ticket | None:
    """The ticket an officer starts an intake from: called (or served) at the officer's reception point."""
    if not str(ticket_id or "").isdigit():
        return None
    return (
        Ticket.objects.select_related("group", "counter")
        .filter(pk=int(ticket_id), unit_id=actor.unit_id, status__in=[TicketStatus.CALLED, TicketStatus.SERVED])
        .first()
    )


def link_dossier(actor, ticket_id, dossier) -> Ticket | None:
    """Record that the dossier was received from this ticket (waiting and service time then belong to it).
    A ticket keeps the first dossier received from it; a citizen's further dossiers are not re-linked."""
    ticket = ticket_for_intake(actor, ticket_id)
    if ticket is None or dossier is None or dossier.pk is None:
        return None
    Ticket.objects.filter(pk=ticket.pk, dossier__isnull=True).update(dossier=dossier)
    ticket.refresh_from_db()
    return ticket
