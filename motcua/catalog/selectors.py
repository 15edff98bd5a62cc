"""Reads of the catalog: the published procedures, filtered and searched without diacritics."""
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.common.text import fold
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of, governments_of, reception_units

from .models import (
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ReceptionPoint,
    RequiredDocument,
    VersionStatus,
)

# The `online` filter: a level, or "any online submission" / "none".
ONLINE_ANY = ("1", "true", "yes")
ONLINE_NOT = ("0", "false", "no")
ONLINE_FILTERS = (*OnlineLevel.values, *ONLINE_ANY, *ONLINE_NOT)


def version_in_force(procedure: Procedure, on: date) -> ProcedureVersion | None:
    """The version a dossier received on `on` is handled under: the latest published (or since archived)
    version in force that day, not simply the current one (a version published ahead of its date does
    not apply yet; a dossier received earlier keeps the older one)."""
    return (
        procedure.versions.filter(
            status__in=[VersionStatus.PUBLISHED, VersionStatus.ARCHIVED], effective_from__lte=on
        )
        .order_by("-effective_from", "-number")
        .first()
    )


def current_procedures() -> QuerySet[Procedure]:
    """Every procedure that has a current version (active or not): what the catalog exports."""
    return Procedure.objects.filter(current_version__isnull=False)


def published_procedures() -> QuerySet[Procedure]:
    return (
        Procedure.objects.filter(is_active=True, current_version__isnull=False)
        .select_related("current_version", "current_version__field", "current_version__implementing_unit")
        .prefetch_related("current_version__fees")
        .order_by("current_version__field__name", "current_version__name")
    )


def field_counts() -> list[dict]:
    """The fields of the published catalog with how many procedures each has: [{code, name, count}]."""
    rows = (
        published_procedures()
        .prefetch_related(None)
        .order_by()
        .values("current_version__field__code", "current_version__field__name")
        .annotate(count=Count("pk"))
        .order_by("current_version__field__name")
    )
    return [
        {"code": row["current_version__field__code"], "name": row["current_version__field__name"], "count": row["count"]}
        for row in rows
    ]


def common_procedures(limit: int) -> QuerySet[Procedure]:
    """Until dossiers are counted, "common" is the catalog's own order: online-capable ones first."""
    return published_procedures().prefetch_related(None).exclude(current_version__online_level=OnlineLevel.NONE)[:limit]


def reception_points_of(unit: Unit, *, government: Unit | None = None) -> set[str]:
    """The kinds of reception point a unit is (a city's center, a ward's desk…).

    `government`: the unit's level of government when already known (see units.selectors.governments_of).
    """
    gov = government or government_of(unit)
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


def reception_points_by_unit(units) -> list[tuple[Unit, set[str]]]:
    """(unit, its reception points) for many units, their governments read in one query."""
    units = list(units)
    governments = governments_of(units)
    return [(unit, reception_points_of(unit, government=governments[unit.pk])) for unit in units]


def receives(unit: Unit, version, *, points: set[str] | None = None) -> bool:
    """Whether a reception unit takes dossiers of this procedure version (its points or its own procedure)."""
    if points is None:
        points = reception_points_of(unit)
    return bool(points & set(version.received_at)) or version.implementing_unit_id == unit.pk


def reception_desks_for(version) -> list[Unit]:
    """The active one-stop desks and centers where a dossier of this version can be submitted, in tree order."""
    return [
        unit
        for unit, points in reception_points_by_unit(reception_units().order_by("path"))
        if receives(unit, version, points=points)
    ]


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
        if value in OnlineLevel.values:
            qs = qs.filter(current_version__online_level=value)
        elif value in ONLINE_ANY:
            qs = qs.exclude(current_version__online_level=OnlineLevel.NONE)
        elif value in ONLINE_NOT:
            qs = qs.filter(current_version__online_level=OnlineLevel.NONE)
    if unit is not None:
        condition = Q(current_version__implementing_unit=unit)
        for point in reception_points_of(unit):
            # JSON "contains" is not portable to SQLite; the list is short, so match its text.
            condition |= Q(current_version__received_at__icontains=f'"{point}"')
        qs = qs.filter(condition)
    return qs


def procedure_detail(code: str) -> Procedure | None:
    """A published procedure with everything its page shows (a document's or step's case included)."""
    procedure = (
        Procedure.objects.filter(code=code, is_active=True, current_version__isnull=False)
        .select_related("current_version", "current_version__field", "current_version__implementing_unit")
        .prefetch_related(
            Prefetch("current_version__documents", queryset=RequiredDocument.objects.select_related("variant")),
            "current_version__fees",
            "current_version__variants",
            Prefetch("current_version__steps", queryset=ProcessStep.objects.select_related("variant")),
        )
        .first()
    )
    if procedure is not None:
        procedure.current_version.procedure = procedure  # already loaded: no query for version.procedure
    return procedure


def with_current_content(qs: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """Procedures with all their current version holds (what importing.version_record reads) loaded."""
    return qs.select_related("current_version__field", "current_version__procedure").prefetch_related(
        "current_version__documents", "current_version__fees", "current_version__steps", "current_version__variants"
    )


def version_history(procedure: Procedure) -> QuerySet[ProcedureVersion]:
    return procedure.versions.exclude(status="draft").order_by("-number")
