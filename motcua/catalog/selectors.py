"""Reads of the catalog: the published procedures, filtered and searched without diacritics."""
from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.common.text import fold
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of, governments_of, reception_units

from .models import (
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ReceptionAssignment,
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
    """The fields of the published catalog with how many procedures each has: [{code, name, name_en, count}]."""
    rows = (
        published_procedures()
        .prefetch_related(None)
        .order_by()
        .values("current_version__field__code", "current_version__field__name", "current_version__field__name_en")
        .annotate(count=Count("pk"))
        .order_by("current_version__field__name")
    )
    return [
        {
            "code": row["current_version__field__code"],
            "name": row["current_version__field__name"],
            "name_en": row["current_version__field__name_en"],
            "count": row["count"],
        }
        for row in rows
    ]


def common_procedures(limit: int) -> QuerySet[Procedure]:
    """Until dossiers are counted, "common" is the catalog's own order: online-capable ones first."""
    return published_procedures().prefetch_related(None).exclude(current_version__online_level=OnlineLevel.NONE)[:limit]


# The reception point of each level of government (ReceptionPoint names a place by the level it serves).
POINT_OF_GOVERNMENT = {
    UnitKind.PROVINCE: ReceptionPoint.PROVINCE_ADMIN_CENTER,
    UnitKind.CITY: ReceptionPoint.CITY_ADMIN_CENTER,
    UnitKind.WARD: ReceptionPoint.WARD_ONE_STOP_DESK,
    UnitKind.COMMUNE: ReceptionPoint.WARD_ONE_STOP_DESK,
}
RECEPTION_KINDS = (UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK)


def reception_points_of(unit: Unit, *, government: Unit | None = None) -> set[str]:
    """The kinds of reception point a unit is (a province's center, a commune's center or desk…).

    A center or desk serves the level of government it belongs to, whatever its own kind: a commune's
    public administrative service center (two-tier state, domain.md §9) receives commune procedures as a
    ward's one-stop desk does; a province's center the provincial ones. A ward or commune itself counts as
    its own desk. `government`: the unit's level of government when already known (units.selectors).
    """
    if unit.kind in (UnitKind.WARD, UnitKind.COMMUNE):
        return {ReceptionPoint.WARD_ONE_STOP_DESK}
    if unit.kind not in RECEPTION_KINDS:
        return set()
    gov = government or government_of(unit)
    point = POINT_OF_GOVERNMENT.get(gov.kind)
    if point is None and unit.kind == UnitKind.ADMIN_CENTER:
        point = ReceptionPoint.CITY_ADMIN_CENTER  # a center above every level of government: the old default
    return {point} if point else set()


def reception_points_by_unit(units) -> list[tuple[Unit, set[str]]]:
    """(unit, its reception points) for many units, their governments read in one query."""
    units = list(units)
    governments = governments_of(units)
    return [(unit, reception_points_of(unit, government=governments[unit.pk])) for unit in units]


def _applying(on: date) -> QuerySet[ReceptionAssignment]:
    """The recorded assignments in force on the day `on`, earliest start first (a later start wins)."""
    return ReceptionAssignment.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    ).order_by(F("valid_from").asc(nulls_first=True), "pk")


def recorded_assignments(procedure_id: int, on: date, units=None) -> dict[int, bool]:
    """{unit pk: receives} for the reception points with a recorded assignment of this procedure on `on`
    (at most one record should apply a day, see ReceptionAssignment.clean)."""
    qs = _applying(on).filter(procedure_id=procedure_id)
    if units is not None:
        qs = qs.filter(unit__in=units)
    return dict(qs.values_list("unit_id", "receives"))  # later starts overwrite earlier ones


_UNREAD = object()


def receives(unit: Unit, version, *, points: set[str] | None = None, on: date | None = None, recorded=_UNREAD) -> bool:
    """Whether a reception unit takes dossiers of this procedure version on the day `on` (default today).

    A recorded assignment (ReceptionAssignment) wins where there is one; otherwise the unit's reception
    points (from its level of government) against the version's `received_at`, or the unit implements
    the procedure itself. `recorded`: the unit's recorded answer when already read (None: none recorded).
    """
    if recorded is _UNREAD:
        recorded = recorded_assignments(version.procedure_id, on or timezone.localdate(), [unit]).get(unit.pk)
    if recorded is not None:
        return bool(recorded)
    if points is None:
        points = reception_points_of(unit)
    return bool(points & set(version.received_at)) or version.implementing_unit_id == unit.pk


def reception_desks_for(version, *, on: date | None = None) -> list[Unit]:
    """The active one-stop desks and centers in force on `on` (default today) where a dossier of this version
    can be submitted, in tree order."""
    on = on or timezone.localdate()
    recorded = recorded_assignments(version.procedure_id, on)
    return [
        unit
        # A unit dissolved or not yet set up on that day takes no dossier (issue 12 item 3).
        for unit, points in reception_points_by_unit(reception_units(on).order_by("path"))
        if receives(unit, version, points=points, recorded=recorded.get(unit.pk))
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
    """Filter the catalog. `q` ignores diacritics, đ/Đ and case; every word must match, in the Vietnamese
    name, code or field, or in the English name (decision 0037: "building permit" finds the procedure
    whose English name says so, in either interface language).

    `unit`: procedures that unit implements or receives. `online`: "full", "partial", "none", or
    a truthy/falsy value meaning "any online submission" / "none".
    """
    for word in fold(q).split():
        qs = qs.filter(Q(current_version__search_text__contains=word) | Q(search_text_en__contains=word))
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
        # Recorded assignments win over what the unit's level gives it (see `receives`).
        assigned = dict(_applying(timezone.localdate()).filter(unit=unit).values_list("procedure_id", "receives"))
        condition |= Q(pk__in=[p for p, r in assigned.items() if r])
        qs = qs.filter(condition).exclude(pk__in=[p for p, r in assigned.items() if not r])
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
            "current_version__intake_fields",
        )
        .first()
    )
    if procedure is not None:
        procedure.current_version.procedure = procedure  # already loaded: no query for version.procedure
    return procedure


def with_current_content(qs: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """Procedures with all their current version holds (what importing.version_record reads) loaded."""
    return qs.select_related("current_version__field", "current_version__procedure").prefetch_related(
        "current_version__documents", "current_version__fees", "current_version__steps", "current_version__variants",
        "current_version__intake_fields",
    )


def version_history(procedure: Procedure) -> QuerySet[ProcedureVersion]:
    return procedure.versions.exclude(status="draft").order_by("-number")


def fixed_fee(version) -> int | None:
    """The fee of a dossier of `version` when it is fixed (decision 0042): every fee is a set amount per
    case (trường hợp / hồ sơ), with no per-page rule; their sum in đồng. None when the amount depends on
    the dossier (per copy, page or licence, a formula, "as the provincial council decides": no amount) or
    when nothing is charged (0: the published exemptions are conditional, e.g. birth registration on time)."""
    fees = list(version.fees.all())
    if not fees or any(f.amount is None or f.formula or f.per != "case" for f in fees):
        return None
    total = int(sum(f.amount for f in fees))
    return total or None
