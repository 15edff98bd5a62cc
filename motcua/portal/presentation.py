"""How catalog data reads on the public pages: time limits, places of reception, step shares, money.

Procedure content is the published legal text and stays Vietnamese; the words this module adds around
it — time units, "within the day", the roles of kinds of unit — follow the interface language (decision
0037). Numbers keep the Vietnamese form (15; 0,75; 7.000 đ) in both languages.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.localized import english_wanted
from motcua.catalog.models import ProcedureVersion, ReceptionPoint, TimeUnit
from motcua.catalog.selectors import reception_points_by_unit, recorded_assignments
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import in_force, reception_units

# Roles of a kind of unit, as implementing units or step units are written in the catalog.
UNIT_ROLE_LABELS = {
    "ward_people_committee": gettext_lazy("UBND phường, xã"),
    "city_people_committee": gettext_lazy("UBND thành phố"),
    "province_people_committee": gettext_lazy("UBND tỉnh"),
    "ward": gettext_lazy("UBND phường, xã"),
    "commune": gettext_lazy("UBND xã"),
    "one_stop_desk": gettext_lazy("Bộ phận Một cửa"),
    "department": gettext_lazy("Phòng chuyên môn"),
    "admin_center": gettext_lazy("Trung tâm Hành chính công"),
}
# Who performs a step of the internal process (accounts.Role values), as the public page names them.
STEP_ROLE_LABELS = {
    "admin": gettext_lazy("Quản trị hệ thống"),
    "center_director": gettext_lazy("Giám đốc Trung tâm"),
    "counter_officer": gettext_lazy("Cán bộ tiếp nhận"),
    "specialist": gettext_lazy("Chuyên viên xử lý"),
    "department_head": gettext_lazy("Lãnh đạo phòng"),
    "leader": gettext_lazy("Lãnh đạo UBND"),
    "citizen": gettext_lazy("Công dân / doanh nghiệp"),
}


# The usual names of a fee (Fee.name, "Lệ phí" by default); another name is data and shown as written.
FEE_NAMES = {
    "lệ phí": gettext_lazy("Lệ phí"),
    "phí": gettext_lazy("Phí"),
    "phí, lệ phí": gettext_lazy("Phí, lệ phí"),
}


def fee_name(name: str) -> str:
    return str(FEE_NAMES.get((name or "").strip().lower(), name))


def format_number(value: Decimal | int | float) -> str:
    """Vietnamese number: "." groups thousands, "," marks decimals, no trailing zeros (15, 0,75)."""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    text = format(value.normalize(), "f")
    whole, frac = text.split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def format_money(value: Decimal | int | None) -> str:
    """ "75.000 đ" on a Vietnamese page; "75,000 VND" on an English one (the đồng's sign and the dot grouping
    read as Vietnamese there)."""
    if value is None:
        return ""
    if english_wanted():
        amount = Decimal(str(value)).normalize()
        return f"{amount:,f} VND"
    return f"{format_number(value)} đ"


def _amount_text(amount: Decimal, time_unit: str) -> str:
    if time_unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS):
        return f"{format_number(amount)} {TimeUnit(time_unit).label}"
    if time_unit == TimeUnit.SAME_DAY:
        return _("Trong ngày")
    return _("Không quy định thời hạn")


def processing_time_text(version: ProcedureVersion) -> str:
    """ "15 ngày làm việc", "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)"."""
    text = _amount_text(version.processing_amount, version.time_unit)
    if version.time_unit == TimeUnit.SAME_DAY and version.same_day_cutoff:
        text += " " + _("(nhận sau %(time)s trả ngày làm việc tiếp theo)") % {"time": f"{version.same_day_cutoff:%H:%M}"}
    return text


def online_time_text(version: ProcedureVersion) -> str:
    if version.online_processing_amount is None:
        return ""
    return _amount_text(version.online_processing_amount, version.time_unit)


def variant_time_text(variant, version: ProcedureVersion) -> str:
    if variant.processing_amount is None:
        return ""
    return _amount_text(variant.processing_amount, variant.time_unit or version.time_unit)


def units_by_code(codes) -> dict[str, Unit]:
    codes = {c for c in codes if c}
    return {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}


def unit_ref_text(ref: str, known: dict[str, Unit]) -> str:
    if ref in known:
        return known[ref].name
    return str(UNIT_ROLE_LABELS.get(ref, ref))


@dataclass
class ReceptionPlace:
    point: str
    label: str
    units: list[Unit]


ASSIGNED_POINT = "assigned"
ASSIGNED_LABEL = gettext_lazy("Nơi được giao tiếp nhận thủ tục này")


def reception_places(received_at: list[str], procedure_id: int | None = None) -> list[ReceptionPlace]:
    """Each kind of place a procedure is received at, with the active units that are such a place.

    With `procedure_id`, recorded assignments (catalog.ReceptionAssignment) win: a place recorded as not
    receiving it is left out, and places recorded as receiving it are listed too."""
    points = [p for p in received_at if p]
    today = timezone.localdate()
    recorded = recorded_assignments(procedure_id, today) if procedure_id else {}
    if not points and not any(recorded.values()):
        return []
    # The tree decides which center or desk is which kind of place (catalog.selectors).
    matching: dict[str, list[Unit]] = {p: [] for p in points}
    assigned: list[Unit] = []
    # Only the places that exist today (a dissolved desk is gone, issue 12 item 3).
    for unit, unit_points in reception_points_by_unit(reception_units(today).order_by("path")):
        if recorded.get(unit.pk) is False:
            continue
        listed = False
        for point in unit_points:
            if point in matching:
                matching[point].append(unit)
                listed = True
        if recorded.get(unit.pk) and not listed:
            assigned.append(unit)
    labels = dict(ReceptionPoint.choices)
    places = [ReceptionPlace(p, labels.get(p, p), matching[p]) for p in points]
    if assigned:
        places.append(ReceptionPlace(ASSIGNED_POINT, ASSIGNED_LABEL, assigned))
    return places


@dataclass
class StepRow:
    order: int
    name: str
    role: str
    unit: str
    percent: str
    duration: str


def step_rows(version: ProcedureVersion, steps, role_labels: dict[str, str]) -> list[StepRow]:
    """Steps with their share as a percentage and as time (share × the legal processing time)."""
    steps = list(steps)
    known = units_by_code(s.unit_ref for s in steps)
    timed = version.time_unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS)
    rows = []
    for step in steps:
        percent = format_number((step.share * 100).quantize(Decimal("0.1")))
        if timed and version.processing_amount:
            amount = (step.share * version.processing_amount).quantize(Decimal("0.01"))
            duration = f"{format_number(amount)} {TimeUnit(version.time_unit).label}"
        else:
            duration = "—"
        rows.append(
            StepRow(
                order=step.order,
                name=step.name,
                role=str(STEP_ROLE_LABELS.get(step.role) or role_labels.get(step.role, step.role)),
                unit=unit_ref_text(step.unit_ref, known),
                percent=f"{percent}%",
                duration=duration,
            )
        )
    return rows


def working_hours_text(unit: Unit) -> list[str]:
    return [f"{start}–{end}" for start, end in unit.effective_working_hours()]


def legal_basis_items(value) -> list[str]:
    """The legal basis is a list of titles; tolerate objects with a name/title, or one text."""
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    items = []
    for item in value:
        if isinstance(item, dict):
            items.append(item.get("name") or item.get("title") or item.get("text") or "")
        else:
            items.append(str(item))
    return [i for i in items if i]


def desk_units():
    """The places where wards and communes receive dossiers today: their one-stop desks (2018 regime) and,
    since 1 July 2025, their own public administrative service centers (issue 12)."""
    desks = Unit.objects.filter(
        Q(kind=UnitKind.ONE_STOP_DESK) | Q(kind=UnitKind.ADMIN_CENTER, parent__kind__in=[UnitKind.WARD, UnitKind.COMMUNE]),
        is_active=True,
    )
    return in_force(timezone.localdate(), desks).select_related("parent").order_by("path")
