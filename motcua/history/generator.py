"""A year of past dossiers generated from a scenario (issue 9 item 8; reused by issue 10's load generator).

A scenario (JSON, `scenarios/`) states only targets: how many dossiers each group of reception units
received, how many online, the on-time rate each group published, the shares of supplements, opinions,
refusals, withdrawals and ratings, and a seed. Everything else follows the rules of live dossiers:

- receipt instants fall in the working hours of the reception unit's calendar (`calendar_for`);
- codes are `{unit}-{yymmdd}-{nnnn}`, gap-free per unit and day (codes.py), and DossierCodeSequence
  rows end at the last number used;
- the due instant is the deadline engine's (`engine.evaluate` over the dossier's ledger, with its pause
  and restart/resume when a supplement was asked), and timeliness is the engine's verdict on the
  resolution instant the generator picks: most well before the due instant, exactly as many after it
  as the group's published rate implies;
- each action is a DossierEvent in the global hash chain (audit.py's hash, computed here in Python),
  with UnitHolding rows for each unit that held the dossier.

Rows are written with bulk inserts in one transaction: a run either loads the whole scenario or nothing,
and a HistoryLoad row keyed by the scenario's name and seed makes a second run add nothing.
"""
from __future__ import annotations

import gc
import hashlib
import json
import operator
import random
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure
from motcua.dossiers import deadlines
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
from motcua.units.selectors import governments_of
from motcua.workdays import engine
from motcua.workdays.calendars import calendar_for

from .models import HistoryLoad

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "campha-2018.json"
BATCH = 5000
MINUTE = 60
HOUR = 3600

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Thanh", "Hữu", "Thị Thu", "Xuân", "Hồng"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hằng", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]


class ScenarioError(ValueError):
    """The scenario cannot be generated (unknown unit or procedure, impossible target)."""


def read_scenario(path: str | Path | None = None) -> dict:
    p = Path(path) if path else DEFAULT_SCENARIO
    if not p.is_absolute() and not p.exists():
        p = SCENARIO_DIR / p
    return json.loads(p.read_text(encoding="utf-8"))


def scaled(count: int, year: int, seed: int, base: dict | None = None) -> dict:
    """A scenario of `count` dossiers in `year` shaped like `base` (default: Cẩm Phả 2018): the same units,
    procedures, shares and rates, the counts scaled; rates are aimed at, not exact (load generation)."""
    base = base or read_scenario()
    total = sum(g["received"] for g in base["groups"])
    parts = split(count, [g["received"] for g in base["groups"]])
    groups = [{**g, "received": n, "exact": False} for g, n in zip(base["groups"], parts, strict=True)]
    online = round(base.get("online", 0) * count / total)
    return {**base, "name": f"{base['name']}-x{count}-{year}", "year": year, "seed": seed, "groups": groups, "online": online}


def scenario_key(scenario: dict) -> str:
    return f"scenario:{scenario['name']}:{scenario.get('seed', 0)}"


def is_loaded(scenario: dict) -> bool:
    return HistoryLoad.objects.filter(key=scenario_key(scenario)).exists()


def late_count(resolved: int, target_rate: float, also: tuple[int, ...] = ()) -> int:
    """How many of `resolved` dossiers are late so that (resolved − late) / resolved, in percent rounded to
    two decimals, is the published rate — for every denominator in `resolved` and `also` (a statistics
    service may or may not count refusals during processing as resolved)."""
    target = Decimal(str(target_rate))

    def rate(n: int, late: int) -> Decimal:
        return (Decimal(100) * (n - late) / n).quantize(Decimal("0.01"), ROUND_HALF_UP)

    guess = int(round(resolved * (100 - float(target_rate)) / 100))
    near = sorted(range(max(0, guess - 50), guess + 51), key=lambda x: abs(x - guess))
    for denominators in ((resolved, *also), (resolved,)):
        for late in near:
            if all(n and rate(n, late) == target for n in denominators):
                return late
    raise ScenarioError(f"Không có số hồ sơ trễ hạn nào cho tỷ lệ {target_rate} % trên {resolved} hồ sơ.")


def split(total: int, weights: list[float]) -> list[int]:
    """`total` split by `weights` (largest remainder): the parts add up to `total` exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass
class Plan:
    """One dossier being generated: its facts and its events [(at, action, fields)] in order."""

    id: int
    unit: Unit
    procedure: Procedure
    received: datetime  # local, naive (the engine's time)
    channel: str
    outcome: str = "approved"  # approved | refused | withdrawn
    late: bool = False
    supplement: bool = False
    opinion: bool = False
    rating: str = ""
    rated: datetime | None = None  # the rating's instant
    code: str = ""
    events: list = field(default_factory=list)
    holdings: list = field(default_factory=list)
    due: datetime | None = None
    first_due: datetime | None = None
    resolved: datetime | None = None
    returned: datetime | None = None
    ledger: list = field(default_factory=list)
    apology: tuple | None = None
    opinion_row: tuple | None = None


@dataclass
class Result:
    dossiers: int = 0
    events: int = 0
    skipped: bool = False
    groups: dict = field(default_factory=dict)


class _Context:
    """Memoised lookups of one run: calendars per unit, rules per procedure version, actors per unit."""

    def __init__(self) -> None:
        self.calendars: dict[int, engine.WorkingCalendar] = {}
        self.rules: dict[tuple[int, str], tuple[engine.TimeUnit, Decimal]] = {}
        self.actors: dict[int, User | None] = {}
        self.tz = timezone.get_current_timezone()
        self.requester: int | None = None
        self.routes: dict[tuple[int, int], list[Unit]] = {}
        self.year_ends: dict[tuple[int, int], datetime] = {}
        self.encoder = DjangoJSONEncoder()

    def calendar(self, unit: Unit) -> engine.WorkingCalendar:
        if unit.id not in self.calendars:
            self.calendars[unit.id] = calendar_for(unit)
        return self.calendars[unit.id]

    def rule(self, procedure: Procedure, channel: str) -> tuple[engine.TimeUnit, Decimal]:
        key = (procedure.id, channel)
        if key not in self.rules:
            self.rules[key] = deadlines.rule(procedure.current_version, None, channel)
        return self.rules[key]

    def route(self, plan: Plan) -> list[Unit]:
        """The units after the desk (memoised per procedure and desk). Same-day procedures without an
        internal process are resolved at the desk (legal-notes §1.3 item 5)."""
        key = (plan.procedure.id, plan.unit.id)
        if key not in self.routes:
            version = plan.procedure.current_version
            same_day = version.time_unit == engine.TimeUnit.SAME_DAY and not version.steps.all()
            self.routes[key] = [] if same_day else _find_processing_units(plan)
        return self.routes[key]

    def year_end(self, unit: Unit, year: int) -> datetime:
        key = (unit.id, year)
        if key not in self.year_ends:
            self.year_ends[key] = _last_instant(self.calendar(unit), year)
        return self.year_ends[key]

    def aware(self, t: datetime) -> datetime:
        return t.replace(tzinfo=self.tz)

    def iso(self, t: datetime) -> str:
        return self.encoder.default(self.aware(t))


def generate(
    scenario: dict,
    *,
    progress: Callable[[str], None] | None = None,
    dry_run: bool = False,
) -> Result:
    """Load the scenario's year (see the module docstring); does nothing if it is already loaded."""
    clock = time.monotonic()

    def say(message: str) -> None:
        if progress is not None:
            progress(f"[{time.monotonic() - clock:5.1f} s] {message}")

    if is_loaded(scenario):
        return Result(skipped=True)
    # Millions of small objects and no cycles among them: the cyclic collector would rescan them all over
    # and over (time growing faster than the count); reference counting frees them all the same.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(scenario, say, dry_run)
    finally:
        if collecting:
            gc.enable()


def _generate(scenario: dict, say: Callable[[str], None], dry_run: bool) -> Result:
    # Units are memoised for one run only: ids differ between databases (and between tests on PostgreSQL,
    # whose sequences are not rolled back), so a unit remembered from an earlier run may not exist.
    _units_by_code.clear()
    _governments.clear()
    rng = random.Random(scenario.get("seed", 0))
    ctx = _Context()
    year = int(scenario["year"])
    shares = dict(scenario.get("shares", {}))
    ctx.requester = _requester()
    if ctx.requester is None:
        shares["opinion"] = 0  # nobody to have asked for them
    groups = scenario["groups"]
    online_parts = split(int(scenario.get("online", 0)), [g["received"] for g in groups])
    with transaction.atomic():
        head_next_id = (DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        next_dossier_id = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        plans: list[Plan] = []
        result = Result()
        for group, online in zip(groups, online_parts, strict=True):
            made = _plan_group(group, online, year, shares, rng, ctx, next_dossier_id + len(plans))
            plans.extend(made)
            result.groups[group["key"]] = len(made)
            say(f"{group['name']}: {len(made)} hồ sơ đã lập kế hoạch.")
        _assign_codes(plans, year)
        for plan in plans:
            _build_events(plan, shares, rng, ctx)
        _check_targets(plans, groups, year)
        say(f"{sum(len(p.events) for p in plans)} sự kiện đã lập theo lịch và hạn giải quyết.")
        say("Ghi hồ sơ, sự kiện và nhật ký…")
        result.dossiers, result.events = _write(plans, ctx, head_next_id, say)
        stats_summary.add(Dossier.objects.filter(pk__gte=next_dossier_id))  # decision 0054
        HistoryLoad.objects.create(
            kind=HistoryLoad.Kind.SCENARIO, key=scenario_key(scenario), name=scenario.get("title", scenario["name"]),
            dossiers=result.dossiers, events=result.events,
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _check_targets(plans: list[Plan], groups: list[dict], year: int) -> None:
    """The engine's verdicts give back each group's published rate (or the scenario is not loaded)."""
    by_unit = {code: g for g in groups for code in g["units"]}
    resolved: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for p in plans:
        if p.resolved is None or p.resolved.year != year:
            continue
        key = by_unit[p.unit.code]["key"]
        resolved[key] += 1
        on_time[key] += engine.timeliness(p.resolved, p.due) is not engine.Timeliness.LATE
    for g in groups:
        if not g.get("exact", True):
            continue
        n = resolved[g["key"]]
        rate = (Decimal(100) * on_time[g["key"]] / n).quantize(Decimal("0.01"), ROUND_HALF_UP) if n else None
        if rate != Decimal(str(g["on_time_rate"])):
            raise ScenarioError(f"{g['name']}: tỷ lệ đúng hạn sinh ra {rate} % khác mục tiêu {g['on_time_rate']} %.")


# -- planning -------------------------------------------------------------------------------------------
def _working_days(cal: engine.WorkingCalendar, year: int) -> list[date]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        if cal.periods_on(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def _random_instant(cal: engine.WorkingCalendar, day: date, rng: random.Random) -> datetime:
    periods = cal.periods_on(day)
    total = sum(b - a for a, b in periods)
    # Mornings are busier at a one-stop desk: skew towards the start of the day.
    offset = int(total * rng.random() ** 1.3)
    for a, b in periods:
        if offset < b - a:
            return datetime(day.year, day.month, day.day) + timedelta(seconds=a + offset)
        offset -= b - a
    a, b = periods[-1]
    return datetime(day.year, day.month, day.day) + timedelta(seconds=b - 60)


def group_units_and_procedures(group: dict) -> tuple[dict[str, Unit], dict[str, Procedure]]:
    """A scenario group's units and procedures by code (with what planning reads of them); ScenarioError
    naming whatever the group names that the database lacks."""
    units = {u.code: u for u in Unit.objects.filter(code__in=list(group["units"]))}
    unknown = sorted(set(group["units"]) - set(units))
    if unknown:
        raise ScenarioError(f"Kịch bản nêu đơn vị không có: {', '.join(unknown)}.")
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in=list(group["procedures"]))
        .select_related("current_version__implementing_unit")
        .prefetch_related("current_version__steps")
    }
    unknown = sorted(c for c in group["procedures"] if c not in procedures or procedures[c].current_version is None)
    if unknown:
        raise ScenarioError(f"Kịch bản nêu thủ tục không có: {', '.join(unknown)}.")
    return units, procedures


def _plan_group(
    group: dict, online: int, year: int, shares: dict, rng: random.Random, ctx: _Context, first_id: int
) -> list[Plan]:
    n = int(group["received"])
    units, procedures = group_units_and_procedures(group)
    unit_list = [units[c] for c in group["units"]]
    unit_counts = split(n, [float(w) for w in group["units"].values()])
    proc_codes = list(group["procedures"])
    proc_weights = [float(group["procedures"][c]) for c in proc_codes]

    plans: list[Plan] = []
    for unit, count in zip(unit_list, unit_counts, strict=True):
        cal = ctx.calendar(unit)
        days = _working_days(cal, year)
        for code, k in zip(proc_codes, split(count, proc_weights), strict=True):
            proc = procedures[code]
            for _ in range(k):
                day = days[rng.randrange(len(days))]
                plans.append(Plan(0, unit, proc, _random_instant(cal, day, rng), "counter"))
    rng.shuffle(plans)
    # Channels: exactly `online` online dossiers among procedures offered online; a few by post.
    can_online = [p for p in plans if p.procedure.current_version.online_level != "none"]
    if online > len(can_online):
        raise ScenarioError(f"{group['name']}: không đủ thủ tục trực tuyến cho {online} hồ sơ trực tuyến.")
    for p in can_online[:online]:
        p.channel = "online"
    rest = [p for p in plans if p.channel == "counter"]
    for p in rest[: int(len(plans) * shares.get("post", 0))]:
        p.channel = "post"
    # Outcomes: a few withdrawn or refused during processing; the rest resolved with a result.
    order = list(plans)
    rng.shuffle(order)
    n_withdrawn = int(n * shares.get("withdrawn", 0))
    n_refused = int(n * shares.get("refused", 0))
    for p in order[:n_withdrawn]:
        p.outcome = "withdrawn"
    for p in order[n_withdrawn : n_withdrawn + n_refused]:
        p.outcome = "refused"
    resolved = n - n_withdrawn
    if group.get("exact", True):
        late = late_count(resolved, group["on_time_rate"], also=(resolved - n_refused,))
    else:  # a generated load (issue 10): about the rate, no exact figure to give back
        late = round(resolved * (100 - float(group["on_time_rate"])) / 100)
    # Late ones: approved dossiers received early enough that their late result still falls in the year.
    candidates = [p for p in order[n_withdrawn + n_refused :] if p.received < datetime(year, 10, 1)]
    for p in candidates[:late]:
        p.late = True
    rest = candidates[late:]
    for p in rest[: int(n * shares.get("supplement", 0))]:
        p.supplement = True
    # Ratings (Decree 61/2018, art. 24–25): a share of the approved dossiers, exactly so many not satisfied.
    approved = [p for p in order if p.outcome == "approved"]
    rated = approved[: int(len(approved) * shares.get("rated", 0))]
    unhappy = int(len(rated) * shares.get("not_satisfied", 0))
    very = int(len(rated) * shares.get("very_satisfied", 0))
    for i, p in enumerate(rng.sample(rated, len(rated))):
        p.rating = "not_satisfied" if i < unhappy else "very_satisfied" if i < unhappy + very else "satisfied"
    for i, p in enumerate(sorted(plans, key=lambda p: (p.received, p.unit.code))):
        p.id = first_id + i
    return plans


def _assign_codes(plans: list[Plan], year: int) -> None:
    """Codes per reception unit and day in receipt order, after the numbers already used (codes.py)."""
    existing = {
        (s.unit_id, s.day): s
        for s in DossierCodeSequence.objects.filter(
            unit_id__in={p.unit.id for p in plans}, day__year=year
        )
    }
    last: dict[tuple[int, date], int] = {k: s.last for k, s in existing.items()}
    for p in sorted(plans, key=lambda p: (p.received, p.id)):
        key = (p.unit.id, p.received.date())
        last[key] = last.get(key, 0) + 1
        p.code = f"{code_prefix(p.unit)}-{p.received:%y%m%d}-{last[key]:04d}"
    updates, creates = [], []
    for (unit_id, day), n in last.items():
        row = existing.get((unit_id, day))
        if row is None:
            creates.append(DossierCodeSequence(unit_id=unit_id, day=day, last=n))
        elif row.last != n:
            row.last = n
            updates.append(row)
    DossierCodeSequence.objects.bulk_create(creates, batch_size=BATCH)
    if updates:
        table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET last = %s WHERE id = %s", [(r.last, r.pk) for r in updates])


# -- one dossier's life ---------------------------------------------------------------------------------
_governments: dict[int, Unit] = {}


def _find_processing_units(plan: Plan) -> list[Unit]:
    """The units after the desk that handle the dossier, in order (liên thông: each step's unit)."""
    version = plan.procedure.current_version
    refs = [s.unit_ref for s in sorted(version.steps.all(), key=lambda s: s.order)] or [
        version.implementing_unit.code if version.implementing_unit_id else "ward"
    ]
    out: list[Unit] = []
    for ref in refs:
        if ref in ("one_stop_desk", "admin_center") or ref == plan.unit.code:
            continue
        unit = _unit(ref) or _government(plan.unit)
        if not out or out[-1].pk != unit.id:
            out.append(unit)
    return out


_units_by_code: dict[str, Unit | None] = {}


def _unit(code: str) -> Unit | None:
    if code not in _units_by_code:
        _units_by_code[code] = Unit.objects.filter(code=code).first()
    return _units_by_code[code]


def _government(unit: Unit) -> Unit:
    if unit.id not in _governments:
        _governments.update(governments_of([unit]))
    return _governments[unit.id]


def _build_events(plan: Plan, shares: dict, rng: random.Random, ctx: _Context) -> None:
    cal = ctx.calendar(plan.unit)
    time_unit, amount = ctx.rule(plan.procedure, plan.channel)
    r = plan.received
    desk, hold = plan.unit, plan.unit
    # Same-day procedures without an internal process are resolved at the desk (legal-notes §1.3 item 5).
    processing = ctx.route(plan)
    ev = plan.events
    ledger = [engine.LedgerEvent(engine.EventKind.START, r)]
    due = cal.due(r, amount, time_unit)
    first_due = due
    budget = cal.working_seconds_between(r, due) if due else 0
    status = Status.RECEIVED
    if plan.channel == "online":
        submitted = r - timedelta(minutes=rng.randint(20, 60 * 36))
        ev.append((submitted, "submit", dict(from_status="", to_status=Status.SUBMITTED, to_unit=desk, role=Role.CITIZEN)))
        ev.append((r, "receive", dict(from_status=Status.SUBMITTED, to_status=status, from_unit=desk, to_unit=desk)))
    else:
        ev.append((r, "receive", dict(from_status="", to_status=status, to_unit=desk)))
    t = r
    holding_start = r

    def move(at: datetime, action: str, to: Unit, to_status: str, **extra) -> None:
        nonlocal hold, status, holding_start
        ev.append((at, action, dict(from_status=status, to_status=to_status, from_unit=hold, to_unit=to, **extra)))
        if to.id != hold.id:
            plan.holdings.append((hold, holding_start, at))
            hold, holding_start = to, at
        status = to_status

    # Hand-over to the processing units (Decree 61/2018, art. 16): within the working day.
    for unit in processing:
        t = cal.add(t, rng.randint(10 * MINUTE, 2 * HOUR) if budget > 4 * HOUR else rng.randint(MINUTE, 20 * MINUTE))
        move(t, "transfer", unit, Status.IN_PROGRESS)
    if plan.supplement and budget > 8 * HOUR:
        # Decree 61/2018, art. 19(4): asked within 3 working days; the clock restarts (or resumes) after.
        asked = cal.add(t, rng.randint(HOUR, min(3 * 8 * HOUR, budget // 3)))
        back = cal.add(asked, rng.randint(2 * HOUR, 5 * 8 * HOUR))
        ev.append((asked, "request_supplement", dict(from_status=status, to_status=Status.AWAITING_SUPPLEMENT,
                                                     from_unit=hold, to_unit=hold, missing=["Giấy tờ bổ sung"])))
        kind = engine.EventKind.RESTART if plan.procedure.current_version.pause_policy == "restart" else engine.EventKind.RESUME
        ledger += [engine.LedgerEvent(engine.EventKind.PAUSE, asked), engine.LedgerEvent(kind, back)]
        due = engine.evaluate(cal, time_unit, amount, ledger).due
        paused = cal.working_seconds_between(asked, back)
        ev.append((back, "supplement", dict(from_status=Status.AWAITING_SUPPLEMENT, to_status=status, from_unit=hold,
                                            to_unit=hold, paused_working_seconds=paused, due_at=ctx.iso(due),
                                            resume_status=status)))
        t = back
    else:
        plan.supplement = False
    # The resolution instant: the engine's due instant decides what it is (domain.md §3).
    if plan.outcome == "withdrawn":
        end = cal.add(t, rng.randint(HOUR, max(HOUR + 1, cal.working_seconds_between(t, due) // 2 or HOUR)))
        move(end, "withdraw", desk, Status.WITHDRAWN)
        plan.holdings.append((hold, holding_start, end))
        plan.resolved, plan.due, plan.first_due, plan.ledger = None, due, first_due, ledger
        return
    left = max(MINUTE, cal.working_seconds_between(t, due))
    if plan.late:
        resolved = cal.add(due, rng.randint(30 * MINUTE, 4 * 8 * HOUR))
        if processing and rng.random() < shares.get("apology_of_late", 0):
            # Decree 61/2018, art. 19(9): Mẫu 04 no later than one working day before the due instant.
            asked_at = cal.add(t, max(MINUTE, left - 8 * HOUR - rng.randint(0, 4 * HOUR)))
            if asked_at < due:
                new = cal.add(due, 5 * 8 * HOUR)
                ev.append((asked_at, "apologize", dict(from_status=status, to_status=status, from_unit=hold, to_unit=hold,
                                                       new_appointment_at=ctx.iso(new), due_at=ctx.iso(due),
                                                       note="Hồ sơ cần xác minh thêm")))
                plan.apology = (asked_at, new)
    else:
        # Most results are ready well before the due instant (Decree 61/2018, art. 20(4)).
        resolved = cal.add(t, max(MINUTE, int(left * (0.05 + 0.9 * rng.random() ** 2))))
        year_end = ctx.year_end(plan.unit, r.year)
        if resolved > year_end:
            resolved = max(t + timedelta(minutes=1), year_end - timedelta(minutes=rng.randint(1, 30)))
    # Opinions only where they fit whole before the result (and not beside an apology of a late dossier).
    if (
        processing and len(processing) == 1 and not plan.late and plan.outcome == "approved"
        and cal.working_seconds_between(t, resolved) >= 2 * HOUR and rng.random() < shares.get("opinion", 0)
    ):
        plan.opinion = True
    if plan.opinion:
        # An opinion of a coordinating unit (domain.md §5), answered within its own two working days.
        other = _opinion_unit(plan, hold)
        if other is not None:
            span = cal.working_seconds_between(t, resolved)
            asked, answered = cal.add(t, span // 4), cal.add(t, span // 2)
            ev.append((asked, "consult", dict(from_status=status, to_status=Status.CONSULTING, from_unit=hold,
                                              to_unit=hold, units=[other.code], due_days=2)))
            ev.append((answered, "give_opinion", dict(from_status=Status.CONSULTING, to_status=status, from_unit=hold,
                                                      to_unit=hold, unit=other.code, late=False, note="Thống nhất")))
            plan.opinion_row = (other, asked, answered, ctx.calendar(other).due(asked, 2, engine.TimeUnit.WORKING_DAYS))
        else:
            plan.opinion = False
    if plan.outcome == "refused":
        # Refusal with reasons within the time limit (Decree 61/2018, art. 16): back to the desk.
        move(resolved, "refuse", desk, Status.REFUSED, note="Không đủ điều kiện theo quy định",
             timeliness=engine.timeliness(resolved, due).value, due_at=ctx.iso(due))
        plan.holdings.append((hold, holding_start, resolved))
    else:
        if hold.id != desk.id:
            move(max(t, resolved - timedelta(minutes=rng.randint(1, 20))), "transfer", desk, Status.IN_PROGRESS)
        kind = engine.timeliness(resolved, due).value
        ev.append((resolved, "resolve", dict(from_status=status, to_status=Status.RESOLVED, from_unit=desk, to_unit=desk,
                                             timeliness=kind, due_at=ctx.iso(due))))
        status = Status.RESOLVED
        plan.holdings.append((hold, holding_start, resolved))
    # The desk hands the result over (or sends it) in its working hours, within three working days.
    returned = cal.add(resolved, rng.randint(5 * MINUTE, 3 * 8 * HOUR))
    to_status = Status.REFUSED if plan.outcome == "refused" else Status.RETURNED
    method = "online" if plan.channel == "online" else ("post" if plan.channel == "post" else "counter")
    ev.append((returned, "return_result", dict(from_status=to_status if plan.outcome == "refused" else Status.RESOLVED,
                                               to_status=to_status, from_unit=desk, to_unit=desk, method=method)))
    if plan.rating:
        plan.rated = returned + timedelta(minutes=rng.randint(1, 30))
        ev.append((plan.rated, "rate",
                   dict(from_status=Status.RETURNED, to_status=Status.RETURNED, from_unit=desk, to_unit=desk,
                        level=plan.rating, role=Role.CITIZEN if plan.channel == "online" else Role.COUNTER_OFFICER)))
    plan.resolved, plan.returned, plan.due, plan.first_due, plan.ledger = resolved, returned, due, first_due, ledger


def _opinion_unit(plan: Plan, holder: Unit) -> Unit | None:
    for code in ("CP-TNMT", "CP-TP", "CP-TCKH"):
        u = _unit(code)
        if u is not None and u.id != holder.id:
            return u
    return None


def _last_instant(cal: engine.WorkingCalendar, year: int) -> datetime:
    d = date(year, 12, 31)
    while not cal.periods_on(d):
        d -= timedelta(days=1)
    return cal.end_of_working_day(d)


# -- writing --------------------------------------------------------------------------------------------
class _Rows:
    """Plain INSERTs of many rows of one model. Each row is a {attname: value} dict whose instants are the
    generator's naive local times (the server's zone), converted to the database's values here — once per
    value, with a C-level getter building the tuple (a model instance per row costs more than the row)."""

    def __init__(self, model, tz, *, with_id: bool = False) -> None:
        # Dossiers and events get their ids here (the chain is in id order); other rows take the next ones.
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.table = model._meta.db_table
        self.rows: list[tuple] = []
        self.instant = _db_instant(tz)
        encode = DjangoJSONEncoder().encode  # one encoder for every row (json.dumps builds one per call)
        sqlite = connection.vendor == "sqlite"

        def js(v):
            return encode(v) if sqlite else connection.ops.adapt_json_value(v, DjangoJSONEncoder)

        self.converted = [
            (f.attname, self.instant if isinstance(f, models.DateTimeField) else js)
            for f in self.fields
            if isinstance(f, models.DateTimeField | models.JSONField)
        ]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        for name, convert in self.converted:
            self.defaults[name] = convert(self.defaults[name])
        self.names = [f.attname for f in self.fields]
        self.row_of = operator.itemgetter(*self.names)

    def add(self, values: dict) -> None:
        for name, convert in self.converted:
            if name in values:
                values[name] = convert(values[name])
        self.rows.append(self.row_of({**self.defaults, **values}))

    def write(self) -> int:
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        sql = f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        with connection.cursor() as cursor:
            for i in range(0, len(self.rows), BATCH):
                cursor.executemany(sql, self.rows[i : i + BATCH])
        return len(self.rows)


def _db_instant(tz) -> Callable[[datetime | None], object]:
    """A naive local instant as the database stores it: on SQLite the text of its naive UTC time, as
    Django's adapter writes it (`str`); elsewhere the aware instant."""
    utcoffset = tz.utcoffset
    if connection.vendor == "sqlite":
        return lambda t: None if t is None else str(t - utcoffset(t))
    return lambda t: None if t is None else t.replace(tzinfo=tz)


def _write(plans: list[Plan], ctx: _Context, first_event_id: int, say: Callable[[str], None]) -> tuple[int, int]:
    actors = _desk_actors({p.unit.id for p in plans})
    rng_names = random.Random(len(plans))
    dossiers, holdings, opinions = _Rows(Dossier, ctx.tz, with_id=True), _Rows(UnitHolding, ctx.tz), _Rows(Opinion, ctx.tz)
    all_events = []
    now = timezone.localtime().replace(tzinfo=None)
    aware = ctx.aware  # the ledger keeps local ISO instants with their offset
    finals = {"approved": Status.RETURNED, "refused": Status.REFUSED, "withdrawn": Status.WITHDRAWN}
    for p in plans:
        for seq, (at, action, f) in enumerate(p.events):
            all_events.append((at, p.id, seq, action, f, p))
        resolved = p.resolved is not None
        dossiers.add({
            "id": p.id, "code": p.code, "procedure_id": p.procedure.id, "procedure_version_id": p.procedure.current_version_id,
            "reception_unit_id": p.unit.id, "current_unit_id": p.unit.id, "channel": p.channel,
            "status": finals[p.outcome], "version": len(p.events) + 1,
            "applicant_name": f"{rng_names.choice(FAMILY)} {rng_names.choice(MIDDLE)} {rng_names.choice(GIVEN)}",
            "applicant_id_number": f"022{rng_names.randrange(10**9):09d}",
            "submitted_at": p.events[0][0], "received_at": p.received, "due_at": p.due,
            "deadline_ledger": [{"kind": e.kind.value, "at": aware(e.at).isoformat()} for e in p.ledger],
            "resolved_at": p.resolved if resolved else None,
            "returned_at": p.returned if resolved else None,
            "result_kind": (ResultKind.REFUSED if p.outcome == "refused" else ResultKind.APPROVED) if resolved else "",
            "timeliness": engine.timeliness(p.resolved, p.due).value if resolved else "",
            "supplement_count": 1 if p.supplement else 0,
            "apology_note": "Hồ sơ cần xác minh thêm" if p.apology else "",
            "new_appointment_at": p.apology[1] if p.apology else None, "rating": p.rating, "rated_at": p.rated,
            "checklist": {}, "created_at": now,
        })
        for unit, start, end in p.holdings:
            if start == end and len(p.holdings) > 1:
                continue  # the desk taking the result back at the very instant it is issued
            holdings.add({"dossier_id": p.id, "unit_id": unit.id, "started_at": start, "ended_at": end})
        if p.opinion_row and ctx.requester is not None:
            other, asked, answered, due = p.opinion_row
            opinions.add({
                "dossier_id": p.id, "unit_id": other.id, "requested_by_id": ctx.requester, "requested_at": asked,
                "due_at": due, "answered_at": answered, "answer": "Thống nhất",
            })
    say("Hồ sơ đã lập dòng ghi.")
    events = _chain(all_events, actors, ctx, first_event_id)
    say("Chuỗi băm của nhật ký đã tính.")
    with _indexes_rebuilt_after([Dossier, DossierEvent, UnitHolding]):
        dossiers.write()
        holdings.write()
        opinions.write()
        say(f"Đã ghi {len(dossiers.rows)} hồ sơ, {len(holdings.rows)} lượt giữ hồ sơ.")
        events.write()
        say(f"Đã ghi {len(events.rows)} sự kiện; dựng lại chỉ mục…")
    say("Đã dựng lại chỉ mục.")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierEvent]):
            cursor.execute(sql)
    return len(dossiers.rows), len(events.rows)


# The bulk insert's page cache on SQLite: the unique indexes (dossier code, event hash) take random inserts,
# and with the default 2 MB cache most of them read and write pages again and again.
BULK_CACHE_KIB = 256 * 1024


@contextmanager
def _indexes_rebuilt_after(models_: list):
    """SQLite: drop the tables' plain (non-unique) indexes for the bulk insert and build them again after,
    inside the same transaction — one sort per index instead of a B-tree update per row. Other databases
    keep their indexes."""
    if connection.vendor != "sqlite":
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        # The JSON columns' CHECK (JSON_VALID) parses every value again; the rows carry JSON this module has
        # just serialised itself, so the check is skipped for the bulk insert only.
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%' "
            f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
            tables,
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
    finally:
        # On failure the transaction's rollback brings the dropped indexes back; the connection's settings
        # are restored either way (the connection lives on).
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def _desk_actors(unit_ids: set[int]) -> dict[int, int]:
    """A counter officer of each desk, when the demo has one (events of other desks have no named actor)."""
    out: dict[int, int] = {}
    for user_id, unit_id in User.objects.filter(role=Role.COUNTER_OFFICER, unit_id__in=unit_ids).values_list("id", "unit_id"):
        out.setdefault(unit_id, user_id)
    return out


def _requester() -> int | None:
    """Who asked the generated opinions: an officer of the city, when there is one."""
    return (
        User.objects.filter(role__in=[Role.SPECIALIST, Role.DEPARTMENT_HEAD]).order_by("id").values_list("id", flat=True).first()
    )


_HASH_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_string = json.encoder.encode_basestring  # a JSON string literal, as the canonical encoder writes it
# The keys `_hash` writes, in their sorted order: the audit trail's hashed fields, the instant and the link.
_HASH_KEYS = (
    "action", "actor_id", "actor_role", "at", "data", "dossier_id", "from_status", "from_unit_id", "note",
    "prev_hash", "to_status", "to_unit_id", "to_user_id",
)


def _num(v: int | None) -> str:
    return "null" if v is None else str(v)


# The columns of an event row as `_chain` writes them (checked against the model at each run).
_EVENT_COLUMNS = (
    "id", "dossier_id", "action", "actor_id", "actor_role", "from_status", "to_status", "from_unit_id",
    "to_unit_id", "to_user_id", "note", "data", "at", "prev_hash", "hash", "chain",
)


def _chain(all_events: list, actors: dict[int, int], ctx: _Context, first_id: int) -> _Rows:
    """The events in time order, each linked to the one before in its reception unit's chain (audit.py's
    hash, computed here; decision 0048)."""
    if tuple(sorted((*HASHED_FIELDS, "at", "prev_hash"))) != _HASH_KEYS:
        raise RuntimeError("The audit trail's hashed fields changed: update generator._hash with them.")
    chains = sorted({plan.unit.id for *_rest, plan in all_events})
    lock_chains(chains)
    heads = {h.pk: h for h in AuditChainHead.objects.filter(pk__in=chains)}
    prevs = {k: h.last_hash for k, h in heads.items()}
    last_ids: dict[int, int] = {}
    all_events.sort()  # by instant, dossier and order within the dossier (the three never tie)
    out = _Rows(DossierEvent, ctx.tz, with_id=True)
    if tuple(out.names) != _EVENT_COLUMNS:
        raise RuntimeError("The audit event's columns changed: update generator._chain with them.")
    sqlite = connection.vendor == "sqlite"
    meta = {"from_unit", "to_unit", "role", "note", "from_status", "to_status"}
    utcoffset, tz, string, sha256 = ctx.tz.utcoffset, ctx.tz, _string, hashlib.sha256
    encode = _HASH_JSON.encode
    rows = out.rows
    event_id = first_id
    for at, dossier_id, _seq, action, f, plan in all_events:
        chain = plan.unit.id
        prev = prevs[chain]
        from_unit, to_unit = f.get("from_unit"), f.get("to_unit")
        at_desk = from_unit is None or from_unit.id == plan.unit.id
        role = f.get("role") or (Role.COUNTER_OFFICER if at_desk else Role.SPECIALIST)
        data = {k: v for k, v in f.items() if k not in meta}
        if action == "receive":
            # As services._intake records it (statistics replay the channel and due instant from here).
            data = {"due_at": ctx.iso(plan.first_due), "code": plan.code, "checklist": {}, "channel": plan.channel, **data}
        data["generated"] = True
        actor_id = actors.get(plan.unit.id) if role == Role.COUNTER_OFFICER else None
        from_status, to_status, note = f["from_status"], f["to_status"], f.get("note", "")
        from_unit_id = from_unit.id if from_unit else None
        to_unit_id = to_unit.id if to_unit else None
        utc = at - utcoffset(at)  # naive UTC: the chain hashes the UTC instant (audit.event_hash)
        data_json = encode(data)
        # audit.event_hash's canonical body (sorted keys, compact, not ASCII-escaped), written in its fixed
        # key order with `data` already canonical: no JSON encoder per event. verify_chain recomputes it
        # with the shared encoder (the demo-year test walks the chain).
        canonical = (
            f'{{"action":{string(action)},"actor_id":{_num(actor_id)},"actor_role":{string(role)},'
            f'"at":"{utc.isoformat(timespec="microseconds")}+00:00","data":{data_json},"dossier_id":{dossier_id},'
            f'"from_status":{string(from_status)},"from_unit_id":{_num(from_unit_id)},"note":{string(note)},'
            f'"prev_hash":"{prev}","to_status":{string(to_status)},"to_unit_id":{_num(to_unit_id)},"to_user_id":null}}'
        )
        digest = sha256(canonical.encode()).hexdigest()
        rows.append((
            event_id, dossier_id, action, actor_id, role, from_status, to_status, from_unit_id, to_unit_id, None,
            note, data_json if sqlite else connection.ops.adapt_json_value(data, DjangoJSONEncoder),
            str(utc) if sqlite else at.replace(tzinfo=tz), prev, digest, chain,
        ))
        prevs[chain], last_ids[chain] = digest, event_id
        event_id += 1
    for chain, last_id in last_ids.items():
        head = heads[chain]
        head.last_id, head.last_hash = last_id, prevs[chain]
        head.save(update_fields=["last_id", "last_hash"])
    return out
