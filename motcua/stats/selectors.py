"""The statistics of dossiers (domain.md §8; definitions and sources in docs/statistics.md).

Every figure is a condition on a dossier (`_conditions`): `figures` counts the dossiers meeting each
condition in one aggregate SQL query (conditional COUNT, GROUP BY the grouping column), and
`dossiers_behind` lists the dossiers meeting one of them — the same condition, so a drill-down always
agrees with its count. Nothing is counted in Python and nothing comes from a hand-kept counter: the
figures are read from the dossiers' own instants (received_at, resolved_at, returned_at, rated_at,
timeliness, due_at, written by `dossiers.services.transition`) and, for what the row does not keep (the
instant of a withdrawal or a refusal; the state at the end of the period), from their audit events.
`manage.py recompute_stats` checks every figure, dossier by dossier, against the audit events alone.

A period is two local dates, both inclusive, in the server's time zone (Asia/Ho_Chi_Minh): it runs from
00:00 of `date_from` to 00:00 of the day after `date_to`. A dossier counts for the unit that received it
(its reception unit) and for every unit above it.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from motcua.catalog.models import Field, Procedure
from motcua.common.errors import ValidationFailed
from motcua.dossiers.models import Attachment, Channel, Dossier, DossierEvent, Status, Timeliness
from motcua.units.models import Unit
from motcua.units.selectors import predecessors_of

S = Status
MAX_YEARS = 10
# `group_by` values: the contract's four, and `field` (lĩnh vực) for the reports of Circular 01/2018 Art. 11.
GROUP_BYS = ("unit", "procedure", "field", "month", "channel")
# States in which a received dossier is still being handled (domain.md §4).
OPEN = (S.RECEIVED, S.IN_PROGRESS, S.CONSULTING, S.AWAITING_SUPPLEMENT)
# States a dossier leaves processing in without a result (no resolved_at): their instant is an event's.
CLOSED_WITHOUT_RESULT = (S.WITHDRAWN, S.STOPPED)
SATISFIED_LEVELS = ("very_satisfied", "satisfied")
RATING_LEVELS = ("very_satisfied", "satisfied", "not_satisfied")

# Every figure, by its dotted name in the contract body (docs/statistics.md).
FIGURES = (
    "received.total", "received.carried_over", "received.new", "received.online", "received.counter",
    "received.post", "resolved.total", "resolved.early", "resolved.on_time", "resolved.late",
    "in_progress.total", "in_progress.within_deadline", "in_progress.overdue", "awaiting_supplement",
    "returned", "refused", "withdrawn", "satisfaction.ratings", "satisfaction.satisfied",
)
CHANNEL_GROUPS = (
    (Channel.ONLINE, gettext_lazy("Trực tuyến")),
    (Channel.COUNTER, gettext_lazy("Trực tiếp (kể cả ki-ốt)")),
    (Channel.POST, gettext_lazy("Bưu chính")),
)


class StatsError(ValidationFailed):
    """A bad statistics request: the field it names is wrong (HTTP 400)."""

    type = "https://motcua.vn/problems/stats-parameters"
    title = gettext_lazy("Tham số thống kê không hợp lệ")


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return local_midnight(self.date_from)

    @property
    def end(self) -> datetime:
        """Exclusive: 00:00 of the day after `date_to`."""
        return local_midnight(self.date_to + timedelta(days=1))


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone())


def validate(unit: Unit | None, date_from, date_to, group_by: str | None = None) -> Period:
    """The period, or StatsError naming the bad field: `unit`, `from`, `to` or `group_by`."""
    if not isinstance(unit, Unit):
        raise StatsError(_("Không có đơn vị này."), field="unit")
    for name, value in (("from", date_from), ("to", date_to)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise StatsError(_("Ngày “{name}” không hợp lệ; dùng dạng YYYY-MM-DD.").format(name=name), field=name)
    if date_from > date_to:
        raise StatsError(_("Ngày bắt đầu (from) không được sau ngày kết thúc (to)."), field="from")
    if date_to >= _add_years(date_from, MAX_YEARS):
        raise StatsError(_("Kỳ thống kê không được dài quá {years} năm.").format(years=MAX_YEARS), field="to")
    if group_by not in (None, "", *GROUP_BYS):
        raise StatsError(
            _("Cách nhóm “{group_by}” không hợp lệ; chọn một trong: {choices}.").format(
                group_by=group_by, choices=", ".join(GROUP_BYS)
            ),
            field="group_by",
        )
    return Period(date_from, date_to)


def parse_date(text: str | None, name: str) -> date:
    """A local date `YYYY-MM-DD` of a request, or StatsError naming the parameter."""
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise StatsError(
            _("Ngày “{name}” không hợp lệ (“{text}”); dùng dạng YYYY-MM-DD.").format(name=name, text=text or ""), field=name
        ) from None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- the conditions -------------------------------------------------------------------------------------
def _event(action: str | tuple[str, ...], **lookups) -> Exists:
    actions = (action,) if isinstance(action, str) else action
    return Exists(DossierEvent.objects.filter(dossier=OuterRef("pk"), action__in=actions, **lookups))


def _status_before(instant: datetime) -> Subquery:
    """The dossier's state just before `instant`: the state its last earlier event left it in."""
    last = DossierEvent.objects.filter(dossier=OuterRef("pk"), at__lt=instant).order_by("-at", "-id")
    return Subquery(last.values("to_status")[:1])


def open_at(instant: datetime) -> Q:
    """Received before `instant` and not yet resolved, refused, withdrawn or stopped at that instant.
    The event lookup only runs for the rare withdrawn/stopped dossiers (the AND short-circuits)."""
    return Q(received_at__lt=instant) & (
        Q(resolved_at__gte=instant)
        | Q(resolved_at__isnull=True, status__in=OPEN)
        | (Q(resolved_at__isnull=True, status__in=CLOSED_WITHOUT_RESULT) & Q(_event(("withdraw", "stop"), at__gte=instant)))
    )


def awaiting_at(instant: datetime) -> Q:
    """Open at `instant` and waiting for the applicant's supplement then (clock paused, Mẫu 02).
    Only dossiers that were ever asked during processing (`supplement_count`) need their events read."""
    return open_at(instant) & Q(supplement_count__gt=0) & Q(Exact(_status_before(instant), Value(S.AWAITING_SUPPLEMENT)))


@dataclass(frozen=True)
class _Parts:
    """The conditions the figures are made of, for one period."""

    new: Q
    carried: Q
    resolved: Q
    open_end: Q
    awaiting_if_open: Q  # awaiting at the end, for a dossier open then
    overdue_if_open: Q  # past its due instant at the end (or now), for a dossier open then
    returned: Q
    refused: Q
    withdrawn: Q
    rated: Q


def _parts(period: Period, now: datetime | None = None) -> _Parts:
    start, end = period.start, period.end
    # The state "at the end of `to`" of a period not over yet is the state now.
    as_of = min(end, now or timezone.now())
    in_period = {"at__gte": start, "at__lt": end}
    return _Parts(
        new=Q(received_at__gte=start, received_at__lt=end),
        carried=Q(received_at__lt=start) & open_at(start),
        resolved=Q(resolved_at__gte=start, resolved_at__lt=end),
        open_end=open_at(end),
        awaiting_if_open=Q(supplement_count__gt=0) & Q(Exact(_status_before(end), Value(S.AWAITING_SUPPLEMENT))),
        overdue_if_open=Q(due_at__lt=as_of),
        returned=Q(returned_at__gte=start, returned_at__lt=end),
        # Refused at intake (Mẫu 03, never received) or during processing, in the period.
        refused=Q(status=S.REFUSED) & Q(_event("refuse", **in_period)),
        # Received dossiers withdrawn by the applicant in the period.
        withdrawn=Q(status=S.WITHDRAWN, received_at__isnull=False) & Q(_event("withdraw", **in_period)),
        # Rated in the period: the rating's own instant (its `rate` event's, kept on the row).
        rated=Q(rating__in=RATING_LEVELS, rated_at__gte=start, rated_at__lt=end),
    )


def _conditions(period: Period, now: datetime | None = None) -> dict[str, Q]:
    """Each figure as a condition on a dossier (what `dossiers_behind` lists)."""
    p = _parts(period, now)
    not_online_or_post = ~Q(channel__in=(Channel.ONLINE, Channel.POST))
    awaiting = p.open_end & p.awaiting_if_open
    in_progress = p.open_end & ~p.awaiting_if_open
    return {
        "received.total": p.carried | p.new,
        "received.carried_over": p.carried,
        "received.new": p.new,
        "received.online": p.new & Q(channel=Channel.ONLINE),
        # Counter, kiosk (and anything neither online nor by post).
        "received.counter": p.new & not_online_or_post,
        "received.post": p.new & Q(channel=Channel.POST),
        "resolved.total": p.resolved,
        "resolved.early": p.resolved & Q(timeliness=Timeliness.EARLY),
        # A dossier without a due instant is on time (deadlines.close).
        "resolved.on_time": p.resolved & ~Q(timeliness__in=(Timeliness.EARLY, Timeliness.LATE)),
        "resolved.late": p.resolved & Q(timeliness=Timeliness.LATE),
        "in_progress.total": in_progress,
        "in_progress.within_deadline": in_progress & ~p.overdue_if_open,
        "in_progress.overdue": in_progress & p.overdue_if_open,
        "awaiting_supplement": awaiting,
        "returned": p.returned,
        "refused": p.refused,
        "withdrawn": p.withdrawn,
        "satisfaction.ratings": p.rated,
        "satisfaction.satisfied": p.rated & Q(rating__in=SATISFIED_LEVELS),
    }


def _int(value: int) -> Value:
    return Value(value, output_field=IntegerField())


def _flag(q: Q) -> Case:
    return Case(When(q, then=_int(1)), default=_int(0), output_field=IntegerField())


def _code(period: Period, now: datetime | None = None):
    """Where one dossier stands in every figure, as one small integer computed once per row: bits 0–1 new
    (1 online, 2 counter, 3 post), 2 carried over, 3–4 resolved (1 early, 2 on time, 3 late), 5–6 at the
    end (1 within deadline, 2 overdue, 3 awaiting supplement), 7 returned, 8 refused, 9 withdrawn,
    10–11 rating (1 not satisfied, 2 satisfied). The same conditions as `_conditions`, evaluated once;
    the event lookups only run for the few rows whose own columns make them candidates (refused,
    withdrawn or stopped, open with a supplement), on the (dossier, action, at) index alone."""
    p = _parts(period, now)
    i = _int

    def case(q: Q, then) -> Case:
        return Case(When(q, then=then), default=i(0), output_field=IntegerField())

    def choose(*whens: tuple[Q, int], default: int) -> Case:
        return Case(*(When(q, then=i(v)) for q, v in whens), default=i(default), output_field=IntegerField())

    new = case(p.new, choose((Q(channel=Channel.ONLINE), 1), (Q(channel=Channel.POST), 3), default=2))
    resolved = case(p.resolved, choose((Q(timeliness=Timeliness.EARLY), 1), (Q(timeliness=Timeliness.LATE), 3), default=2))
    end = case(p.open_end, choose((p.awaiting_if_open, 3), (p.overdue_if_open, 2), default=1))
    rating = case(p.rated, choose((Q(rating__in=SATISFIED_LEVELS), 2), default=1))
    return (
        new + _flag(p.carried) * i(4) + resolved * i(8) + end * i(32) + _flag(p.returned) * i(128)
        + _flag(p.refused) * i(256) + _flag(p.withdrawn) * i(512) + rating * i(1024)
    )


def _decode(code: int, n: int, into: dict[str, int]) -> None:
    """Add `n` dossiers of this code (see `_code`) to the figures they count in."""
    new, carried, resolved, end = code & 3, (code >> 2) & 1, (code >> 3) & 3, (code >> 5) & 3
    rating = (code >> 10) & 3
    if new:
        into["received.new"] += n
        into[("received.online", "received.counter", "received.post")[new - 1]] += n
    if carried:
        into["received.carried_over"] += n
    if new or carried:
        into["received.total"] += n
    if resolved:
        into["resolved.total"] += n
        into[("resolved.early", "resolved.on_time", "resolved.late")[resolved - 1]] += n
    if end == 3:
        into["awaiting_supplement"] += n
    elif end:
        into["in_progress.total"] += n
        into[("in_progress.within_deadline", "in_progress.overdue")[end - 1]] += n
    for bit, name in ((7, "returned"), (8, "refused"), (9, "withdrawn")):
        if (code >> bit) & 1:
            into[name] += n
    if rating:
        into["satisfaction.ratings"] += n
        if rating == 2:
            into["satisfaction.satisfied"] += n


def _scope(unit: Unit, period: Period) -> QuerySet[Dossier]:
    """The dossiers received (or submitted) at `unit` or below before the period's end that a figure of
    the period can count: a dossier whose result came before the period counts in none of them unless it
    was handed over (returned) or rated in the period or later."""
    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    start, end = period.start, period.end
    return Dossier.objects.filter(reception_unit__in=units).filter(
        Q(received_at__lt=end) | Q(submitted_at__lt=end)
    ).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=start) | Q(returned_at__gte=start) | Q(rated_at__gte=start)
    )


# -- the figures ----------------------------------------------------------------------------------------
def _empty() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def _count_codes(qs: QuerySet[Dossier], period: Period, now: datetime | None, *columns: str) -> list[tuple[Any, ...]]:
    """(value of each column…, code, n) rows of one aggregate query: COUNT(*) GROUP BY (columns, each
    row's code — see `_code`)."""
    names = {f"stats_group{i}": F(column) for i, column in enumerate(columns)}
    coded = qs.annotate(**names, stats_code=_code(period, now))
    return list(coded.order_by().values_list(*names, "stats_code").annotate(n=Count("*")))


def _count_figures(qs: QuerySet[Dossier], period: Period, now: datetime | None, group: str | None) -> dict:
    """{group value: {figure: count}} in one aggregate query: COUNT(*) GROUP BY (group, each row's code)."""
    out: dict = {}
    for *key, code, n in _count_codes(qs, period, now, *([group] if group else [])):
        _decode(code, n, out.setdefault(key[0] if key else None, _empty()))
    if group is None and not out:
        out[None] = _empty()
    return out


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for name, n in counts.items():
        into[name] += n


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 2) if whole else None


def body(counts: dict[str, int]) -> dict:
    """The figures of the contract body (without unit, from, to, groups) from the counts by name."""
    c = counts
    resolved = c["resolved.total"]
    return {
        "received": {
            "total": c["received.total"], "carried_over": c["received.carried_over"], "new": c["received.new"],
            "online": c["received.online"], "counter": c["received.counter"], "post": c["received.post"],
        },
        "resolved": {
            "total": resolved, "early": c["resolved.early"], "on_time": c["resolved.on_time"], "late": c["resolved.late"],
        },
        "in_progress": {
            "total": c["in_progress.total"], "within_deadline": c["in_progress.within_deadline"],
            "overdue": c["in_progress.overdue"],
        },
        "awaiting_supplement": c["awaiting_supplement"],
        "returned": c["returned"],
        "refused": c["refused"],
        "withdrawn": c["withdrawn"],
        "on_time_rate": _rate(c["resolved.early"] + c["resolved.on_time"], resolved),
        # Product rule: the online share of the dossiers newly received in the period (docs/statistics.md).
        "online_rate": _rate(c["received.online"], c["received.new"]),
        "satisfaction": {
            "ratings": c["satisfaction.ratings"],
            "satisfied": c["satisfaction.satisfied"],
            "rate": _rate(c["satisfaction.satisfied"], c["satisfaction.ratings"]),
        },
    }


def figures(
    unit: Unit, date_from: date, date_to: date, group_by: str | None = None, *, now: datetime | None = None,
    from_dossiers: bool = False,
) -> dict:
    """The statistics body of the API contract for `unit` and its subtree over [date_from, date_to]: read
    from the day counts (decision 0054) when they are complete and hold the grouping, else — or when asked,
    `from_dossiers` — counted on the dossiers themselves; the two agree figure by figure."""
    from motcua.stats import summary

    period = validate(unit, date_from, date_to, group_by)
    group_by = group_by or None
    if not from_dossiers and group_by in summary.SERVED and summary.is_complete():
        return summary.figures(unit, date_from, date_to, group_by, now=now)
    qs = _scope(unit, period)
    groups: list[dict] = []
    if group_by == "month":
        months = [(key, name, _count_figures(_scope(unit, sub), sub, now, None)[None]) for key, name, sub in _months(period)]
        groups = [{"key": key, "name": name, **body(counts)} for key, name, counts in months]
        total = _from_months([counts for _, _, counts in months])
    else:
        counted = _count_figures(qs, period, now, GROUP_COLUMNS[group_by] if group_by else None)
        total = _empty()
        for counts in counted.values():
            _add(total, counts)
        if group_by is not None:
            groups = _groups(unit, group_by, counted)
    return _full_body(unit, period, total, groups)


# The column a dossier's group is read from (a dossier's field is its procedure version's).
GROUP_COLUMNS = {
    "unit": "reception_unit_id", "procedure": "procedure_id", "field": "procedure_version__field_id", "channel": "channel",
}


def _full_body(unit: Unit, period: Period, total: dict[str, int], groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "unit": unit.code,
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        **body(total),
        "payments": payments(unit, period),
        "groups": groups,
    }


def payments(unit: Unit, period: Period) -> dict[str, Any]:
    """The fee payments of the period (decision 0042): `paid`, the dossiers of the scope whose fee payment
    was recorded in the period (a `pay` event: at the counter, typed by the applicant, or confirmed by the
    payment gateway); `online`, those the payment gateway confirmed (the event names the gateway's order);
    `online_rate`, their share in percent (null when nothing was paid). Distinct dossiers, one pass over the
    period's `pay` events."""
    counted = DossierEvent.objects.filter(action="pay", at__gte=period.start, at__lt=period.end).filter(
        Exists(_scope(unit, period).filter(pk=OuterRef("dossier_id")))
    ).aggregate(
        paid=Count("dossier", distinct=True), online=Count("dossier", filter=Q(data__has_key="order"), distinct=True)
    )
    paid, online = counted["paid"] or 0, counted["online"] or 0
    return {"paid": paid, "online": online, "online_rate": _rate(online, paid)}


def figures_by_unit_and_field(
    unit: Unit, date_from: date, date_to: date, *, now: datetime | None = None, from_dossiers: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`figures(..., group_by="unit")` and `figures(..., group_by="field")` — the same two bodies — from one
    aggregate query grouped by (reception unit, field, code): each row's code is computed once, not once
    per grouping (the leaders' desk shows both tables). The whole unit's figures are the sum over every
    pair, each unit group the sum over its fields, each field group the sum over its units. From the day
    counts when they are complete (decision 0054), as `figures`."""
    from motcua.stats import summary

    period = validate(unit, date_from, date_to)
    if not from_dossiers and summary.is_complete():
        return summary.figures_by_unit_and_field(unit, date_from, date_to, now=now)
    by_unit: dict[int, dict[str, int]] = {}
    by_field: dict[int | None, dict[str, int]] = {}
    total = _empty()
    for unit_id, field_id, code, n in _count_codes(
        _scope(unit, period), period, now, GROUP_COLUMNS["unit"], GROUP_COLUMNS["field"]
    ):
        for into in (by_unit.setdefault(unit_id, _empty()), by_field.setdefault(field_id, _empty()), total):
            _decode(code, n, into)
    return (
        _full_body(unit, period, total, _groups(unit, "unit", by_unit)),
        _full_body(unit, period, total, _groups(unit, "field", by_field)),
    )


# Stocks: what stands at the start of the period is the first month's, at its end the last month's.
_AT_START = ("received.carried_over",)
_AT_END = ("in_progress.total", "in_progress.within_deadline", "in_progress.overdue", "awaiting_supplement")


def _from_months(months: list[dict[str, int]]) -> dict[str, int]:
    """The period's figures from its months' (which partition it): flows add up; stocks are taken at the
    period's start and end."""
    total = _empty()
    for counts in months:
        _add(total, counts)
    for name in _AT_START:
        total[name] = months[0][name]
    for name in _AT_END:
        total[name] = months[-1][name]
    total["received.total"] = total["received.carried_over"] + total["received.new"]
    return total


def _months(period: Period) -> list[tuple[str, str, Period]]:
    """Each calendar month the period touches, clipped to the period: (YYYY-MM, name, its period)."""
    out = []
    first = period.date_from.replace(day=1)
    while first <= period.date_to:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        sub = Period(max(first, period.date_from), min(last, period.date_to))
        out.append((f"{first:%Y-%m}", _("Tháng {month}/{year}").format(month=first.month, year=first.year), sub))
        first = last + timedelta(days=1)
    return out


def _groups(unit: Unit, group_by: str, counted: dict) -> list[dict]:
    """The groups of the body: every child unit and every channel; the procedures and fields that count in
    at least one figure of the period (a dossier of the scope that counts in none adds no empty row)."""
    if group_by in ("procedure", "field"):
        counted = {key: counts for key, counts in counted.items() if any(counts.values())}
    if group_by == "unit":
        return _unit_groups(unit, counted)
    if group_by == "channel":
        merged = {key: _empty() for key, _ in CHANNEL_GROUPS}
        for channel, counts in counted.items():
            _add(merged[Channel.COUNTER if channel == Channel.KIOSK else channel], counts)
        return [{"key": key, "name": str(name), **body(merged[key])} for key, name in CHANNEL_GROUPS]
    if group_by == "procedure":
        procedures = Procedure.objects.filter(pk__in=list(counted)).select_related("current_version")
        named = sorted((p.code, p.current_version.name if p.current_version_id else p.code, p.pk) for p in procedures)
        return [{"key": code, "name": name, **body(counted[pk])} for code, name, pk in named]
    fields = Field.objects.filter(pk__in=list(counted)).order_by("name")
    return [{"key": f.code, "name": f.name, **body(counted[f.pk])} for f in fields]


def _unit_groups(unit: Unit, counted: dict) -> list[dict]:
    """The direct children of `unit` (each with its subtree), in tree order; dossiers received at `unit`
    itself form a group of their own, keyed by its code, when there are any."""
    children = list(Unit.objects.filter(parent=unit).order_by("sort_order", "path"))
    by_id = {u.pk: u for u in Unit.objects.filter(pk__in=list(counted)).only("pk", "path")}
    sums = {child.pk: _empty() for child in children}
    own = _empty()
    for unit_id, counts in counted.items():
        path = by_id[unit_id].path
        child = next((c for c in children if path.startswith(c.path)), None)
        _add(sums[child.pk] if child else own, counts)
    groups = [{"key": c.code, "name": c.name, **body(sums[c.pk])} for c in children]
    if any(own.values()):
        groups.insert(0, {"key": unit.code, "name": unit.name, **body(own)})
    return groups


# -- drill-down -----------------------------------------------------------------------------------------
def dossiers_behind(
    unit: Unit,
    date_from: date,
    date_to: date,
    figure: str,
    key: str | None = None,
    group_by: str | None = None,
    *,
    now: datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers counted by `figure` (a dotted name of FIGURES, e.g. `resolved.late`), optionally in
    the group `key` of `group_by`: the same conditions as `figures`, so the list agrees with the count."""
    period = validate(unit, date_from, date_to, group_by)
    if figure not in FIGURES:
        raise StatsError(
            _("Chỉ tiêu “{figure}” không có; chọn một trong: {choices}.").format(figure=figure, choices=", ".join(FIGURES)),
            field="figure",
        )
    if key is not None and not group_by:
        raise StatsError(_("Cần cách nhóm (group_by) khi chọn một nhóm."), field="group_by")
    qs = _scope(unit, period)
    if key is not None:
        qs, period = _in_group(qs, unit, group_by, key, period)
    return qs.filter(_conditions(period, now)[figure]).order_by("received_at", "id")


def _in_group(qs: QuerySet[Dossier], unit: Unit, group_by: str, key: str, period: Period):
    if group_by == "unit":
        if key == unit.code:  # received at the unit itself
            return qs.filter(reception_unit=unit), period
        child = Unit.objects.filter(parent=unit, code=key).first()
        if child is None:
            raise StatsError(_("Đơn vị “{key}” không trực thuộc {unit}.").format(key=key, unit=unit.code), field="key")
        return qs.filter(reception_unit__path__startswith=child.path), period
    if group_by == "procedure":
        return qs.filter(procedure__code=key), period
    if group_by == "field":
        return qs.filter(procedure_version__field__code=key), period
    if group_by == "channel":
        if key not in (c for c, _ in CHANNEL_GROUPS):
            raise StatsError(_("Kênh “{key}” không hợp lệ.").format(key=key), field="key")
        channels = (Channel.COUNTER, Channel.KIOSK) if key == Channel.COUNTER else (key,)
        return qs.filter(channel__in=channels), period
    month = next((sub for k, _, sub in _months(period) if k == key), None)
    if month is None:
        raise StatsError(_("Tháng “{key}” không thuộc kỳ thống kê (dạng YYYY-MM).").format(key=key), field="key")
    return _scope(unit, month), month


# -- Decision 766/QĐ-TTg ---------------------------------------------------------------------------------
def decision766(
    unit: Unit, date_from: date, date_to: date, *, now: datetime | None = None, figures_body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The indicators of Decision 766/QĐ-TTg (2022) that come from dossiers, for `unit` and its subtree.

    Each: the indicator it feeds, its group and the group's maximum points, numerator, denominator and
    rate (percent, two decimals, null when the denominator is 0); `max_points` where the indicator's own
    maximum is known (on time: up to 20; satisfaction: up to 6 of the group's 18 — legal-notes.md §4.2).
    The rule that turns a rate into points is not confirmed for any of them, so `points` is null.

    Resolved, in time, new, online, ratings and satisfied are figures of §8 (`_conditions`): they are
    read from `figures_body` (a body of `figures` for the same unit and period, as the leaders' desk has
    one already) or counted with the figures' own query; only what the figures do not count is counted
    here (`_decision766_own`). The two feedback indicators of group 5 come from `motcua/feedback`
    (`_feedback766`; docs/decisions/0033)."""
    period = validate(unit, date_from, date_to)
    if figures_body is None:
        figures_body = body(_count_figures(_scope(unit, period), period, now, None)[None])
    elif (figures_body.get("unit"), figures_body.get("from"), figures_body.get("to")) != (
        unit.code, period.date_from.isoformat(), period.date_to.isoformat()
    ):
        raise ValueError("decision766: figures_body is not the figures of this unit and period")
    b = figures_body
    counts = {
        "resolved": b["resolved"]["total"],
        # Early and on time are disjoint (a dossier has one timeliness).
        "resolved_in_time": b["resolved"]["early"] + b["resolved"]["on_time"],
        "new": b["received"]["new"],
        "online": b["received"]["online"],
        "ratings": b["satisfaction"]["ratings"],
        "satisfied": b["satisfaction"]["satisfied"],
        **_decision766_own(unit, period),
        **_feedback766(unit, period),
    }

    def indicator(code, name, group, group_name, max_points, part, whole, rule, indicator_max=None):
        return {
            "indicator": code, "name": name, "group": group, "group_name": group_name,
            "group_max_points": max_points, "max_points": indicator_max, "numerator": counts[part],
            "denominator": counts[whole], "rate": _rate(counts[part], counts[whole]), "points": None, "rule": rule,
        }

    return {
        "unit": unit.code,
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "indicators": [
            indicator("2.on_time", _("Tỷ lệ hồ sơ xử lý đúng hạn"), 2, _("Tiến độ, kết quả giải quyết"), 20,
                      "resolved_in_time", "resolved", _("(trước hạn + đúng hạn) / đã giải quyết trong kỳ"), 20),
            indicator("3.digitised", _("Tỷ lệ số hóa hồ sơ"), 3, _("Số hóa hồ sơ"), 22,
                      "digitised", "new", _("hồ sơ tiếp nhận trong kỳ có thành phần điện tử / hồ sơ tiếp nhận trong kỳ")),
            indicator("4.online", _("Tỷ lệ hồ sơ trực tuyến"), 4, _("Cung cấp dịch vụ trực tuyến"), 22,
                      "online", "new", _("hồ sơ nộp trực tuyến / hồ sơ tiếp nhận trong kỳ")),
            indicator("4.online_payment", _("Tỷ lệ hồ sơ thanh toán trực tuyến"), 4, _("Cung cấp dịch vụ trực tuyến"), 22,
                      "paid_online", "asked_to_pay",
                      _("hồ sơ người nộp tự nộp phí trực tuyến trong kỳ / hồ sơ được yêu cầu nộp phí trong kỳ")),
            indicator("5.satisfaction", _("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"), 5, pgettext("Decision 766 indicator group", "Mức độ hài lòng"), 18,
                      "satisfied", "ratings", _("(rất hài lòng + hài lòng) / lượt đánh giá trong kỳ"), 6),
            indicator("5.feedback_on_time", _("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"), 5, pgettext("Decision 766 indicator group", "Mức độ hài lòng"), 18,
                      "feedback_in_time", "feedback_handled", _("phản ánh, kiến nghị trả lời đúng hạn / đã trả lời trong kỳ")),
            indicator("5.feedback_satisfaction", _("Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"), 5, pgettext("Decision 766 indicator group", "Mức độ hài lòng"), 18,
                      "feedback_satisfied", "feedback_handled",
                      _("(đã trả lời trong kỳ − không hài lòng hoặc phản ánh về xử lý chậm) / đã trả lời trong kỳ")),
        ],
    }


def _decision766_own(unit: Unit, period: Period) -> dict[str, int]:
    """The counts of Decision 766 that are not figures of §8, each a narrow query over the period's scope
    (`_scope`, as every figure): `digitised`, the dossiers newly received in the period with an electronic
    component (an attachment); `asked_to_pay`, those asked to pay a fee or charge in the period; and
    `paid_online`, those whose applicant recorded the payment through the portal in the period (the `pay`
    event is theirs; a payment the desk records was made at the counter — Decree 45/2020; dossiers/services
    `pay`). The two payment counts are read from the period's events in one pass (distinct dossiers); the
    scope is looked up by primary key for the few rows found only, not evaluated over every dossier."""
    scope = _scope(unit, period)
    p = _parts(period)
    # From the attachments: the scope is looked up only for the dossiers that have one.
    digitised = Attachment.objects.filter(Exists(scope.filter(p.new, pk=OuterRef("dossier_id")))).aggregate(
        n=Count("dossier", distinct=True)
    )["n"]
    asked, paid = Q(action="request_payment"), Q(action="pay", actor_role="citizen")
    payments = DossierEvent.objects.filter(
        action__in=("request_payment", "pay"), at__gte=period.start, at__lt=period.end
    ).filter(Exists(scope.filter(pk=OuterRef("dossier_id")))).aggregate(
        asked_to_pay=Count("dossier", filter=asked, distinct=True), paid_online=Count("dossier", filter=paid, distinct=True)
    )
    return {"digitised": digitised, "asked_to_pay": payments["asked_to_pay"] or 0, "paid_online": payments["paid_online"] or 0}


def _feedback766(unit: Unit, period: Period) -> dict[str, int]:
    """The two feedback indicators' counts (phản ánh, kiến nghị; docs/statistics.md §4): feedback to the
    unit's subtree answered in the period, those answered by their due instant, those not rated unsatisfied."""
    from motcua.feedback.selectors import decision766_counts

    return decision766_counts(unit, period.start, period.end)


# -- who may read which unit's figures ---------------------------------------------------------------------
def scope_of(user) -> Unit | None:
    """The top unit whose subtree's figures the user may read (product rule, docs/statistics.md):
    officers their own unit's subtree; leaders, the center director and administrators their level of
    government (a city's: the whole city; a province's: everything under it); a superuser with no unit
    everything (returns the root). None: no figures at all (citizens, accounts without a unit)."""
    from motcua.accounts.models import Role
    from motcua.units.selectors import government_of

    if user is None or not user.is_authenticated or user.role == Role.CITIZEN:
        return None
    if user.unit_id is None:
        return Unit.objects.filter(parent=None).order_by("path").first() if user.is_superuser else None
    if user.role in (Role.LEADER, Role.CENTER_DIRECTOR, Role.ADMIN):
        return government_of(user.unit)
    return user.unit


def may_read(user, unit: Unit) -> bool:
    if user is not None and user.is_authenticated and user.is_superuser and user.unit_id is None:
        return True
    root = scope_of(user)
    if root is None:
        return False
    # Its own subtree, and the units that ended into it (their past figures, issue 12).
    return unit.path.startswith(root.path) or predecessors_of(root).filter(pk=unit.pk).exists()
