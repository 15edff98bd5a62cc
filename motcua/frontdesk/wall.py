"""Reads of the leaders' monitoring wall (issue 13 item 4, decision 0032): one tile per reception point in
force today under the viewer's level of government, with its queue, today's tickets and dossiers and
its deadline watch — counted for all tiles together in a fixed number of queries, however many desks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.selectors import OPEN_PROCESSING, due_soon_limit
from motcua.stats.desk import bounds
from motcua.units.models import Counter, Unit, UnitKind
from motcua.units.selectors import government_of, reception_units

from . import cameras
from .models import Camera, Ticket, TicketStatus

# Who watches the wall (product rule): the center director and the People's Committee leaders, over their
# level of government (a city's the whole city, a ward's its own desk), and administrators.
WALL_ROLES = (Role.CENTER_DIRECTOR, Role.LEADER, Role.ADMIN)
# Seconds between two polls of the tiles' figures (one request for every tile), and between two snapshots
# of a tile's camera (its image address changes once per period; the same address is not fetched again).
# With 17 tiles: 60/15 + 17 × 60/30 = 38 requests a minute per open wall (docs/performance.md).
FIGURES_EVERY = 15
SNAPSHOT_EVERY = 30
# The opened desk's picture when it has no live stream: a fresh snapshot this often.
LIVE_EVERY = 2
OPEN_DOSSIERS_LIMIT = 50
# Dossiers that still wait for the desk or the processing units (not final, not a citizen's draft).
OPEN_STATUSES = (Status.SUBMITTED, Status.AWAITING_PAYMENT, *OPEN_PROCESSING, Status.AWAITING_SUPPLEMENT, Status.RESOLVED)


def wall_root(user) -> Unit | None:
    """The unit whose reception points the user may watch, or None if the wall is not theirs."""
    if not getattr(user, "is_authenticated", False) or user.unit_id is None or user.role not in WALL_ROLES:
        return None
    return government_of(user.unit)


def wall_desks(root: Unit, now: datetime | None = None) -> list[Unit]:
    """The reception points (centers, one-stop desks) in force today in the root's subtree: the centers
    first, then the ward and commune desks in the tree's order. Data, never a fixed list."""
    day = timezone.localtime(now or timezone.now()).date()
    units = reception_units(day).filter(path__startswith=root.path).select_related("camera", "parent")
    return sorted(units, key=lambda u: (u.kind != UnitKind.ADMIN_CENTER, u.path))


def desk_of(root: Unit, code: str, now: datetime | None = None) -> Unit | None:
    return next((u for u in wall_desks(root, now) if u.code == code), None)


@dataclass
class Tile:
    unit: Unit
    camera: Camera | None
    camera_state: str  # "none" (no camera recorded), "down" (last fetch failed), "up" (or not known yet)
    snapshot_version: int
    waiting: int = 0
    served: int = 0
    received: int = 0
    overdue: int = 0
    due_soon: int = 0
    counters: int = 0
    counters_open: int = 0


def _camera(unit: Unit) -> Camera | None:
    try:
        camera = unit.camera
    except Camera.DoesNotExist:
        return None
    return camera if camera.is_active and camera.snapshot_url else None


def tiles(root: Unit, desks: list[Unit], now: datetime | None = None) -> list[Tile]:
    """The figures of every tile: three grouped queries (tickets, dossiers, counters) for all desks."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    ids = [u.pk for u in desks]
    ticket_rows = (
        Ticket.objects.filter(unit_id__in=ids, day=day)
        .order_by()
        .values("unit_id")
        .annotate(
            waiting=Count("pk", filter=Q(status=TicketStatus.WAITING)),
            served=Count("pk", filter=Q(status=TicketStatus.SERVED)),
        )
    )
    start, end = bounds(day, day)
    limit = due_soon_limit(root, now)
    received_q = Q(received_at__gte=start, received_at__lt=end)
    # The deadline watch of a desk: the dossiers it received that are being processed (the same statuses
    # as the leaders' desk, motcua.stats.desk.deadline_watch), overdue now or due within the window.
    processing_q = Q(status__in=OPEN_PROCESSING, due_at__isnull=False)
    overdue_q = processing_q & Q(due_at__lt=now)
    soon_q = processing_q & Q(due_at__gte=now, due_at__lte=limit)
    dossier_rows = (
        Dossier.objects.filter(reception_unit_id__in=ids)
        .filter(received_q | overdue_q | soon_q)
        .order_by()
        .values("reception_unit_id")
        .annotate(
            received=Count("pk", filter=received_q),
            overdue=Count("pk", filter=overdue_q),
            due_soon=Count("pk", filter=soon_q),
        )
    )
    counter_rows = (
        Counter.objects.filter(unit_id__in=ids, is_active=True)
        .order_by()
        .values("unit_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(is_open=True)))
    )
    tickets = {r["unit_id"]: r for r in ticket_rows}
    dossiers = {r["reception_unit_id"]: r for r in dossier_rows}
    counters = {r["unit_id"]: r for r in counter_rows}
    states = cameras.states(ids)
    version = int(now.timestamp()) // SNAPSHOT_EVERY
    out = []
    for unit in desks:
        camera = _camera(unit)
        state = "none" if camera is None else ("down" if states.get(unit.pk) is False else "up")
        t, d, c = tickets.get(unit.pk, {}), dossiers.get(unit.pk, {}), counters.get(unit.pk, {})
        out.append(Tile(
            unit=unit, camera=camera, camera_state=state, snapshot_version=version,
            waiting=t.get("waiting", 0), served=t.get("served", 0),
            received=d.get("received", 0), overdue=d.get("overdue", 0), due_soon=d.get("due_soon", 0),
            counters=c.get("total", 0), counters_open=c.get("open", 0),
        ))
    return out


def totals(rows: list[Tile]) -> dict[str, int]:
    keys = ("waiting", "served", "received", "overdue", "due_soon")
    return {k: sum(getattr(t, k) for t in rows) for k in keys}


def open_dossiers(unit: Unit, limit: int = OPEN_DOSSIERS_LIMIT) -> list[Dossier]:
    """The desk's dossiers not yet finished, the most urgent first (no deadline last)."""
    return list(
        Dossier.objects.filter(reception_unit=unit, status__in=OPEN_STATUSES)
        .select_related("procedure_version", "current_unit")
        .order_by(F("due_at").asc(nulls_last=True), "received_at")[:limit]
    )
