"""Reads of the unit tree."""
from django.db.models import QuerySet

from .models import GOVERNMENT_KINDS, Unit, UnitKind


def unit_tree() -> QuerySet[Unit]:
    """Every unit, parents before children, with the parent's code at hand."""
    return Unit.objects.select_related("parent").order_by("path")


def subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path__startswith=unit.path)
    return qs if include_self else qs.exclude(pk=unit.pk)


def ancestors(unit: Unit) -> list[Unit]:
    codes = [c for c in unit.path.split("/") if c][:-1]
    by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def government_of(unit: Unit) -> Unit:
    """The level of government a unit belongs to (a ward desk → its ward; a department → its city)."""
    if unit.kind in GOVERNMENT_KINDS:
        return unit
    for ancestor in reversed(ancestors(unit)):
        if ancestor.kind in GOVERNMENT_KINDS:
            return ancestor
    return unit


def reception_units() -> QuerySet[Unit]:
    """Units where dossiers are received: centers and one-stop desks."""
    return Unit.objects.filter(kind__in=[UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK], is_active=True)
