"""The one seam between dossiers and the working calendar / deadline engine (motcua.workdays).

Every deadline computation of the dossiers app goes through these functions.

TODO(workdays services): motcua.workdays.services (start_deadline / pause / resume / close, with the
Deadline model and the admins' calendar edits, unit day overrides and seasonal hours) was not there when
this was written. Until it is, this adapter uses the pure engine (motcua.workdays.engine) with the
national calendar file (2018–2027, then the `holidays` package's proposal) and each unit's working
hours, and keeps the ledger on the dossier (`Dossier.deadline_ledger`). Switching to the services
changes this module only.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.units.models import Unit
from motcua.workdays import engine, national
from motcua.workdays.explain import explain

from .models import Channel, Dossier


@lru_cache(maxsize=256)
def _calendar_for_hours(hours: tuple[tuple[str, str], ...]) -> engine.WorkingCalendar:
    return engine.WorkingCalendar(national.file_or_proposed, engine.Hours(periods=engine.parse_periods(hours)))


def calendar_for(unit: Unit) -> engine.WorkingCalendar:
    return _calendar_for_hours(tuple(tuple(p) for p in unit.effective_working_hours()))


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


def _state(dossier: Dossier, at: datetime | None = None) -> engine.DeadlineState:
    time_unit, amount = rule(dossier.procedure_version, dossier.variant, dossier.channel)
    return engine.evaluate(
        calendar_for(dossier.reception_unit), time_unit, amount, _events(dossier), to_local(at) if at else None
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


def resume(dossier: Dossier, at: datetime) -> int:
    """Continue with the remaining budget (or restart, per the procedure); returns the paused working
    seconds, by which open unit holdings move too."""
    last_pause = next(
        (datetime.fromisoformat(e["at"]) for e in reversed(dossier.deadline_ledger) if e["kind"] == "pause"), at
    )
    kind = "restart" if dossier.procedure_version.pause_policy == "restart" else "resume"
    _append(dossier, kind, at)
    dossier.due_at = from_local(_state(dossier).due)
    return max(0, calendar_for(dossier.reception_unit).working_seconds_between(to_local(last_pause), to_local(at)))


def close(dossier: Dossier, at: datetime) -> str:
    """The timeliness of a dossier resolved at `at` against its (legal) due instant (domain.md §3)."""
    if dossier.due_at is None:
        return engine.Timeliness.ON_TIME.value
    return engine.timeliness(to_local(at), to_local(dossier.due_at)).value


def total_budget_seconds(dossier: Dossier) -> int | None:
    time_unit, amount = rule(dossier.procedure_version, dossier.variant, dossier.channel)
    return calendar_for(dossier.reception_unit).budget_seconds(time_unit, amount, to_local(dossier.received_at))


def steps_of(dossier: Dossier) -> list[ProcessStep]:
    steps = [s for s in dossier.procedure_version.steps.all() if s.variant_id in (None, dossier.variant_id)]
    if dossier.variant_id and any(s.variant_id for s in steps):
        steps = [s for s in steps if s.variant_id == dossier.variant_id]
    return sorted(steps, key=lambda s: s.order)


def step_budgets(dossier: Dossier) -> list[tuple[ProcessStep, int, datetime | None]]:
    """Each step with its working seconds (its share of the whole budget) and its due instant when the
    steps run one after the other from acceptance (domain.md §3, per-step deadlines)."""
    steps = steps_of(dossier)
    total = total_budget_seconds(dossier) if dossier.received_at else None
    if not steps or total is None:
        return [(s, 0, None) for s in steps]
    parts = engine.split_budget(total, [s.share for s in steps])
    dues = engine.step_dues(calendar_for(dossier.reception_unit), to_local(dossier.received_at), parts)
    return [(s, p, from_local(d)) for s, p, d in zip(steps, parts, dues, strict=True)]


def add_working_seconds(unit: Unit, at: datetime, seconds: int) -> datetime:
    return from_local(calendar_for(unit).add(to_local(at), seconds))
