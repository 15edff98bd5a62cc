"""TEMPORARY stand-in for motcua.stats.selectors (branch i9-stats) until it is merged: the same interface,
figures counted from the dossiers' current fields. Removed once the real service is merged."""
from __future__ import annotations

from datetime import date

from django.db.models import Q

from motcua.dossiers.models import Channel, Dossier, Status
from motcua.stats.desk import bounds

DONE = [Status.RESOLVED, Status.RETURNED]


def _sets(unit, date_from: date, date_to: date) -> dict[str, Q]:
    start, end = bounds(date_from, date_to)
    new = Q(received_at__gte=start, received_at__lt=end)
    carried = Q(received_at__lt=start) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=start))
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    open_end = Q(received_at__lt=end, resolved_at__isnull=True, status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.CONSULTING])
    return {
        "received.total": new | carried, "received.carried_over": carried, "received.new": new,
        "received.online": new & Q(channel=Channel.ONLINE), "received.counter": new & Q(channel__in=[Channel.COUNTER, Channel.KIOSK]),
        "received.post": new & Q(channel=Channel.POST),
        "resolved.total": resolved, "resolved.early": resolved & Q(timeliness="early"),
        "resolved.on_time": resolved & Q(timeliness="on_time"), "resolved.late": resolved & Q(timeliness="late"),
        "in_progress.total": open_end, "in_progress.within_deadline": open_end & Q(due_at__gte=end),
        "in_progress.overdue": open_end & Q(due_at__lt=end),
        "awaiting_supplement": Q(status=Status.AWAITING_SUPPLEMENT, received_at__lt=end),
        "returned": Q(returned_at__gte=start, returned_at__lt=end), "refused": Q(status=Status.REFUSED) & new,
        "withdrawn": Q(status=Status.WITHDRAWN) & new,
        "satisfaction.ratings": ~Q(rating="") & Q(returned_at__gte=start, returned_at__lt=end),
        "satisfaction.satisfied": Q(rating__in=["satisfied", "very_satisfied"], returned_at__gte=start, returned_at__lt=end),
    }


def _scope(unit, key=None, group_by=None):
    qs = Dossier.objects.filter(reception_unit__path__startswith=unit.path, received_at__isnull=False)
    if group_by == "unit" and key:
        from motcua.units.models import Unit

        qs = qs.filter(reception_unit__path__startswith=Unit.objects.get(code=key).path)
    if group_by == "field" and key:
        qs = qs.filter(procedure_version__field__code=key)
    return qs


def _rate(a, b):
    return round(100 * a / b, 2) if b else None


def _body(qs, sets):
    c = {f: qs.filter(q).count() for f, q in sets.items()}
    out: dict = {}
    for f, n in c.items():
        if "." in f:
            a, b = f.split(".")
            out.setdefault(a, {})[b] = n
        else:
            out[f] = n
    out["on_time_rate"] = _rate(c["resolved.early"] + c["resolved.on_time"], c["resolved.total"])
    out["online_rate"] = _rate(c["received.online"], c["received.total"])
    out["satisfaction"]["rate"] = _rate(c["satisfaction.satisfied"], c["satisfaction.ratings"])
    return out


def figures(unit, date_from, date_to, group_by=None, *, now=None) -> dict:
    sets = _sets(unit, date_from, date_to)
    body = {"unit": unit.code, "from": date_from.isoformat(), "to": date_to.isoformat(), **_body(_scope(unit), sets),
            "groups": []}
    if group_by == "unit":
        body["groups"] = [{"key": c.code, "name": c.name, **_body(_scope(unit, c.code, "unit"), sets)}
                          for c in unit.children.order_by("path")]
    elif group_by == "field":
        from motcua.catalog.models import Field

        body["groups"] = [{"key": f.code, "name": f.name, **_body(_scope(unit, f.code, "field"), sets)}
                          for f in Field.objects.order_by("code")]
    elif group_by == "month":
        body["groups"] = []
    return body


def dossiers_behind(unit, date_from, date_to, figure, key=None, group_by=None):
    return _scope(unit, key, group_by).filter(_sets(unit, date_from, date_to)[figure])
