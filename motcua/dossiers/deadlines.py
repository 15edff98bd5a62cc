"""The one seam between dossiers and the working calendar / deadline engine (motcua.workdays).

Every deadline computation of the dossiers app goes through these functions. Calendars come from
`motcua.workdays.calendars.calendar_for(unit)`: the years in the database (as the admins corrected and
confirmed them), the unit's day overrides (inherited down the tree) and its seasonal working hours.
The dossier's clock is its ledger (`Dossier.deadline_ledger`: start, pause, resume/restart), replayed by
the pure engine; when a calendar or working hours change, `recompute_open_dossiers` (registered with
`workdays.services.register_recompute_listener`) replays every open dossier and its open unit holdings
in the same transaction as the change. Resolved dossiers keep their figures.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.units.models import Unit
from motcua.workdays import engine
from motcua.workdays.calendars import calendar_for
from motcua.workdays.explain import explain, explain_ledger

from .models import Channel, Dossier, Status, UnitHolding

# States in which a dossier's clock is open (domain.md §4): its due instant follows calendar changes.
OPEN_STATES = (Status.RECEIVED, Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_SUPPLEMENT)


def to_local(t: datetime) -> datetime:
    return timezone.localtime(t).replace(tzinfo=None, microsecond=0)


def from_local(t: datetime | None) -> datetime | None:
    return timezone.make_aware(t) if t is not None else None


def rule(version: ProcedureVersion, variant=None, channel: str = Channel.COUNTER) -> tuple[engine.TimeUnit, Decimal]:
    """The time rule of a dossier: the variant's if it has one; the shorter online time when online."""
    time_unit, amount = version.time_unit, version.processing_amount
    if variant is not None and variant.time_unit:
        time_unit, amount = variant.time_unit, variant.processing_amount or Decimal(0)
    elif channel == Channel.ONLINE and version.online_processing_amount is not None:
        amount = version.online_processing_amount
    return engine.TimeUnit(time_unit), Decimal(amount)


def preview_due(unit: Unit, procedure_version: ProcedureVersion, at: datetime, channel: str, variant=None):
    """(due_at, explanation in Vietnamese, [(date, reason)] skipped) for a dossier received at `at`."""
    time_unit, amount = rule(procedure_version, variant, channel)
    ex = explain(calendar_for(unit), to_local(at), amount, time_unit)
    return from_local(ex.due), ex.text, ex.skipped


def _events(dossier: Dossier) -> list[engine.LedgerEvent]:
    return [
        engine.LedgerEvent(engine.EventKind(e["kind"]), to_local(datetime.fromisoformat(e["at"])))
        for e in dossier.deadline_ledger
    ]


def _state(
    dossier: Dossier, at: datetime | None = None, calendar: engine.WorkingCalendar | None = None
) -> engine.DeadlineState:
    time_unit, amount = rule(dossier.procedure_version, dossier.variant, dossier.channel)
    return engine.evaluate(
        calendar or calendar_for(dossier.reception_unit), time_unit, amount, _events(dossier),
        to_local(at) if at else None,
    )


def _append(dossier: Dossier, kind: str, at: datetime) -> None:
    dossier.deadline_ledger = [*dossier.deadline_ledger, {"kind": kind, "at": at.isoformat()}]


def start(dossier: Dossier) -> datetime | None:
    """Start the overall clock at acceptance (legal-notes §1.9); sets and returns `due_at`."""
    dossier.deadline_ledger = []
    _append(dossier, "start", dossier.received_at)
    dossier.due_at = from_local(_state(dossier).due)
    return dossier.due_at


def pause(dossier: Dossier, at: datetime) -> None:
    """Stop the clock while the applicant supplements (domain.md §3). `due_at` keeps its last value."""
    _append(dossier, "pause", at)


def supplement_rule(dossier: Dossier) -> str:
    """What a supplement during processing does to the clock once the complete dossier is back: "restart"
    (Decree 61/2018, art. 19(4): the time limit is counted again from the start — the default) or
    "continue" (the procedure's own sector rule: the clock paused and continues with what was left)."""
    policy = dossier.procedure_version.pause_policy
    return "continue" if policy == "continue" else "restart"


def resume(dossier: Dossier, at: datetime) -> int:
    """The complete dossier is back: restart the time limit from zero (Decree 61/2018, art. 19(4)) or, where
    the procedure's rule says pause, continue with the remaining budget. The ledger entry names the rule
    that applied. Returns the paused working seconds (shown in the history)."""
    last_pause = next(
        (datetime.fromisoformat(e["at"]) for e in reversed(dossier.deadline_ledger) if e["kind"] == "pause"), at
    )
    rule_name = supplement_rule(dossier)
    _append(dossier, "restart" if rule_name == "restart" else "resume", at)
    dossier.deadline_ledger[-1]["rule"] = rule_name
    dossier.due_at = from_local(_state(dossier).due)
    return max(0, calendar_for(dossier.reception_unit).working_seconds_between(to_local(last_pause), to_local(at)))


# Decree 61/2018, art. 19(4): the processing unit asks for a supplement, through the one-stop desk and in
# writing (Mẫu 02), within 3 working days of receiving the dossier.
SUPPLEMENT_REQUEST_WORKING_DAYS = 3


def supplement_request_due(dossier: Dossier, holding: UnitHolding | None = None) -> datetime | None:
    """The instant by which the unit holding the dossier should ask for a supplement: 3 working days on its
    calendar from when it received the dossier (its open holding; the receipt if none). None before
    receipt, once the dossier has left processing, or once the one supplement allowed was asked for."""
    if dossier.received_at is None or dossier.status not in (Status.RECEIVED, Status.IN_PROGRESS, Status.CONSULTING):
        return None
    if dossier.supplement_count:
        return None
    if holding is None:
        holding = (
            dossier.holdings.filter(ended_at__isnull=True, unit_id=dossier.current_unit_id)
            .select_related("unit").order_by("-id").first()
        )
    unit, since = (holding.unit, holding.started_at) if holding else (dossier.reception_unit, dossier.received_at)
    return working_days_after(unit, since, SUPPLEMENT_REQUEST_WORKING_DAYS)


def explain_clock(dossier: Dossier) -> list[str]:
    """The dossier's clock in Vietnamese sentences, from its ledger: the start, every pause, and whether the
    time limit restarted (art. 19(4)) or continued (the procedure's own rule) after a supplement."""
    if not dossier.deadline_ledger:
        return []
    time_unit, amount = rule(dossier.procedure_version, dossier.variant, dossier.channel)
    return explain_ledger(
        calendar_for(dossier.reception_unit), time_unit, amount, _events(dossier),
        to_local(dossier.due_at) if dossier.due_at else None,
    )


def close(dossier: Dossier, at: datetime) -> str:
    """The timeliness of a dossier resolved at `at` against its (legal) due instant (domain.md §3)."""
    if dossier.due_at is None:
        return engine.Timeliness.ON_TIME.value
    return engine.timeliness(to_local(at), to_local(dossier.due_at)).value


def steps_of(dossier: Dossier) -> list[ProcessStep]:
    steps = [s for s in dossier.procedure_version.steps.all() if s.variant_id in (None, dossier.variant_id)]
    if dossier.variant_id and any(s.variant_id for s in steps):
        steps = [s for s in steps if s.variant_id == dossier.variant_id]
    return sorted(steps, key=lambda s: s.order)


def step_budgets(dossier: Dossier) -> list[tuple[ProcessStep, int, datetime | None]]:
    """Each step with its working seconds (its share of the whole budget) and its due instant when the
    steps run one after the other from acceptance (domain.md §3, per-step deadlines)."""
    steps = steps_of(dossier)
    if not steps or dossier.received_at is None:
        return [(s, 0, None) for s in steps]
    calendar = calendar_for(dossier.reception_unit)
    start = to_local(dossier.received_at)
    total = calendar.budget_seconds(*rule(dossier.procedure_version, dossier.variant, dossier.channel), start)
    if total is None:
        return [(s, 0, None) for s in steps]
    parts = engine.split_budget(total, [s.share for s in steps])
    dues = engine.step_dues(calendar, start, parts)
    return [(s, p, from_local(d)) for s, p, d in zip(steps, parts, dues, strict=True)]


def add_working_seconds(unit: Unit, at: datetime, seconds: int) -> datetime:
    return from_local(calendar_for(unit).add(to_local(at), seconds))


def working_days_after(unit: Unit, at: datetime, days: int) -> datetime | None:
    """The instant `days` working days after `at` on the unit's calendar (an opinion's due instant)."""
    return from_local(calendar_for(unit).due(to_local(at), days, engine.TimeUnit.WORKING_DAYS))


def holding_due(
    dossier: Dossier, holding: UnitHolding, calendar: engine.WorkingCalendar | None = None
) -> datetime | None:
    """A unit holding's due: its own budget from when it took the dossier, paused with the dossier, and
    whole again when the dossier's time limit restarts after a supplement (Decree 61/2018, art. 19(4))."""
    events = [engine.LedgerEvent(engine.EventKind.START, to_local(holding.started_at))]
    for e in _events(dossier):
        # a restart of the dossier's time limit (art. 19(4)) gives the unit its whole share again
        if e.at >= events[0].at and e.kind in (engine.EventKind.PAUSE, engine.EventKind.RESUME, engine.EventKind.RESTART):
            events.append(engine.LedgerEvent(e.kind, e.at))
    state = engine.evaluate(
        calendar or calendar_for(holding.unit), engine.TimeUnit.WORKING_HOURS, 0, events,
        fixed_budget=holding.budget_minutes * 60,
    )
    return from_local(state.due)


def recompute_open_dossiers(change=None) -> int:
    """Replay every open dossier's clock (and its open unit holdings) on today's calendars; returns how
    many dossiers' due instants moved. Runs inside the calendar change's transaction."""
    moved = 0
    calendars: dict[int, engine.WorkingCalendar] = {}  # one per unit for the whole replay

    def calendar(unit: Unit) -> engine.WorkingCalendar:
        if unit.pk not in calendars:
            calendars[unit.pk] = calendar_for(unit)
        return calendars[unit.pk]

    open_holdings = UnitHolding.objects.filter(ended_at__isnull=True, budget_minutes__isnull=False)
    dossiers = (
        Dossier.objects.filter(status__in=OPEN_STATES, received_at__isnull=False)
        .select_related("procedure_version", "variant", "reception_unit")
        .prefetch_related(Prefetch("holdings", open_holdings.select_related("unit"), to_attr="open_holdings"))
        .order_by("id")
    )
    from motcua.stats import summary as stats_summary

    counted = []  # the statistics' day counts follow the due instants (decision 0054), written last
    for dossier in dossiers:
        state = _state(dossier, calendar=calendar(dossier.reception_unit))
        if state.due is not None and from_local(state.due) != dossier.due_at:
            before = stats_summary.snapshot(dossier)
            dossier.due_at = from_local(state.due)
            dossier.save(update_fields=["due_at"])
            counted.append((before, stats_summary.snapshot(dossier)))
            moved += 1
        for holding in dossier.open_holdings:
            due = holding_due(dossier, holding, calendar(holding.unit))
            if due is not None and due != holding.due_at:
                holding.due_at = due
                holding.save(update_fields=["due_at"])
    stats_summary.apply_changes(counted)
    return moved


# -- the hand-over deadline of the one-stop desk (Decree 61/2018, art. 18(2)–(3)) -------------------------
# Product rule reading "ngay" (online: at once) and "đầu giờ ngày làm việc tiếp theo" (the start of the next
# working day) as the first working hour: a deadline at the very instant of receipt or of opening time
# could never be met by a person carrying the dossier.
HANDOVER_FIRST_HOUR_SECONDS = 3600


def handover_due(unit: Unit, received_at: datetime, channel: str) -> datetime:
    """When a dossier received at `received_at` must reach the processing unit (art. 18(2)–(3)): a paper
    dossier the same working day, or at the start of the next working day if received after 15:00 (the
    unit's cut-off); an online one at once (within the first working hour after receipt)."""
    cal = calendar_for(unit)
    t = to_local(received_at)
    if channel == Channel.ONLINE:
        return from_local(cal.add(t, HANDOVER_FIRST_HOUR_SECONDS))
    start = cal.normalize_start(t)
    tod = start.hour * 3600 + start.minute * 60 + start.second
    if start.date() == t.date() and tod <= cal.hours.same_day_cutoff:
        return from_local(cal.end_of_working_day(start.date()))
    if start.date() == t.date():  # after the cut-off: the start of the next working day
        start = cal.normalize_start(cal.end_of_working_day(start.date()))
    return from_local(cal.add(start, HANDOVER_FIRST_HOUR_SECONDS))


def hands_over(dossier: Dossier) -> bool:
    """Whether the desk must hand the dossier to another unit: not when the whole internal process is
    done at the one-stop desk itself."""
    steps = steps_of(dossier)
    return not steps or any(s.unit_ref not in ("one_stop_desk", "admin_center", dossier.reception_unit.code) for s in steps)


def apology_due(dossier: Dossier) -> datetime | None:
    """The latest instant for the apology with a new appointment (Mẫu 04): 1 working day before the due
    instant, on the reception unit's calendar (Decree 61/2018, art. 19(9): "chậm nhất 01 ngày trước ngày
    hết hạn"). None without a due instant."""
    if dossier.due_at is None:
        return None
    cal = calendar_for(dossier.reception_unit)
    due = to_local(dossier.due_at)
    return from_local(cal.back(due, cal.working_day_seconds(due)))
