"""Generated history at scale (issue 10 item 2): `N` dossiers over a span of years, streamed day by day.

The demo year (generator.py) plans a whole year in memory and writes it at the end; at millions of
dossiers that does not fit and does not use the second core. Here the same machinery runs per day:

- **Plan** (main process, cheap): each year's count is split over the scenario's groups and units
  exactly as `generator.scaled` does, then over the unit's working days at random (seeded). Dossier ids
  follow from those counts, so every day knows its first id before it is generated.
- **Produce** (a pool of worker processes, or in process): a day's dossiers get their procedure, channel,
  outcome, supplement, rating and receipt instant from the scenario's shares with a generator seeded by
  (seed, day) — the result does not depend on the number of workers — and their whole life from
  `generator._build_events`: the deadline engine's due instants (every call is made, nothing is
  approximated), liên thông hand-overs, supplements with the ledger's pause and restart, opinions,
  apologies. Codes are numbered per unit and day in receipt order after the numbers already used. The
  worker formats the rows for the database (COPY text on PostgreSQL, tuples on SQLite) and, for each
  event, the canonical body of its audit hash without the previous hash.
- **Chain and write** (main process, in order): events are kept in buckets by day and, once no later day
  can add to a bucket, sorted by (instant, dossier, order) and linked: one SHA-256 per event, the only
  sequential work (decision 0009's single global chain is kept as it is). Rows go to the database as
  they come (COPY on PostgreSQL, batched INSERTs on SQLite), so memory holds only the days in flight.

The whole load is one transaction; a `HistoryLoad` row keyed by (count, years, seed) makes a second run
add nothing. Decision record 0029.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.dossiers.audit import HASHED_FIELDS, lock_chains
from motcua.dossiers.codes import code_prefix
from motcua.dossiers.models import (
    AuditChainHead,
    Dossier,
    DossierCodeSequence,
    DossierEvent,
    Opinion,
    ResultKind,
    Status,
    UnitHolding,
)
from motcua.stats import summary as stats_summary
from motcua.units.models import Unit
from motcua.workdays import engine
from motcua.workdays.calendars import unit_hours, unit_overrides

from . import generator as g
from .models import HistoryLoad

FIRST_YEAR = 2000
# Rows buffered per table before they are sent (one COPY or one executemany per flush).
FLUSH_ROWS = 20_000
# Events of a day can be written once no later day adds to it: an online submission precedes its receipt
# by at most 36 hours (generator._build_events), every other event follows the receipt.
SETTLE_DAYS = 3


class GenerationError(ValueError):
    """The request cannot be generated (the message is for the user, in Vietnamese)."""


@dataclass
class Outcome:
    dossiers: int = 0
    events: int = 0
    holdings: int = 0
    skipped: bool = False
    seconds: float = 0.0
    by_year: dict = field(default_factory=dict)


def parse_years(text: str, today: date | None = None) -> list[int]:
    """`2019`, `2019,2021` or `2016-2025` → the years, in order; a clear error otherwise."""
    today = today or timezone.localdate()
    years: set[int] = set()
    try:
        for part in (p.strip() for p in str(text).split(",")):
            if not part:
                continue
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if a > b:
                    raise GenerationError(f"Khoảng năm “{part}” ngược: năm đầu phải trước năm cuối.")
                years.update(range(a, b + 1))
            else:
                years.add(int(part))
    except ValueError as exc:
        if isinstance(exc, GenerationError):
            raise
        raise GenerationError(f"Danh sách năm “{text}” không hợp lệ: ví dụ 2019, 2019,2020 hoặc 2016-2025.") from exc
    if not years:
        raise GenerationError("Cần ít nhất một năm, ví dụ --years 2019.")
    bad = sorted(y for y in years if not FIRST_YEAR <= y < today.year)
    if bad:
        raise GenerationError(
            f"Năm {', '.join(map(str, bad))} ngoài phạm vi: chỉ sinh hồ sơ đã qua, từ {FIRST_YEAR} đến {today.year - 1}."
        )
    return sorted(years)


def load_key(count: int, years: list[int], seed: int) -> str:
    return f"generated:{count}:{years[0]}-{years[-1]}:{len(years)}:{seed}"


# -- the plan: counts per year, unit and day ----------------------------------------------------------
@dataclass
class _Group:
    key: str
    procedures: list  # Procedure
    cum_weights: list[float]
    p_online: float
    p_late: float


@dataclass
class _Setup:
    """Everything a worker needs, prepared before the pool forks (workers never touch the database)."""

    shares: dict
    groups: list[_Group]
    unit_group: dict[int, int]
    units: dict[int, Unit]
    ctx: g._Context
    actors: dict[int, int]
    sqlite: bool
    seed: int
    dossier_table: _Table | None = None
    holding_table: _Table | None = None
    opinion_table: _Table | None = None


_SETUP: _Setup | None = None


def _prepare(scenario: dict, years: list[int], seed: int) -> _Setup:
    g._units_by_code.clear()
    g._governments.clear()
    ctx = g._Context()
    shares = dict(scenario.get("shares", {}))
    ctx.requester = g._requester()
    if ctx.requester is None:
        shares["opinion"] = 0
    online_parts = g.split(int(scenario.get("online", 0)), [gr["received"] for gr in scenario["groups"]])
    groups, unit_group, units = [], {}, {}
    for i, (gr, online) in enumerate(zip(scenario["groups"], online_parts, strict=True)):
        try:
            found, procs = g.group_units_and_procedures(gr)
        except g.ScenarioError as exc:
            raise GenerationError(str(exc)) from exc
        plist = [procs[c] for c in gr["procedures"]]
        weights = [float(gr["procedures"][c]) for c in gr["procedures"]]
        cum, s = [], 0.0
        for w in weights:
            s += w
            cum.append(s)
        online_weight = sum(w for p, w in zip(plist, weights, strict=True) if p.current_version.online_level != "none")
        # The group's share of online dossiers, asked of the dossiers whose procedure is offered online.
        want = online / gr["received"] if gr["received"] else 0.0
        p_online = min(1.0, want / (online_weight / s)) if online_weight else 0.0
        # The late share is of the resolved (refusals included, as the published rate counts them); late
        # results go to approved dossiers received before 1 October (generator: the result stays in its
        # year), so their share among those is raised accordingly.
        withdrawn, refused = shares.get("withdrawn", 0), shares.get("refused", 0)
        late = (100 - float(gr["on_time_rate"])) / 100 * (1 - withdrawn)
        p_late = min(1.0, late / max(1e-9, 1 - withdrawn - refused) * 365 / 273)
        groups.append(_Group(gr["key"], plist, cum, p_online, p_late))
        for u in found.values():
            unit_group[u.id] = i
            units[u.id] = u
    # Warm every memo the workers will read: calendars over the span, rules, routes and opinion units.
    # Units with the same hours and day overrides get one calendar (calendar_for builds each unit its own,
    # 14 years of periods each: most of a small run's time); same inputs, same calendar.
    shared: dict[tuple, engine.WorkingCalendar] = {}
    everyone = {u.id: u for u in Unit.objects.all()}
    for u in everyone.values():
        key = (repr(unit_hours(u)), tuple(sorted(unit_overrides(u).items())))
        if key not in shared:
            shared[key] = ctx.calendar(u)
        ctx.calendars[u.id] = shared[key]
    span = (datetime(years[0], 1, 1), datetime(years[-1] + 1, 12, 31))
    for cal in shared.values():
        cal.working_seconds_between(*span)
    for gi, gr in enumerate(groups):
        for uid, gidx in unit_group.items():
            if gidx != gi:
                continue
            for p in gr.procedures:
                for channel in ("counter", "online", "post"):
                    ctx.rule(p, channel)
                plan = g.Plan(0, units[uid], p, span[0], "counter")
                for unit in ctx.route(plan):
                    ctx.calendar(unit)
                other = g._opinion_unit(plan, units[uid])
                if other is not None:
                    ctx.calendar(other)
    actors = g._desk_actors(set(units))
    return _Setup(shares, groups, unit_group, units, ctx, actors, connection.vendor == "sqlite", seed)


def _day_counts(count: int, years: list[int], scenario: dict, setup: _Setup) -> Iterator[tuple[date, list[tuple[int, int]]]]:
    """(day, [(unit id, dossiers received)]) in day order: each year's share of `count` split over the groups
    and units as the scenario's weights say (exactly), then over each unit's working days (at random)."""
    per_year = g.split(count, [1.0] * len(years))
    by_code = {u.code: u for u in setup.units.values()}
    for year, n in zip(years, per_year, strict=True):
        rng = random.Random(f"{setup.seed}:{year}:days")
        days: dict[date, list[tuple[int, int]]] = defaultdict(list)
        parts = g.split(n, [gr["received"] for gr in scenario["groups"]])
        for gr, k in zip(scenario["groups"], parts, strict=True):
            codes = list(gr["units"])
            for code, m in zip(codes, g.split(k, [float(gr["units"][c]) for c in codes]), strict=True):
                if not m:
                    continue
                unit = by_code[code]
                working = g._working_days(setup.ctx.calendar(unit), year)
                tally: dict[date, int] = defaultdict(int)
                for d in rng.choices(working, k=m):
                    tally[d] += 1
                for d, c in tally.items():
                    days[d].append((unit.id, c))
        for d in sorted(days):
            yield d, sorted(days[d])


# -- rows -------------------------------------------------------------------------------------------
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(v: str) -> str:
    """A value in PostgreSQL's COPY text format."""
    return v.translate(_ESCAPES) if ("\\" in v or "\t" in v or "\n" in v or "\r" in v) else v


class _Table:
    """One model's rows from {attname: value} dicts: COPY text lines on PostgreSQL, tuples on SQLite.
    Instants are the generator's naive local times; JSON is encoded once with Django's encoder."""

    def __init__(self, model, sqlite: bool, tz, *, with_id: bool) -> None:
        self.model = model
        self.sqlite = sqlite
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.names = [f.attname for f in self.fields]
        self.columns = [f.column for f in self.fields]
        utcoffset = tz.utcoffset
        encode = DjangoJSONEncoder(ensure_ascii=False).encode

        def instant(t):
            if t is None:
                return None if sqlite else "\\N"
            return str(t - utcoffset(t)) if sqlite else f"{t - utcoffset(t)}+00"

        def js(v):
            return encode(v) if sqlite else _text(encode(v))

        def plain(v):
            if sqlite:
                return v
            if v is None:
                return "\\N"
            if v is True or v is False:
                return "t" if v else "f"
            return _text(v) if isinstance(v, str) else str(v)

        self.convert = [
            instant if isinstance(f, models.DateTimeField) else js if isinstance(f, models.JSONField) else plain
            for f in self.fields
        ]
        self.defaults = [conv(f.get_default()) for f, conv in zip(self.fields, self.convert, strict=True)]
        # Only the given values are converted (a dossier row has some 25 of its 37 columns set).
        self.slots = {n: (i, conv) for i, (n, conv) in enumerate(zip(self.names, self.convert, strict=True))}

    def row(self, values: dict):
        out = self.defaults.copy()
        slots = self.slots
        for n, v in values.items():
            i, conv = slots[n]
            out[i] = conv(v)
        return tuple(out) if self.sqlite else "\t".join(out) + "\n"


# -- one day's dossiers (in a worker) ------------------------------------------------------------------
_STRING = g._string


def _produce(task: tuple) -> tuple:
    """A day's dossiers: (day, dossier rows, holding rows, opinion rows, {date: event records}, day counts,
    last codes)."""
    day, unit_counts, first_id, code_starts = task
    s = _SETUP
    assert s is not None
    ctx, shares = s.ctx, s.shares
    rng = random.Random(f"{s.seed}:{day.isoformat()}")
    plans: list[g.Plan] = []
    for unit_id, n in unit_counts:
        unit = s.units[unit_id]
        gr = s.groups[s.unit_group[unit_id]]
        cal = ctx.calendar(unit)
        for proc in rng.choices(gr.procedures, cum_weights=gr.cum_weights, k=n):
            p = g.Plan(0, unit, proc, g._random_instant(cal, day, rng), "counter")
            x = rng.random()
            if proc.current_version.online_level != "none" and x < gr.p_online:
                p.channel = "online"
            elif rng.random() < shares.get("post", 0):
                p.channel = "post"
            x = rng.random()
            if x < shares.get("withdrawn", 0):
                p.outcome = "withdrawn"
            elif x < shares.get("withdrawn", 0) + shares.get("refused", 0):
                p.outcome = "refused"
            elif p.received.month < 10 and rng.random() < gr.p_late:
                p.late = True
            if not p.late and p.outcome != "withdrawn" and rng.random() < shares.get("supplement", 0):
                p.supplement = True
            if p.outcome == "approved" and rng.random() < shares.get("rated", 0):
                y = rng.random()
                unhappy = shares.get("not_satisfied", 0)
                p.rating = "not_satisfied" if y < unhappy else "very_satisfied" if y < unhappy + shares.get("very_satisfied", 0) else "satisfied"
            plans.append(p)
    plans.sort(key=lambda p: (p.received, p.unit.code))
    last: dict[int, int] = {}
    stamp = f"{day:%y%m%d}"
    for i, p in enumerate(plans):
        p.id = first_id + i
        n = last.get(p.unit.id, code_starts.get(p.unit.id, 0)) + 1
        last[p.unit.id] = n
        p.code = f"{code_prefix(p.unit)}-{stamp}-{n:04d}"
        g._build_events(p, shares, rng, ctx)
    return (day, *_rows(plans, rng), last)


def _one_shot_encoder():
    """generator._HASH_JSON's encoding without building an encoder per call (what `JSONEncoder.encode`
    does on each call): the same C encoder, the same settings, so the same text."""
    import json.encoder as je

    e = g._HASH_JSON
    c_make = getattr(je, "c_make_encoder", None)
    if c_make is None or e.check_circular is not True:
        return e.encode
    make = c_make(None, e.default, je.encode_basestring, e.indent, e.key_separator, e.item_separator,
                  e.sort_keys, e.skipkeys, e.allow_nan)

    def encode(o):
        return "".join(make(o, 0))

    return encode


_canonical = _one_shot_encoder()
_META = frozenset({"from_unit", "to_unit", "role", "note", "from_status", "to_status"})
_FINALS = {"approved": Status.RETURNED, "refused": Status.REFUSED, "withdrawn": Status.WITHDRAWN}


def _day_count_row(values: dict, field_id: int | None, aware: Callable[[datetime], datetime]) -> dict:
    """The dossier row as the day counts read it (stats.summary.ROW_FIELDS), from the values written."""
    row: dict = {"procedure_version__field_id": field_id}
    for name in stats_summary.ROW_FIELDS:
        if name not in row:
            value = values.get(name)
            row[name] = aware(value) if isinstance(value, datetime) else value
    return row


def _rows(plans: list[g.Plan], rng: random.Random) -> tuple[list, list, list, dict, dict]:
    """A day's rows, and what they add to the statistics' day counts (decision 0054), counted here in the
    worker from the very values written (stats.summary.count_into), not read back from the database."""
    s = _SETUP
    assert s is not None and s.dossier_table and s.holding_table and s.opinion_table
    ctx, actors, sqlite = s.ctx, s.actors, s.sqlite
    tz = ctx.tz
    utcoffset = tz.utcoffset
    encode = _canonical
    string = _STRING
    dossiers, holdings, opinions = [], [], []
    events: dict[date, list] = defaultdict(list)
    day_counts: dict = {}
    now = timezone.localtime().replace(tzinfo=None)
    for p in plans:
        resolved = p.resolved is not None
        values = {
            "id": p.id, "code": p.code, "procedure_id": p.procedure.id, "procedure_version_id": p.procedure.current_version_id,
            "reception_unit_id": p.unit.id, "current_unit_id": p.unit.id, "channel": p.channel,
            "status": _FINALS[p.outcome], "version": len(p.events) + 1,
            "applicant_name": f"{rng.choice(g.FAMILY)} {rng.choice(g.MIDDLE)} {rng.choice(g.GIVEN)}",
            "applicant_id_number": f"022{rng.randrange(10**9):09d}",
            "submitted_at": p.events[0][0], "received_at": p.received, "due_at": p.due,
            "deadline_ledger": [{"kind": e.kind.value, "at": ctx.aware(e.at).isoformat()} for e in p.ledger],
            "resolved_at": p.resolved if resolved else None,
            "returned_at": p.returned if resolved else None,
            "result_kind": (ResultKind.REFUSED if p.outcome == "refused" else ResultKind.APPROVED) if resolved else "",
            "timeliness": engine.timeliness(p.resolved, p.due).value if resolved else "",
            "supplement_count": 1 if p.supplement else 0,
            "apology_note": "Hồ sơ cần xác minh thêm" if p.apology else "",
            "new_appointment_at": p.apology[1] if p.apology else None, "rating": p.rating, "rated_at": p.rated,
            "checklist": {}, "created_at": now,
        }
        dossiers.append(s.dossier_table.row(values))
        counted = _day_count_row(values, p.procedure.current_version.field_id, ctx.aware)
        if stats_summary.needs_events(counted):
            # In the order the database gives them to the day counts: (at, id), ids in the order written.
            order = sorted(range(len(p.events)), key=lambda i: (p.events[i][0], i))
            stats_summary.count_into(day_counts, counted, [
                (ctx.aware(p.events[i][0]), p.events[i][1], p.events[i][2]["to_status"]) for i in order
            ])
        else:
            stats_summary.count_into(day_counts, counted)
        for unit, start, end in p.holdings:
            if start == end and len(p.holdings) > 1:
                continue  # the desk taking the result back at the very instant it is issued
            holdings.append(s.holding_table.row({"dossier_id": p.id, "unit_id": unit.id, "started_at": start, "ended_at": end}))
        if p.opinion_row and ctx.requester is not None:
            other, asked, answered, due = p.opinion_row
            opinions.append(s.opinion_table.row({
                "dossier_id": p.id, "unit_id": other.id, "requested_by_id": ctx.requester, "requested_at": asked,
                "due_at": due, "answered_at": answered, "answer": "Thống nhất",
            }))
        # The audit events: as generator._chain writes them, but the body is cut where the previous hash
        # goes (the writer links them in order). The keys are audit.event_hash's, sorted.
        for seq, (at, action, f) in enumerate(p.events):
            from_unit, to_unit = f.get("from_unit"), f.get("to_unit")
            at_desk = from_unit is None or from_unit.id == p.unit.id
            role = f.get("role") or (Role.COUNTER_OFFICER if at_desk else Role.SPECIALIST)
            data = {k: v for k, v in f.items() if k not in _META}
            if action == "receive":
                data = {"due_at": ctx.iso(p.first_due), "code": p.code, "checklist": {}, "channel": p.channel, **data}
            data["generated"] = True
            actor_id = actors.get(p.unit.id) if role == Role.COUNTER_OFFICER else None
            from_status, to_status, note = f["from_status"], f["to_status"], f.get("note", "")
            from_unit_id = from_unit.id if from_unit else None
            to_unit_id = to_unit.id if to_unit else None
            utc = at - utcoffset(at)
            data_json = encode(data)
            pre = (
                f'{{"action":{string(action)},"actor_id":{g._num(actor_id)},"actor_role":{string(role)},'
                f'"at":"{utc.isoformat(timespec="microseconds")}+00:00","data":{data_json},"dossier_id":{p.id},'
                f'"from_status":{string(from_status)},"from_unit_id":{g._num(from_unit_id)},"note":{string(note)},'
                f'"prev_hash":"'
            )
            suf = (
                f'","to_status":{string(to_status)},"to_unit_id":{g._num(to_unit_id)},"to_user_id":null}}'
            )
            if sqlite:
                mid = (p.id, action, actor_id, role, from_status, to_status, from_unit_id, to_unit_id, None, note,
                       data_json, str(utc))
            else:
                mid = "\t".join((
                    str(p.id), action, g._num(actor_id).replace("null", "\\N"), role, from_status, to_status,
                    g._num(from_unit_id).replace("null", "\\N"), g._num(to_unit_id).replace("null", "\\N"), "\\N",
                    _text(note), _text(data_json), f"{utc}+00",
                ))
            events[at.date()].append((at, p.id, seq, p.unit.id, pre, suf, mid))
    return dossiers, holdings, opinions, dict(events), day_counts


# -- writing ------------------------------------------------------------------------------------------
class _Copier:
    """Sends the COPYs one after another from a thread of its own, on the same PostgreSQL connection (so in
    the same transaction), while this process goes on producing and linking: PostgreSQL's work on one batch
    overlaps Python's on the next instead of following it (psycopg releases the GIL while it waits). At
    most two batches wait; `drain` waits for all of them and raises the first error. Order is kept: a
    table's rows are sent after the rows they refer to were (decision 0029)."""

    def __init__(self, raw_connection) -> None:
        import queue
        import threading

        self.raw = raw_connection
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.abandoned = False
        self.thread = threading.Thread(target=self._run, name="generate-copy", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None and not self.abandoned:
                    sql, payload = item
                    with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
                        copy.write(payload)
            except BaseException as exc:  # kept, raised in the producing thread by submit/drain
                self.error = exc
            finally:
                self.queue.task_done()

    def submit(self, sql: str, payload: str) -> None:
        self._raise()
        self.queue.put((sql, payload))

    def drain(self) -> None:
        """Wait for every batch sent; raise the first error."""
        self.queue.join()
        self._raise()

    def close(self, *, abandon: bool = False) -> None:
        """Stop the thread once the batches queued are sent (`abandon`: skipped, the load failed)."""
        self.abandoned = self.abandoned or abandon
        self.queue.put(None)
        self.thread.join()

    def _raise(self) -> None:
        # The error stays: the batches queued after it are skipped (the transaction is lost anyway).
        if self.error is not None:
            raise self.error


class _Sink:
    """Rows of one table sent as they come: COPY on PostgreSQL, executemany on SQLite, every FLUSH_ROWS."""

    def __init__(
        self, table: str, columns: list[str], sqlite: bool, parent: _Sink | None = None, copier: _Copier | None = None
    ) -> None:
        qn = connection.ops.quote_name
        self.sqlite = sqlite
        self.copier = copier
        # The sink of the rows these rows refer to: flushed first, so that a foreign key checked at once
        # (a table too big for the bulk mode keeps its keys) finds its dossier.
        self.parent = parent
        cols = ", ".join(qn(c) for c in columns)
        if sqlite:
            self.sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        else:
            self.sql = f"COPY {qn(table)} ({cols}) FROM STDIN"
        self.rows: list = []
        self.count = 0

    def extend(self, rows: Iterable) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.parent is not None:
            self.parent.flush()
        if self.copier is not None:
            self.copier.submit(self.sql, "".join(self.rows))
        else:
            with connection.cursor() as cursor:
                if self.sqlite:
                    cursor.executemany(self.sql, self.rows)
                else:
                    with cursor.cursor.copy(self.sql) as copy:
                        copy.write("".join(self.rows))
        self.count += len(self.rows)
        self.rows = []


class _Chain:
    """The ordered writer of the audit events: links each to the previous hash of its reception unit's
    chain (one SHA-256 each; decision 0048). `prevs`: each chain's last hash, from its head."""

    def __init__(self, sink: _Sink, sqlite: bool, first_id: int, prevs: dict[int, str]) -> None:
        self.sink, self.sqlite, self.next_id, self.prevs = sink, sqlite, first_id, prevs
        self.last_ids: dict[int, int] = {}
        self.buckets: dict[date, list] = defaultdict(list)
        self.done: date | None = None

    def add(self, by_day: dict) -> None:
        for d, records in by_day.items():
            if self.done is not None and d <= self.done:
                raise RuntimeError(f"An event of {d} came after the chain was written up to {self.done}.")
            self.buckets[d].extend(records)

    def settle(self, before: date | None) -> None:
        """Link and write every bucket of a day before `before` (all of them when None)."""
        sha256 = hashlib.sha256
        prevs, last_ids = self.prevs, self.last_ids
        for d in sorted(k for k in self.buckets if before is None or k < before):
            records = self.buckets.pop(d)
            records.sort()  # (instant, dossier id, order): never equal, the strings are not compared
            eid, out = self.next_id, []
            if self.sqlite:
                for _at, _did, _seq, chain, pre, suf, mid in records:
                    prev = prevs[chain]
                    digest = sha256((pre + prev + suf).encode()).hexdigest()
                    out.append((eid, *mid, prev, digest, chain))
                    prevs[chain], last_ids[chain], eid = digest, eid, eid + 1
            else:
                for _at, _did, _seq, chain, pre, suf, mid in records:
                    prev = prevs[chain]
                    digest = sha256((pre + prev + suf).encode()).hexdigest()
                    out.append(f"{eid}\t{mid}\t{prev}\t{digest}\t{chain}\n")
                    prevs[chain], last_ids[chain], eid = digest, eid, eid + 1
            self.next_id, self.done = eid, d
            self.sink.extend(out)


def generate(
    count: int,
    years: list[int],
    seed: int = 1,
    *,
    workers: int | None = None,
    scenario: dict | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Generate `count` dossiers over `years` (see the module docstring); nothing if already generated."""
    if count < 1:
        raise GenerationError("Số hồ sơ (--count) phải là số nguyên dương.")
    if not years:
        raise GenerationError("Cần ít nhất một năm, ví dụ --years 2019.")
    key = load_key(count, years, seed)
    if HistoryLoad.objects.filter(key=key).exists():
        return Outcome(skipped=True)
    scenario = scenario or g.read_scenario()
    clock = time.monotonic()

    def say(message: str) -> None:
        if progress is not None:
            progress(f"[{time.monotonic() - clock:6.1f} s] {message}")

    global _SETUP
    with transaction.atomic():
        setup = _prepare(scenario, years, seed)
        sqlite = setup.sqlite
        tz = setup.ctx.tz
        setup.dossier_table = _Table(Dossier, sqlite, tz, with_id=True)
        setup.holding_table = _Table(UnitHolding, sqlite, tz, with_id=False)
        setup.opinion_table = _Table(Opinion, sqlite, tz, with_id=False)
        if tuple(sorted((*HASHED_FIELDS, "at", "prev_hash"))) != g._HASH_KEYS:
            raise RuntimeError("The audit trail's hashed fields changed: update bulk._rows with them.")
        if tuple(f.attname for f in DossierEvent._meta.concrete_fields) != g._EVENT_COLUMNS:
            raise RuntimeError("The audit event's columns changed: update bulk._rows with them.")
        plan = list(_day_counts(count, years, scenario, setup))
        first_id = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        first_event = (DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        # One chain per reception unit (decision 0048): every unit's head, locked in order until commit.
        lock_chains(setup.units)
        heads = {h.pk: h for h in AuditChainHead.objects.filter(pk__in=list(setup.units))}
        existing: dict[date, dict[int, int]] = defaultdict(dict)
        for unit_id, day, last in DossierCodeSequence.objects.filter(
            unit_id__in=list(setup.units), day__gte=date(years[0], 1, 1), day__lte=date(years[-1], 12, 31)
        ).values_list("unit_id", "day", "last"):
            existing[day][unit_id] = last
        tasks, next_id = [], first_id
        for day, unit_counts in plan:
            tasks.append((day, unit_counts, next_id, existing.get(day, {})))
            next_id += sum(n for _, n in unit_counts)
        event_fields = [f.column for f in DossierEvent._meta.concrete_fields]
        copier = None if sqlite else _Copier(connection.connection)
        parent = _Sink(Dossier._meta.db_table, setup.dossier_table.columns, sqlite, copier=copier)
        sinks = {
            "dossiers": parent,
            "holdings": _Sink(UnitHolding._meta.db_table, setup.holding_table.columns, sqlite, parent, copier),
            "opinions": _Sink(Opinion._meta.db_table, setup.opinion_table.columns, sqlite, parent, copier),
        }
        chain = _Chain(
            _Sink(DossierEvent._meta.db_table, event_fields, sqlite, parent, copier), sqlite, first_event,
            {k: h.last_hash for k, h in heads.items()},
        )
        codes: dict[tuple[int, date], int] = {}
        day_counts: dict = {}
        n_workers = _workers(workers, count)
        say(f"{count} hồ sơ trong {len(tasks)} ngày làm việc, {n_workers} tiến trình sinh.")
        _SETUP = setup
        outcome = Outcome()
        try:
            with _bulk_mode([Dossier, DossierEvent, UnitHolding, Opinion], count), _results(tasks, n_workers) as results:
                for k, (day, dossiers, holdings, opinions, events, counted, last) in enumerate(results):
                    stats_summary.merge_counts(day_counts, counted)
                    sinks["dossiers"].extend(dossiers)
                    sinks["holdings"].extend(holdings)
                    sinks["opinions"].extend(opinions)
                    chain.add(events)
                    chain.settle(day - timedelta(days=SETTLE_DAYS))
                    for unit_id, n in last.items():
                        codes[(unit_id, day)] = n
                    outcome.by_year[day.year] = outcome.by_year.get(day.year, 0) + len(dossiers)
                    if k % 50 == 49:
                        say(f"đến ngày {day:%d/%m/%Y}: {sinks['dossiers'].count + len(sinks['dossiers'].rows)} hồ sơ.")
                chain.settle(None)
                for sink in (*sinks.values(), chain.sink):
                    sink.flush()
                if copier is not None:
                    copier.drain()
                say("Đã ghi xong các dòng; dựng lại chỉ mục và khóa ngoại…")
        finally:
            _SETUP = None
            if copier is not None:
                # Nothing may be in flight on the connection when the transaction ends (commit or rollback).
                copier.close(abandon=sys.exc_info()[0] is not None)
        _save_codes(codes, existing)
        for unit_id, last_id in chain.last_ids.items():
            head = heads[unit_id]
            head.last_id, head.last_hash = last_id, chain.prevs[unit_id]
            head.save(update_fields=["last_id", "last_hash"])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierEvent]):
                cursor.execute(sql)
        say("Cộng vào số liệu thống kê theo ngày…")
        stats_summary.add_counts(day_counts)  # decision 0054: counted by the workers
        outcome.dossiers, outcome.events = sinks["dossiers"].count, chain.sink.count
        outcome.holdings = sinks["holdings"].count
        HistoryLoad.objects.create(
            kind=HistoryLoad.Kind.SCENARIO, key=key,
            name=f"Sinh {count} hồ sơ {years[0]}–{years[-1]} (seed {seed})"[:255],
            dossiers=outcome.dossiers, events=min(outcome.events, 2**31 - 1),
        )
    outcome.seconds = time.monotonic() - clock
    say(f"Xong: {outcome.dossiers} hồ sơ, {outcome.events} sự kiện.")
    return outcome


def _workers(asked: int | None, count: int) -> int:
    if asked is not None:
        return max(1, asked)
    # A pool pays for its start-up from some tens of thousands of dossiers on.
    return min(os.cpu_count() or 1, 4) if count >= 20_000 else 1


@contextmanager
def _results(tasks: list, workers: int):
    """The produced days in day order: from a forked pool (the setup is inherited, not pickled) or here."""
    if workers <= 1:
        yield map(_produce, tasks)
        return
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        yield pool.imap(_produce, tasks, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _save_codes(codes: dict[tuple[int, date], int], existing: dict[date, dict[int, int]]) -> None:
    creates, updates = [], []
    for (unit_id, day), n in codes.items():
        if unit_id in existing.get(day, {}):
            updates.append((n, unit_id, day))
        else:
            creates.append(DossierCodeSequence(unit_id=unit_id, day=day, last=n))
    DossierCodeSequence.objects.bulk_create(creates, batch_size=5000)
    if updates:
        table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET last = %s WHERE unit_id = %s AND day = %s", updates)


@contextmanager
def _bulk_mode(models_: list, adding: int):
    """The tables' plain indexes and foreign keys are dropped for the load and made again after it, inside
    the same transaction (one sort per index, one join per key, instead of a B-tree update and a lookup per
    row) — only where the table is small beside what is added (otherwise rebuilding costs more than it
    saves). Primary keys and unique constraints stay. SQLite: generator's own bulk mode."""
    if connection.vendor == "sqlite":
        with g._indexes_rebuilt_after(models_):
            yield
        return
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: rows written earlier in this transaction
        # (a test's, a caller's) leave trigger events pending, and PostgreSQL refuses ALTER TABLE until they
        # have run. Check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'", [tables]
        )
        small = [name for name, tuples in cursor.fetchall() if max(0.0, tuples) < adding]
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) AND NOT x.indisunique "
            "AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
            [small],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT c.conname, t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s)",
            [small],
        )
        keys = cursor.fetchall()
        qn = connection.ops.quote_name
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        for name, table, _definition in keys:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    # On failure the transaction's rollback brings the indexes and keys back.
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, table, definition in keys:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        for table in small:
            cursor.execute(f"ANALYZE {qn(table)}")
