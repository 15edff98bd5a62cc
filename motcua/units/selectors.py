"""Reads of the unit tree."""
from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from .models import GOVERNMENT_KINDS, Unit, UnitKind


def unit_tree() -> QuerySet[Unit]:
    """Every unit, parents before children, with the parent's code at hand."""
    return Unit.objects.select_related("parent").order_by("path")


def subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path__startswith=unit.path)
    return qs if include_self else qs.exclude(pk=unit.pk)


def _ancestor_codes(unit: Unit) -> list[str]:
    return [c for c in unit.path.split("/") if c][:-1]


def ancestors(unit: Unit) -> list[Unit]:
    codes = _ancestor_codes(unit)
    by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def government_of(unit: Unit) -> Unit:
    """The level of government a unit belongs to (a ward desk → its ward; a department → its city)."""
    return governments_of([unit])[unit.pk]


def governments_of(units: Iterable[Unit]) -> dict[int, Unit]:
    """`government_of` for many units at once, in at most one query: {unit pk: its government}."""
    units = list(units)
    offices = [u for u in units if u.kind not in GOVERNMENT_KINDS]
    codes = {c for u in offices for c in _ancestor_codes(u)}
    by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    governments = {u.pk: u for u in units}
    for unit in offices:
        above = (by_code.get(c) for c in reversed(_ancestor_codes(unit)))
        governments[unit.pk] = next((a for a in above if a is not None and a.kind in GOVERNMENT_KINDS), unit)
    return governments


def in_force(on: date, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units that exist on the day `on` (their effective dates, both ends included)."""
    qs = Unit.objects.all() if qs is None else qs
    return qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def successor_in_force(unit: Unit, on: date) -> Unit:
    """The unit that answers for `unit` on the day `on`: itself while in force, else its successor (and so
    on, issue 12 item 3). No query for a unit in force or without a successor."""
    seen: set[int] = set()
    while not unit.is_in_force(on) and unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.successor
    return unit


def predecessors_of(root: Unit) -> QuerySet[Unit]:
    """The units that ended into `root` or a unit under it, following successors back (a ward dissolved
    into a ward that was itself merged later…): the past that `root` answers for today (issue 12).
    A unit under `root` is not its own predecessor. One query per generation of the chain."""
    inside = Unit.objects.filter(path__startswith=root.path)
    found: set[int] = set()
    frontier = set(inside.values_list("pk", flat=True))
    while frontier:
        frontier = set(
            Unit.objects.filter(successor_id__in=frontier).exclude(path__startswith=root.path)
            .exclude(pk__in=found).values_list("pk", flat=True)
        )
        found |= frontier
    return Unit.objects.filter(pk__in=found)


def default_center(on: date | None = None) -> Unit | None:
    """The installation's center (settings.DEFAULT_CENTER_UNIT) as it stands on `on` (default today): the
    configured unit, or the unit that succeeded it (e.g. Cẩm Phả's center → the province's from 1 July
    2025). None when the configured code is not in the database."""
    from django.conf import settings
    from django.utils import timezone

    unit = Unit.objects.select_related("parent").filter(code=settings.DEFAULT_CENTER_UNIT).first()
    return None if unit is None else successor_in_force(unit, on or timezone.localdate())


def reception_units(on: date | None = None) -> QuerySet[Unit]:
    """Units where dossiers are received: centers and one-stop desks (`on`: only those in force that day)."""
    qs = Unit.objects.filter(kind__in=[UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK], is_active=True)
    return qs if on is None else in_force(on, qs)
