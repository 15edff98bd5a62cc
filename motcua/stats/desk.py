"""Reads for the leaders' desk that are not figures of domain.md §8: who may look at which unit, the
period quick picks, the deadline watch (overdue / due soon, by unit and officer) and lateness by the
unit that held a dossier (liên thông). The figures themselves come from `motcua.stats.selectors`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier, Status, UnitHolding
from motcua.dossiers.selectors import OPEN_PROCESSING, due_soon_limit
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of, predecessors_of

# Who has a desk (product rule): the center director and the People's Committee leaders look at their
# level of government (a city's director and leaders the whole city, a ward's chairman the ward), as
# do administrators (the same scope as GET /api/v1/stats, selectors.scope_of); a department head looks at
# the department's subtree. Everyone else has none (officers read their figures through the API).
GOVERNMENT_WIDE = (Role.CENTER_DIRECTOR, Role.LEADER, Role.ADMIN)
OWN_SUBTREE = (Role.DEPARTMENT_HEAD,)
# The units a leader can pick on the desk: levels of government and the places that receive dossiers
# (figures count a dossier for the unit that received it, api-contract "Statistics body").
REPORTING_KINDS = (
    UnitKind.PROVINCE, UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK,
)
LOCAL_KINDS = (UnitKind.WARD, UnitKind.COMMUNE)
# Longest period the desk accepts (issue 9, "Bad input").
MAX_PERIOD_DAYS = 3653
LIST_LIMIT = 20


def desk_root(user) -> Unit | None:
    """The unit whose subtree the user may look at on the desk, or None if they have no desk."""
    if not getattr(user, "is_authenticated", False) or user.unit_id is None:
        return None
    if user.role in GOVERNMENT_WIDE:
        return government_of(user.unit)
    if user.role in OWN_SUBTREE:
        return user.unit
    return None


def selectable_units(root: Unit) -> list[Unit]:
    """The units of the root's subtree, then the units that ended into it (their figures stay theirs, by
    the desk that received each dossier: a new ward's leader reads its predecessors' past, issue 12)."""
    own = Unit.objects.filter(path__startswith=root.path, kind__in=REPORTING_KINDS, is_active=True).order_by("path")
    past = predecessors_of(root).filter(kind__in=REPORTING_KINDS).order_by("path")
    return [*own, *past]


def years_with_dossiers(unit: Unit, limit: int = 6) -> list[int]:
    """The years in which the unit's subtree received dossiers, newest first (quick picks for past years,
    e.g. a history brought in or the demo's 2018): every year between the first and the last receipt —
    one MIN/MAX, not a per-row truncation of 100,000 instants."""
    span = Dossier.objects.filter(reception_unit__path__startswith=unit.path).aggregate(
        first=Min("received_at"), last=Max("received_at")
    )
    if span["first"] is None:
        return []
    first, last = timezone.localtime(span["first"]).year, timezone.localtime(span["last"]).year
    return list(range(last, max(first, last - limit + 1) - 1, -1))


def monthly_flow(unit: Unit, date_from: date, date_to: date) -> list[dict]:
    """For the chart by month: the dossiers newly received and those resolved in each month of the
    period, in one pass over the rows (conditional counts). The conditions are the service's own
    (`received.new`, `resolved.total`: receipt / result instant in the month, dossier received in the
    subtree), so each bar drills down to `dossiers_behind(..., group_by="month")` with the same count;
    tests/stats_web check it against `figures(group_by="month")`."""
    months = []
    first = date_from.replace(day=1)
    while first <= date_to:
        nxt = (first + timedelta(days=32)).replace(day=1)
        start, end = bounds(max(first, date_from), min(nxt - timedelta(days=1), date_to))
        months.append((f"{first:%Y-%m}", start, end))
        first = nxt
    aggregates = {}
    for i, (_, start, end) in enumerate(months):
        aggregates[f"r{i}"] = Count("pk", filter=Q(received_at__gte=start, received_at__lt=end))
        aggregates[f"s{i}"] = Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end))
    row = Dossier.objects.filter(reception_unit__path__startswith=unit.path).aggregate(**aggregates)
    return [{"key": key, "received": row[f"r{i}"] or 0, "resolved": row[f"s{i}"] or 0}
            for i, (key, _, _) in enumerate(months)]


# -- periods ---------------------------------------------------------------------------------------------
QUICK_PICKS = {
    "thang-nay": gettext_lazy("Tháng này"), "quy-nay": gettext_lazy("Quý này"), "nam-nay": gettext_lazy("Năm nay"),
    "nam-truoc": gettext_lazy("Năm trước"),
}


def quick_period(pick: str, today: date) -> tuple[date, date]:
    """(first day, last day) of a quick pick, the last day never after today (figures stop at today);
    "nam-2018" is the whole year 2018."""
    if pick.startswith("nam-") and pick[4:].isdigit():
        year = int(pick[4:])
        return date(year, 1, 1), min(date(year, 12, 31), today)
    if pick == "thang-nay":
        return today.replace(day=1), today
    if pick == "quy-nay":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), today
    if pick == "nam-truoc":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return date(today.year, 1, 1), today


def bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The period as instants: from the start of `date_from` to the start of the day after `date_to`
    (local dates, inclusive — api-contract "Statistics body")."""
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    return start, end


# -- deadline watch --------------------------------------------------------------------------------------
def _in_scope(root: Unit) -> Q:
    # Unit ids, not a join on the path: the scan stays on the dossier rows (a city has ~60 units).
    ids = list(Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
    return Q(current_unit_id__in=ids) | Q(reception_unit_id__in=ids)


@dataclass
class WatchRow:
    unit: Unit
    officer: object | None
    overdue: int
    due_soon: int


def deadline_watch(root: Unit, now: datetime) -> dict:
    """Dossiers being processed in the root's subtree that are overdue now, or due within the officers'
    due-soon window (dossiers.selectors.DUE_SOON_WORKING_DAYS working days), counted by the unit holding
    them and its assigned officer, with the most urgent dossiers themselves."""
    limit = due_soon_limit(root, now)
    processing = Dossier.objects.filter(_in_scope(root), status__in=OPEN_PROCESSING, due_at__isnull=False)
    overdue_q = Q(due_at__lt=now)
    soon_q = Q(due_at__gte=now, due_at__lte=limit)
    counts = (
        processing.filter(overdue_q | soon_q)
        .order_by()
        .values("current_unit", "assignee")
        .annotate(overdue=Count("pk", filter=overdue_q), due_soon=Count("pk", filter=soon_q))
    )
    counts = list(counts)
    units = Unit.objects.in_bulk({c["current_unit"] for c in counts})
    officers = get_user_model().objects.in_bulk({c["assignee"] for c in counts if c["assignee"]})
    rows = [
        WatchRow(units[c["current_unit"]], officers.get(c["assignee"]), c["overdue"], c["due_soon"]) for c in counts
    ]
    rows.sort(key=lambda r: (-r.overdue, -r.due_soon, r.unit.path, str(r.officer or "")))
    listing = processing.select_related("current_unit", "assignee", "procedure_version").order_by("due_at")
    return {
        "rows": rows,
        "overdue_total": sum(r.overdue for r in rows),
        "due_soon_total": sum(r.due_soon for r in rows),
        "overdue": list(listing.filter(overdue_q)[:LIST_LIMIT]),
        "due_soon": list(listing.filter(soon_q)[:LIST_LIMIT]),
        "due_soon_until": limit,
    }


# -- lateness by the unit that held the dossier (domain.md §5) --------------------------------------------
def _late_q(now: datetime) -> Q:
    # A holding is late when its unit kept the dossier past the end of its own budget: it handed the
    # dossier on after `due_at`, or still holds it and `due_at` has passed.
    return Q(ended_at__isnull=False, ended_at__gt=F("due_at")) | Q(ended_at__isnull=True, due_at__lt=now)


def _holdings(root: Unit, start: datetime, end: datetime) -> QuerySet[UnitHolding]:
    # Each unit's budget that ran out in the period, for dossiers received in the subtree (a dossier
    # counts for the unit that received it; the lateness for the unit that held it).
    return UnitHolding.objects.filter(
        dossier__reception_unit__path__startswith=root.path,
        due_at__gte=start,
        due_at__lt=end,
    ).exclude(dossier__status=Status.DRAFT)


def holding_lateness(root: Unit, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """Per unit that held dossiers: budgets that ran out in the period, how many it overran, its rate."""
    late = _late_q(now)
    rows = list(
        _holdings(root, start, end).order_by().values("unit").annotate(total=Count("pk"), late=Count("pk", filter=late))
    )
    units = Unit.objects.in_bulk({r["unit"] for r in rows})
    out = []
    for r in rows:
        total, n_late = r["total"], r["late"]
        rate = round(100 * (total - n_late) / total, 2) if total else None
        out.append({"unit": units[r["unit"]], "total": total, "late": n_late, "on_time_rate": rate})
    out.sort(key=lambda r: (-r["late"], r["unit"].path))
    return out


def late_holding_dossiers(root: Unit, unit: Unit, start: datetime, end: datetime, now: datetime) -> QuerySet[Dossier]:
    """The dossiers `unit` held past its own budget in the period (the drill-down of `holding_lateness`)."""
    ids = _holdings(root, start, end).filter(_late_q(now), unit=unit).values("dossier_id")
    return Dossier.objects.filter(pk__in=ids)
