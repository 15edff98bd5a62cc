"""Reads of the queue: the counters of a reception point, what the hall display shows, a ticket's place
in the queue, and the waiting and service times the statistics report."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from statistics import mean

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.common.errors import ValidationFailed
from motcua.units.models import Counter, Unit

from .models import ServiceGroup, Ticket, TicketStatus

# How many announcements the display keeps: enough to show the last calls beside the counters' tiles.
RECENT_CALLS = 8


def counters_of(unit: Unit):
    return Counter.objects.filter(unit=unit, is_active=True).select_related("unit", "officer").order_by("number")


def groups_of(unit: Unit):
    return ServiceGroup.objects.filter(unit=unit, is_active=True).order_by("sort_order", "code")


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def display_state(unit: Unit, at: datetime | None = None) -> dict:
    """Everything the hall display shows, in three queries: each counter with the number it called last,
    the latest announcements (a recall is announced again), and how many wait per group."""
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    counters = list(counters_of(unit))
    announced = list(
        Ticket.objects.filter(unit=unit, day=day, announced_at__isnull=False)
        .select_related("group", "counter")
        .order_by("-announced_at", "-id")[: max(RECENT_CALLS, len(counters)) * 4]
    )
    last_by_counter: dict[int, Ticket] = {}
    for t in announced:
        if t.counter_id is not None:
            last_by_counter.setdefault(t.counter_id, t)
    waiting = dict(
        Ticket.objects.filter(unit=unit, day=day, status=TicketStatus.WAITING)
        .values_list("group__code")
        .annotate(n=Count("id"))
        .values_list("group__code", "n")
    )
    return {
        "unit": unit.code,
        "name": unit.name,
        "day": day.isoformat(),
        "counters": [
            {
                "id": c.pk,
                "number": c.number,
                "name": c.name or _("Quầy {number}").format(number=c.number),
                "open": c.is_open,
                "ticket": last_by_counter[c.pk].label if c.pk in last_by_counter else None,
            }
            for c in counters
        ],
        "calls": [
            {
                "id": t.pk,
                "ticket": t.label,
                "counter": t.counter.number if t.counter else None,
                "announced_at": _iso(t.announced_at),
                "recalls": t.recalls,
            }
            for t in announced[:RECENT_CALLS]
        ],
        "waiting": [{"group": g.code, "name": g.name, "count": waiting.get(g.code, 0)} for g in groups_of(unit)],
    }


def waiting_ahead(ticket: Ticket) -> int:
    """Tickets of the same group and day issued before this one and still waiting."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    return Ticket.objects.filter(
        unit_id=ticket.unit_id, group_id=ticket.group_id, day=ticket.day, status=TicketStatus.WAITING
    ).filter(Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)).count()


def counter_panel(counter: Counter, at: datetime | None = None) -> dict:
    day = timezone.localtime(at or timezone.now()).date()
    from .services import current_ticket

    served_today = Ticket.objects.filter(counter=counter, day=day, status=TicketStatus.SERVED).count()
    return {"current": current_ticket(counter), "served_today": served_today}


# -- figures -------------------------------------------------------------------------------------------
GROUP_BY = ("counter", "service_group", "hour")


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    return (b - a).total_seconds() if a and b and b >= a else None


def _summary(rows: list[dict]) -> dict:
    waits = [w for r in rows if (w := _seconds(r["issued_at"], r["called_at"])) is not None]
    services = [
        s for r in rows if r["status"] == TicketStatus.SERVED and (s := _seconds(r["called_at"], r["finished_at"])) is not None
    ]
    return {
        "tickets": len(rows),
        "called": sum(1 for r in rows if r["called_at"] is not None),
        "served": sum(1 for r in rows if r["status"] == TicketStatus.SERVED),
        "skipped": sum(1 for r in rows if r["status"] == TicketStatus.SKIPPED),
        "waiting": sum(1 for r in rows if r["status"] == TicketStatus.WAITING),
        "with_dossier": sum(1 for r in rows if r["dossier_id"] is not None),
        "wait_avg_seconds": round(mean(waits)) if waits else None,
        "wait_max_seconds": round(max(waits)) if waits else None,
        "service_avg_seconds": round(mean(services)) if services else None,
        "service_max_seconds": round(max(services)) if services else None,
    }


def queue_figures(unit: Unit, date_from: date, date_to: date, group_by: str | None = None) -> dict:
    """Tickets of the reception point issued from `date_from` to `date_to` (local dates, inclusive):
    counts, waiting time (issued → first called) and service time (called → served), in seconds, for the
    whole period and per counter, service group or hour of issue (local)."""
    if group_by not in (None, "", *GROUP_BY):
        raise ValidationFailed(_("group_by phải là một trong: {choices}.").format(choices=", ".join(GROUP_BY)), field="group_by")
    if date_to < date_from:
        raise ValidationFailed(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."), field="to")
    if date_to - date_from > timedelta(days=366):
        raise ValidationFailed(_("Khoảng thời gian tối đa là một năm."), field="to")
    rows = list(
        Ticket.objects.filter(unit=unit, day__gte=date_from, day__lte=date_to).values(
            "issued_at", "called_at", "finished_at", "status", "dossier_id",
            "counter_id", "counter__number", "counter__name", "group__code", "group__name",
        )
    )
    body = {"unit": unit.code, "from": date_from.isoformat(), "to": date_to.isoformat(), **_summary(rows), "groups": []}
    if not group_by:
        return body
    buckets: dict = defaultdict(list)
    names: dict = {}
    for r in rows:
        if group_by == "counter":
            key = r["counter__number"]
            names[key] = r["counter__name"] or (_("Quầy {number}").format(number=key) if key is not None else _("Chưa gọi"))
        elif group_by == "service_group":
            key = r["group__code"]
            names[key] = r["group__name"]
        else:
            key = timezone.localtime(r["issued_at"]).hour
            names[key] = f"{key:02d}:00–{key:02d}:59"
        buckets[key].append(r)
    ordered = sorted(buckets, key=lambda k: (k is None, k if k is not None else 0))
    body["groups"] = [{"key": k, "name": names[k], **_summary(buckets[k])} for k in ordered]
    return body
