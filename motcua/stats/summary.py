"""The statistics read from a summary by day (decision 0054; issue 10: a province's year in < 1 s).

Every figure of `selectors` is a count of dossiers meeting a condition at the period's bounds. Each of those
conditions is, for one dossier, either an instant falling in the period (received, resolved, returned,
refused, withdrawn, rated: a *flow*) or a state holding at 00:00 of a day (open, awaiting a supplement,
overdue: a *state*). Both can be written as what the dossier contributes to each local day:

- a flow: +1 on the day of its instant;
- a state: the set of days at whose 00:00 it holds is a union of runs `(lo, hi]` of days — it holds at the
  start of day D when lo < D ≤ hi — so it contributes +1 on day lo and −1 on day hi, and the state at the
  start of day D is the sum of the contributions of every day before D.

`contributions` computes that from one dossier's row and events, with the very definitions of
`selectors._parts` (an equality test holds the two together on hand-built and generated histories);
`rebuild` sums them by (reception unit, field, channel, day) into `DayCount`; `figures` answers the
statistics body of the API contract from those rows: flows summed over the period's days, states summed
over the days before its bounds. The one figure a summary by day cannot give is the overdue split of a
period not over yet, which is measured *now*, not at a midnight: it is counted on the open dossiers
(`status` open, a partial index), as `selectors` does.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Channel, Dossier, DossierEvent, Status, Timeliness
from motcua.stats import selectors as s
from motcua.stats.models import COLUMNS_OF_A_DAY, DAY_FLOWS, DayCount, DayCountsPending
from motcua.units.models import Unit

COLUMNS = COLUMNS_OF_A_DAY
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
FOREVER = date.max  # the end of a run that has not ended: no −1 is written for it

# Dossiers whose figures read their events (refusal, withdrawal, the instant a withdrawn or stopped dossier
# stopped being open, the pauses for a supplement): the others are counted from their row alone.
_NEEDS_EVENTS = (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)
ROW_FIELDS = (
    "id", "reception_unit_id", "procedure_version__field_id", "channel", "status", "received_at", "resolved_at",
    "returned_at", "rated_at", "rating", "timeliness", "due_at", "supplement_count",
)
Run = tuple[date, date]  # (lo, hi]: the days D with lo < D <= hi
QuerySetLike = Iterable[dict[str, Any]]


def _day(instant: datetime) -> date:
    return timezone.localtime(instant, s.local_zone()).date()


def _intersect(a: list[Run], b: list[Run]) -> list[Run]:
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if lo < hi:
                out.append((lo, hi))
    return sorted(out)


def _minus(a: list[Run], b: list[Run]) -> list[Run]:
    """The days of `a` not in `b` (`b` sorted and disjoint)."""
    out = []
    for lo, hi in a:
        for lo2, hi2 in b:
            if hi2 <= lo or lo2 >= hi:
                continue
            if lo2 > lo:
                out.append((lo, lo2))
            lo = max(lo, hi2)
            if lo >= hi:
                break
        if lo < hi:
            out.append((lo, hi))
    return out


def _awaiting_runs(events: Sequence[tuple[datetime, str]]) -> list[Run]:
    """The days at whose start the dossier's state was "awaiting a supplement": `selectors._status_before`
    (the state its last earlier event left it in) read on every midnight. `events` in (at, id) order."""
    runs = []
    for k, (at, to_status) in enumerate(events):
        if to_status != Status.AWAITING_SUPPLEMENT:
            continue
        lo = _day(at)
        hi = _day(events[k + 1][0]) if k + 1 < len(events) else FOREVER
        if lo < hi:
            runs.append((lo, hi))
    merged: list[Run] = []
    for lo, hi in runs:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def contributions(row: dict[str, Any], events: Sequence[tuple[datetime, str, str]] = ()) -> dict[tuple[date, str], int]:
    """What one dossier adds to each day's columns: {(day, column): n}. `row` has the `ROW_FIELDS`; `events`
    are its (at, action, to_status) in (at, id) order — needed only for the dossiers `needs_events` names."""
    out: dict[tuple[date, str], int] = defaultdict(int)
    status, received = row["status"], row["received_at"]

    def flow(instant: datetime | None, column: str) -> None:
        if instant is not None:
            out[(_day(instant), column)] += 1

    def state(runs: Iterable[Run], column: str) -> None:
        for lo, hi in runs:
            out[(lo, column)] += 1
            if hi != FOREVER:
                out[(hi, column)] -= 1

    flow(received, "new")
    if row["resolved_at"] is not None:
        timeliness = row["timeliness"]
        column = {Timeliness.EARLY: "resolved_early", Timeliness.LATE: "resolved_late"}.get(timeliness, "resolved_on_time")
        flow(row["resolved_at"], column)
    flow(row["returned_at"], "returned")
    if status == Status.REFUSED:
        for at, action, _to in events:
            if action == "refuse":
                flow(at, "refused")
    if status == Status.WITHDRAWN and received is not None:
        for at, action, _to in events:
            if action == "withdraw":
                flow(at, "withdrawn")
    if row["rating"] in s.RATING_LEVELS and row["rated_at"] is not None:
        flow(row["rated_at"], "ratings")
        if row["rating"] in s.SATISFIED_LEVELS:
            flow(row["rated_at"], "satisfied")
    if received is None:
        return out
    # Open (selectors.open_at): received before the midnight, its end (result, withdrawal, stop) at or after.
    end: date | None = None
    if row["resolved_at"] is not None:
        end = _day(row["resolved_at"])
    elif status in s.OPEN:
        end = FOREVER
    elif status in s.CLOSED_WITHOUT_RESULT:
        stops = [at for at, action, _to in events if action in ("withdraw", "stop")]
        end = _day(max(stops)) if stops else None
    opened: list[Run] = [(_day(received), end)] if end is not None and _day(received) < end else []
    awaiting: list[Run] = []
    if row["supplement_count"] and row["supplement_count"] > 0:
        awaiting = _intersect(opened, _awaiting_runs([(at, to) for at, _action, to in events]))
    overdue: list[Run] = []
    if row["due_at"] is not None:
        overdue = _minus(_intersect(opened, [(_day(row["due_at"]), FOREVER)]), awaiting)
    state(opened, "open")
    state(awaiting, "awaiting")
    state(overdue, "overdue")
    return out


def needs_events(row: dict[str, Any]) -> bool:
    return row["status"] in _NEEDS_EVENTS or bool(row["supplement_count"])


def _rows_with_events(rows: QuerySetLike, chunk: int = 5000) -> Iterator[tuple[dict[str, Any], list]]:
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[tuple[dict[str, Any], list]]:
        wanted = [r["id"] for r in batch if needs_events(r)]
        events: dict[int, list] = defaultdict(list)
        if wanted:
            for dossier_id, at, action, to_status in (
                DossierEvent.objects.filter(dossier_id__in=wanted).order_by("dossier_id", "at", "id")
                .values_list("dossier_id", "at", "action", "to_status")
            ):
                events[dossier_id].append((at, action, to_status))
        for r in batch:
            yield r, events.get(r["id"], [])

    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            yield from flush()
            batch = []
    if batch:
        yield from flush()



Key = tuple[int, int, str, date]  # (reception unit id, field id or 0, channel, day)
COPY_FROM = 2000  # rows: above this, PostgreSQL gets them by COPY


def count_into(counts: dict[Key, list[int]], row: dict[str, Any], events: Sequence[tuple[datetime, str, str]] = ()) -> None:
    """Adds one dossier's contributions to `counts` ({(unit id, field id or 0, channel, day): [one int per
    COLUMNS]}). `row` has the `ROW_FIELDS` (instants aware); `events` as `contributions` takes them."""
    key = (row["reception_unit_id"], row["procedure_version__field_id"] or 0, row["channel"])
    width = len(COLUMNS)
    for (day, column), n in contributions(row, events).items():
        if n:
            counts.setdefault((*key, day), [0] * width)[_INDEX[column]] += n


def merge_counts(into: dict[Key, list[int]], counts: dict[Key, list[int]]) -> None:
    for key, values in counts.items():
        found = into.get(key)
        if found is None:
            into[key] = list(values)
        else:
            for i, n in enumerate(values):
                found[i] += n


def summarise(dossiers: QuerySetLike) -> dict[Key, list[int]]:
    """The day counts of these dossiers: {(unit id, field id or 0, channel, day): [one int per COLUMNS]}."""
    counts: dict[Key, list[int]] = {}
    for row, events in _rows_with_events(dossiers):
        count_into(counts, row, events)
    return counts


def add_counts(counts: dict[Key, list[int]]) -> None:
    """Add counts summed elsewhere (`count_into`: the generator's workers, from the rows they write) to the
    day counts."""
    _upsert(counts)


def _upsert(counts: dict[Key, list[int]]) -> None:
    """Add these counts to the day counts, row by row in key order (concurrent writers lock rows in the same
    order): INSERT … ON CONFLICT DO UPDATE SET column = column + the new value, on SQLite and PostgreSQL."""
    rows = sorted((key, values) for key, values in counts.items() if any(values))
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(DayCount._meta.db_table)
    keys = ("unit_id", "field_id", "channel", "day")
    names = ", ".join(q(c) for c in (*keys, *COLUMNS))
    updates = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in COLUMNS)
    width = len(keys) + len(COLUMNS)
    conflict = f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET {updates}"
    if connection.vendor == "postgresql" and len(rows) > COPY_FROM:
        # A bulk load's many rows: COPY into a scratch table, then one INSERT … SELECT in key order
        # (≈ 20 × faster than statements of bound values at 50,000 rows).
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE daycount_in ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY daycount_in ({names}) FROM STDIN") as copy:
                for key, counted in rows:
                    copy.write_row((*key, *counted))
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM daycount_in "
                f"ORDER BY {', '.join(q(k) for k in keys)} {conflict}"
            )
            cursor.execute("DROP TABLE daycount_in")
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            batch = rows[start:start + 500]
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(batch))
            params: list[Any] = []
            for key, counted in batch:
                params.extend(key)
                params.extend(counted)
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values} {conflict}", params)


def add(dossiers: QuerySet[Dossier]) -> None:
    """Add the contributions of these dossiers (new ones: a bulk load) to the day counts."""
    _upsert(summarise(dossiers.order_by().values(*ROW_FIELDS).iterator(chunk_size=5000)))


def rebuild() -> int:
    """Replace every day count by the sum of every dossier's contributions; returns the number of rows.
    On PostgreSQL the table is locked first: a transition that commits meanwhile waits, then adds its
    change on top of the rebuilt rows (its dossier change is not in the rows read here)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(DayCount._meta.db_table)} IN EXCLUSIVE MODE")
        DayCount.objects.all().delete()
        add(Dossier.objects.all())
        DayCountsPending.objects.all().delete()
    return DayCount.objects.count()


def is_complete() -> bool:
    """Whether the day counts hold every dossier (no build pending since they were introduced)."""
    return not DayCountsPending.objects.exists()


# -- keeping them current: every change of a dossier goes through dossiers.services ------------------------
Snapshot = dict[tuple[int, int, str, date, str], int]


def snapshot(d: Dossier) -> Snapshot:
    """What the dossier contributes now, by (unit, field, channel, day, column); its events are read (in
    the caller's transaction) only when its figures need them."""
    row = {
        "id": d.pk, "reception_unit_id": d.reception_unit_id,
        "procedure_version__field_id": d.procedure_version.field_id if d.procedure_version_id else None,
        "channel": d.channel, "status": d.status, "received_at": d.received_at, "resolved_at": d.resolved_at,
        "returned_at": d.returned_at, "rated_at": d.rated_at, "rating": d.rating, "timeliness": d.timeliness,
        "due_at": d.due_at, "supplement_count": d.supplement_count,
    }
    events: list[tuple[datetime, str, str]] = []
    if d.pk is not None and needs_events(row):
        events = list(d.events.order_by("at", "id").values_list("at", "action", "to_status"))
    key = (row["reception_unit_id"], row["procedure_version__field_id"] or 0, row["channel"])
    return {(*key, day, column): n for (day, column), n in contributions(row, events).items() if n}


def record_change(before: Snapshot, d: Dossier) -> None:
    """Write the difference between what the dossier contributed `before` and what it contributes now."""
    apply_changes([(before, snapshot(d))])


def apply_changes(changes: Iterable[tuple[Snapshot, Snapshot]]) -> None:
    width = len(COLUMNS)
    counts: dict[Key, list[int]] = {}
    for before, after in changes:
        for sign, contributed in ((-1, before), (1, after)):
            for (unit_id, field_id, channel, day, column), n in contributed.items():
                counts.setdefault((unit_id, field_id, channel, day), [0] * width)[_INDEX[column]] += sign * n
    _upsert(counts)


# -- the figures from the summary ---------------------------------------------------------------------------
_CHANNEL_FIGURE = {Channel.ONLINE: "received.online", Channel.POST: "received.post"}
# The groupings read from the day counts, by their column there and on the dossier; `month` is read month by
# month, `procedure` only from the dossiers (a day count does not know the procedure).
GROUP_KEYS = {"unit": "unit_id", "field": "field_id", "channel": "channel"}
_DOSSIER_COLUMNS = {"unit_id": "reception_unit_id", "field_id": "procedure_version__field_id", "channel": "channel"}
SERVED = (None, "unit", "field", "channel", "month")


def _sum(column: str, condition: Q | None = None) -> Sum:
    return Sum(column, filter=condition, default=Value(0), output_field=IntegerField())


def _rows_of(unit: Unit, before: date):
    """The day counts of `unit`'s subtree on the days before `before`, in no order."""
    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    return DayCount.objects.filter(unit__in=units, day__lt=before).order_by()


def _fold(c: dict[str, int], r: dict[str, int]) -> None:
    """Adds one aggregated row (the period's flows of one channel, the open dossiers carried in, the states
    at the end) to the counts `c` by figure name."""
    new, carried = r["new"], r["carried"]
    c["received.new"] += new
    c[_CHANNEL_FIGURE.get(r["channel"], "received.counter")] += new
    c["received.carried_over"] += carried
    c["received.total"] += new + carried
    for column, figure in (
        ("resolved_early", "resolved.early"), ("resolved_on_time", "resolved.on_time"), ("resolved_late", "resolved.late"),
    ):
        c[figure] += r[column]
        c["resolved.total"] += r[column]
    for name in ("returned", "refused", "withdrawn"):
        c[name] += r[name]
    c["satisfaction.ratings"] += r["ratings"]
    c["satisfaction.satisfied"] += r["satisfied"]
    in_progress = r["open_end"] - r["awaiting_end"]
    c["awaiting_supplement"] += r["awaiting_end"]
    c["in_progress.total"] += in_progress
    c["in_progress.overdue"] += r["overdue_end"]
    c["in_progress.within_deadline"] += in_progress - r["overdue_end"]


def _counts(unit: Unit, period: s.Period, now: datetime, keys: tuple[str, ...] = ()) -> dict[tuple, dict[str, int]]:
    """{(value of each key…): {figure: count}} from the day counts of `unit`'s subtree: one aggregate query
    over the rows of the days before the period's end, grouped by the keys and the channel."""
    first, after = period.date_from, period.date_to + timedelta(days=1)
    in_period = Q(day__gte=first)
    rows = (
        _rows_of(unit, after)
        .values(*[k for k in keys if k != "channel"], "channel")
        .annotate(
            **{name: _sum(name, in_period) for name in DAY_FLOWS},
            carried=_sum("open", Q(day__lt=first)),
            open_end=_sum("open"), awaiting_end=_sum("awaiting"), overdue_end=_sum("overdue"),
        )
    )
    out: dict[tuple, dict[str, int]] = {}
    for r in rows:
        _fold(out.setdefault(tuple(r[k] for k in keys), s._empty()), r)
    if period.end > now:
        _overdue_now(unit, period, now, keys, out)
    return out


STATES = ("open", "awaiting", "overdue")


def _month_counts(unit: Unit, period: s.Period, now: datetime) -> list[tuple[str, str, dict[str, int]]]:
    """(YYYY-MM, name, {figure: count}) of each month of the period, from two aggregate queries whatever the
    number of months: the states carried into the period, then each month's flows and state changes (by
    channel); a month's carried-over and end states are the running sums of the months before it."""
    first, after = period.date_from, period.date_to + timedelta(days=1)
    rows = _rows_of(unit, after)
    running: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for r in rows.filter(day__lt=first).values("channel").annotate(**{name: _sum(name) for name in STATES}):
        running[r["channel"]].update({name: r[name] for name in STATES})
    changes: dict[tuple[date, str], dict[str, int]] = {}
    monthly = (
        rows.filter(day__gte=first).annotate(month=TruncMonth("day", output_field=DateField()))
        .values("month", "channel").annotate(**{name: _sum(name) for name in (*DAY_FLOWS, *STATES)})
    )
    for r in monthly:
        month = r["month"]
        month = month.date() if isinstance(month, datetime) else month
        changes[(month, r["channel"])] = r
    out = []
    for key, label, sub in s._months(period):
        month = sub.date_from.replace(day=1)
        counts = s._empty()
        for channel in sorted({*running, *(ch for (m, ch) in changes if m == month)}):
            change = changes.get((month, channel)) or {name: 0 for name in (*DAY_FLOWS, *STATES)}
            state = running[channel]
            row = {"channel": channel, "carried": state["open"], **{name: change[name] for name in DAY_FLOWS}}
            for column in STATES:
                state[column] += change[column]
            _fold(counts, {**row, "open_end": state["open"], "awaiting_end": state["awaiting"], "overdue_end": state["overdue"]})
        if sub.end > now:
            _overdue_now(unit, sub, now, (), {(): counts})
        out.append((key, label, counts))
    return out


def _overdue_now(unit: Unit, period: s.Period, now: datetime, keys: tuple[str, ...], out: dict) -> None:
    """A period not over yet: its end state is today's, and overdue means past the due instant *now*, not
    at a midnight — counted on the open dossiers (a partial index) with `selectors`' own conditions."""
    open_now = s._scope(unit, period).filter(status__in=s.OPEN)
    for c in out.values():
        c["in_progress.within_deadline"] += c["in_progress.overdue"]
        c["in_progress.overdue"] = 0
    for *group, code, n in s._count_codes(open_now, period, now, *(_DOSSIER_COLUMNS[k] for k in keys)):
        if (code >> 5) & 3 == 2:  # at the end: in progress, overdue (selectors._code)
            value = tuple((v or 0) if k == "field_id" else v for k, v in zip(keys, group, strict=True))
            c = out.setdefault(value, s._empty())
            c["in_progress.overdue"] += n
            c["in_progress.within_deadline"] -= n


def _by(counted: dict[tuple, dict[str, int]], position: int, key: str) -> dict:
    """The counts summed by one key of the tuples (a field id 0 is "no field", None, as on the dossiers)."""
    out: dict = {}
    for values, counts in counted.items():
        value = values[position]
        s._add(out.setdefault((value or None) if key == "field_id" else value, s._empty()), counts)
    return out


def _total(counted: dict) -> dict[str, int]:
    total = s._empty()
    for counts in counted.values():
        s._add(total, counts)
    return total


def counts(unit: Unit, date_from: date, date_to: date, *, now: datetime | None = None) -> dict[str, int]:
    """The period's counts by figure name (`selectors.FIGURES`), from the day counts."""
    period = s.validate(unit, date_from, date_to)
    return _total(_counts(unit, period, now or timezone.now()))


def figures(unit: Unit, date_from: date, date_to: date, group_by: str | None = None, *, now: datetime | None = None) -> dict:
    """`selectors.figures` for every grouping but `procedure`, read from the day counts."""
    period = s.validate(unit, date_from, date_to, group_by)
    group_by = group_by or None
    if group_by not in SERVED:
        raise s.StatsError(_("Cách nhóm “{group_by}” không đọc từ số liệu theo ngày.").format(group_by=group_by), field="group_by")
    now = now or timezone.now()
    if group_by == "month":
        months = _month_counts(unit, period, now)
        groups = [{"key": key, "name": name, **s.body(counts)} for key, name, counts in months]
        return s._full_body(unit, period, s._from_months([counts for _, _, counts in months]), groups)
    if group_by is None:
        return s._full_body(unit, period, _total(_counts(unit, period, now)), [])
    key = GROUP_KEYS[group_by]
    counted = _counts(unit, period, now, (key,))
    return s._full_body(unit, period, _total(counted), s._groups(unit, group_by, _by(counted, 0, key)))


def figures_by_unit_and_field(unit: Unit, date_from: date, date_to: date, *, now: datetime | None = None) -> tuple[dict, dict]:
    """`selectors.figures_by_unit_and_field` from one query over the day counts."""
    period = s.validate(unit, date_from, date_to)
    counted = _counts(unit, period, now or timezone.now(), ("unit_id", "field_id"))
    total = _total(counted)
    return (
        s._full_body(unit, period, total, s._groups(unit, "unit", _by(counted, 0, "unit_id"))),
        s._full_body(unit, period, total, s._groups(unit, "field", _by(counted, 1, "field_id"))),
    )
