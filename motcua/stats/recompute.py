"""Recompute a period's figures from the audit events alone and compare them, dossier by dossier, with
the statistics service (`manage.py recompute_stats`; issue 9: "they must agree to the dossier").

The replay reads nothing of the `Dossier` row: the reception unit is the unit of the dossier's first
event, the receipt instant and channel are the `receive` event's, the due instant the last one an event
recorded (`receive`, `supplement`, `resolve`, `refuse`, `apologize` record it), the result instant the
`resolve` event's or that of a refusal after receipt, and the state at an instant the state the last
earlier event left the dossier in. Its definitions are written independently of `selectors`, from
docs/statistics.md, so a dossier row changed behind the services' back (or a row without its events)
shows up as a difference.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from motcua.dossiers.deadlines import to_local
from motcua.dossiers.models import Dossier, DossierEvent, Status
from motcua.units.models import Unit
from motcua.workdays import engine

from . import summary
from .selectors import FIGURES, RATING_LEVELS, SATISFIED_LEVELS, dossiers_behind, validate

S = Status
OPEN = {S.RECEIVED, S.IN_PROGRESS, S.CONSULTING, S.AWAITING_SUPPLEMENT}
INTAKE_ACTIONS = ("create", "submit", "receive", "refuse")


@dataclass
class Replayed:
    """What the events of one dossier say."""

    dossier_id: int
    reception_unit_id: int | None = None
    received_at: datetime | None = None
    channel: str | None = None
    due_at: datetime | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    # (instant, state after) of every event, in order: the state at any instant.
    states: list[tuple[datetime, str]] = field(default_factory=list)
    refused: list[datetime] = field(default_factory=list)
    withdrawn: list[datetime] = field(default_factory=list)
    ratings: list[tuple[datetime, str]] = field(default_factory=list)

    def state_before(self, instant: datetime) -> str | None:
        state = None
        for at, to_status in self.states:
            if at >= instant:
                break
            state = to_status
        return state

    def open_at(self, instant: datetime) -> bool:
        return self.received_at is not None and self.received_at < instant and self.state_before(instant) in OPEN

    def timeliness(self) -> str:
        # domain.md §3, product rule: early on an earlier date, on time on the due date, late after it.
        if self.due_at is None or self.resolved_at is None:
            return engine.Timeliness.ON_TIME.value
        return engine.timeliness(to_local(self.resolved_at), to_local(self.due_at)).value


def _instant(value) -> datetime | None:
    if not value:
        return None
    t = datetime.fromisoformat(str(value))
    return t if timezone.is_aware(t) else timezone.make_aware(t)


def replay(events: list[dict]) -> Replayed:
    r = Replayed(events[0]["dossier_id"], reception_unit_id=events[0]["to_unit_id"])
    for e in events:
        action, at, data = e["action"], e["at"], e["data"] or {}
        r.states.append((at, e["to_status"]))
        if data.get("due_at"):
            r.due_at = _instant(data["due_at"])
        if action == "receive" and e["to_status"] == S.RECEIVED:
            r.received_at = at
            r.channel = data.get("channel") or ("online" if events[0]["action"] in ("create", "submit") else None)
        elif action == "resolve" or (action == "refuse" and r.received_at is not None):
            r.resolved_at = at
        if action == "refuse":
            r.refused.append(at)
        elif action == "withdraw" and r.received_at is not None:
            r.withdrawn.append(at)
        elif action == "return_result" and r.returned_at is None:
            r.returned_at = at
        elif action == "rate":
            r.ratings.append((at, data.get("level", "")))
    return r


def memberships(r: Replayed, start: datetime, end: datetime, as_of: datetime) -> set[str]:
    """The figures of the period [start, end) that count this dossier, by the events."""
    def within(t: datetime | None) -> bool:
        return t is not None and start <= t < end

    out = set()
    if within(r.received_at):
        out.add("received.new")
        channel = {"kiosk": "counter"}.get(r.channel or "", r.channel)
        out.add(f"received.{channel}")
    if r.received_at is not None and r.received_at < start and r.open_at(start):
        out.add("received.carried_over")
    if {"received.new", "received.carried_over"} & out:
        out.add("received.total")
    if within(r.resolved_at):
        out |= {"resolved.total", f"resolved.{r.timeliness()}"}
    if r.open_at(end):
        if r.state_before(end) == S.AWAITING_SUPPLEMENT:
            out.add("awaiting_supplement")
        else:
            out.add("in_progress.total")
            overdue = r.due_at is not None and r.due_at < as_of
            out.add("in_progress.overdue" if overdue else "in_progress.within_deadline")
    if within(r.returned_at):
        out.add("returned")
    if r.states and r.states[-1][1] == S.REFUSED and any(within(t) for t in r.refused):
        out.add("refused")
    if any(within(t) for t in r.withdrawn) and r.states[-1][1] == S.WITHDRAWN:
        out.add("withdrawn")
    for at, level in r.ratings:
        if within(at) and level in RATING_LEVELS:
            out.add("satisfaction.ratings")
            if level in SATISFIED_LEVELS:
                out.add("satisfaction.satisfied")
    return out & set(FIGURES)


def _replayed(unit: Unit) -> Iterator[Replayed]:
    units = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    candidates = DossierEvent.objects.filter(action__in=INTAKE_ACTIONS, to_unit__in=units).values("dossier_id")
    rows = (
        DossierEvent.objects.filter(dossier__in=candidates)
        .order_by("dossier_id", "at", "id")
        .values("dossier_id", "action", "at", "to_status", "to_unit_id", "data")
    )
    batch: list[dict] = []
    for row in rows.iterator(chunk_size=5000):
        if batch and row["dossier_id"] != batch[0]["dossier_id"]:
            yield replay(batch)
            batch = []
        batch.append(row)
    if batch:
        yield replay(batch)


@dataclass
class Difference:
    dossier_id: int
    code: str
    figure: str
    service: bool
    events: bool

    def __str__(self) -> str:
        yes = {True: "có", False: "không"}
        return f"{self.code}: {self.figure} — dịch vụ thống kê: {yes[self.service]}, nhật ký sự kiện: {yes[self.events]}"


@dataclass
class Comparison:
    service_counts: dict[str, int]
    event_counts: dict[str, int]
    differences: list[Difference]
    # The same figures read from the statistics' day counts (decision 0054); None while they are pending.
    day_counts: dict[str, int] | None = None

    @property
    def day_count_differences(self) -> list[str]:
        """The figures whose day counts differ from the dossiers' (a writer that bypassed them)."""
        if self.day_counts is None:
            return []
        return [name for name in FIGURES if self.day_counts[name] != self.service_counts[name]]


def compare(unit: Unit, date_from: date, date_to: date, *, now: datetime | None = None) -> Comparison:
    period = validate(unit, date_from, date_to)
    now = now or timezone.now()
    as_of = min(period.end, now)
    by_events: dict[str, set[int]] = {name: set() for name in FIGURES}
    for r in _replayed(unit):
        if r.reception_unit_id is None:
            continue
        for name in memberships(r, period.start, period.end, as_of):
            by_events[name].add(r.dossier_id)
    by_service = {
        name: set(dossiers_behind(unit, date_from, date_to, name, now=now).values_list("pk", flat=True))
        for name in FIGURES
    }
    diffs = [(pk, name, pk in by_service[name]) for name in FIGURES for pk in by_service[name] ^ by_events[name]]
    codes = dict(Dossier.objects.filter(pk__in={pk for pk, _, _ in diffs}).values_list("pk", "code"))
    differences = sorted(
        (Difference(pk, codes.get(pk) or f"#{pk}", name, service, not service) for pk, name, service in diffs),
        key=lambda d: (d.code, FIGURES.index(d.figure)),
    )
    return Comparison(
        {name: len(ids) for name, ids in by_service.items()},
        {name: len(ids) for name, ids in by_events.items()},
        differences,
        summary.counts(unit, date_from, date_to, now=now) if summary.is_complete() else None,
    )
