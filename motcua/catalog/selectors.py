"""Reads of the catalog: the published procedures, filtered and searched without diacritics."""
from django.db.models import Prefetch, Q, QuerySet

from motcua.common.text import fold
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of

from .models import Procedure, ProcedureVersion, ReceptionPoint


def published_procedures() -> QuerySet[Procedure]:
    return (
        Procedure.objects.filter(is_active=True, current_version__isnull=False)
        .select_related("current_version", "current_version__field", "current_version__implementing_unit")
        .prefetch_related("current_version__fees")
        .order_by("current_version__field__name", "current_version__name")
    )


def reception_points_of(unit: Unit) -> set[str]:
    """The kinds of reception point a unit is (a city's center, a ward's desk…)."""
    gov = government_of(unit)
    points = set()
    if unit.kind == UnitKind.ADMIN_CENTER:
        points.add(
            ReceptionPoint.PROVINCE_ADMIN_CENTER if gov.kind == UnitKind.PROVINCE else ReceptionPoint.CITY_ADMIN_CENTER
        )
    if unit.kind in (UnitKind.ONE_STOP_DESK, UnitKind.WARD, UnitKind.COMMUNE) and gov.kind in (
        UnitKind.WARD,
        UnitKind.COMMUNE,
    ):
        points.add(ReceptionPoint.WARD_ONE_STOP_DESK)
    return points


def receives(unit: Unit, version) -> bool:
    """Whether a reception unit takes dossiers of this procedure version (its points or its own procedure)."""
    return bool(reception_points_of(unit) & set(version.received_at)) or version.implementing_unit_id == unit.pk


def reception_desks_for(version) -> list[Unit]:
    """The active one-stop desks and centers where a dossier of this version can be submitted, in tree order."""
    candidates = Unit.objects.filter(
        is_active=True, kind__in=(UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK)
    ).order_by("path")
    return [unit for unit in candidates if receives(unit, version)]


def filter_procedures(
    qs: QuerySet[Procedure],
    *,
    q: str = "",
    field: str = "",
    level: str = "",
    unit: Unit | None = None,
    online: str = "",
) -> QuerySet[Procedure]:
    """Filter the catalog. `q` ignores diacritics, đ/Đ and case; every word must match.

    `unit`: procedures that unit implements or receives. `online`: "full", "partial", "none", or
    a truthy/falsy value meaning "any online submission" / "none".
    """
    for word in fold(q).split():
        qs = qs.filter(current_version__search_text__contains=word)
    if field:
        qs = qs.filter(current_version__field__code=field)
    if level:
        qs = qs.filter(current_version__level=level)
    if online:
        value = online.strip().lower()
        if value in ("full", "partial", "none"):
            qs = qs.filter(current_version__online_level=value)
        elif value in ("1", "true", "yes"):
            qs = qs.exclude(current_version__online_level="none")
        elif value in ("0", "false", "no"):
            qs = qs.filter(current_version__online_level="none")
    if unit is not None:
        condition = Q(current_version__implementing_unit=unit)
        for point in reception_points_of(unit):
            # JSON "contains" is not portable to SQLite; the list is short, so match its text.
            condition |= Q(current_version__received_at__icontains=f'"{point}"')
        qs = qs.filter(condition)
    return qs


def procedure_detail(code: str) -> Procedure | None:
    return (
        Procedure.objects.filter(code=code, is_active=True, current_version__isnull=False)
        .select_related("current_version", "current_version__field", "current_version__implementing_unit")
        .prefetch_related(
            "current_version__documents",
            "current_version__fees",
            "current_version__variants",
            Prefetch("current_version__steps"),
        )
        .first()
    )


def version_history(procedure: Procedure) -> QuerySet[ProcedureVersion]:
    return procedure.versions.exclude(status="draft").order_by("-number")
