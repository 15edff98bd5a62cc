"""Changes to the unit tree: every write keeps the materialised paths right."""
import re
from collections.abc import Iterable

from django.db import transaction

from motcua.audit.services import diff, record_change, snapshot
from motcua.common.errors import ValidationFailed

from .models import AGENCY_IDENTIFIER_VALIDATOR, Unit, UnitKind, validate_dates

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")


def validate_working_hours(periods) -> list[list[str]]:
    """Working hours are ordered, non-overlapping [start, end] periods of "HH:MM"."""
    if not isinstance(periods, list) or not periods:
        raise ValidationFailed("Giờ làm việc phải là danh sách các ca [giờ bắt đầu, giờ kết thúc].", field="working_hours")
    previous_end = ""
    for period in periods:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(t, str) and _TIME.match(t) for t in period)
        ):
            raise ValidationFailed(f"Ca làm việc không hợp lệ: {period!r} (dạng HH:MM).", field="working_hours")
        start, end = period
        if start >= end or start < previous_end:
            raise ValidationFailed(
                f"Ca {start}–{end} phải kết thúc sau khi bắt đầu và không chồng lên ca trước.", field="working_hours"
            )
        previous_end = end
    return [list(p) for p in periods]


def _path_for(code: str, parent: Unit | None) -> tuple[str, int]:
    if parent is None:
        return f"{code}/", 0
    return f"{parent.path}{code}/", parent.depth + 1


@transaction.atomic
def save_unit(unit: Unit, *, actor=None) -> Unit:
    """Create or update a unit; moving it re-roots its whole subtree. Refuses cycles.

    A change of working hours, or a move under another parent (whose hours and calendar overrides it may
    inherit), changes deadlines: every open one is recomputed in the same transaction."""
    if not CODE_RE.match(unit.code or ""):
        raise ValidationFailed("Mã đơn vị chỉ gồm chữ in hoa, số và dấu gạch ngang.", field="code")
    if unit.kind not in UnitKind.values:
        raise ValidationFailed(f"Loại đơn vị không hợp lệ: {unit.kind}.", field="kind")
    unit.agency_identifier = (unit.agency_identifier or "").strip().upper()
    if unit.agency_identifier:
        if not AGENCY_IDENTIFIER_VALIDATOR.regex.match(unit.agency_identifier):
            raise ValidationFailed(str(AGENCY_IDENTIFIER_VALIDATOR.message), field="agency_identifier")
        if Unit.objects.filter(agency_identifier=unit.agency_identifier).exclude(pk=unit.pk).exists():
            raise ValidationFailed("Mã định danh điện tử này đã được ghi cho một đơn vị khác.", field="agency_identifier")
    if unit.working_hours:
        unit.working_hours = validate_working_hours(unit.working_hours)
    for name, message in validate_dates(unit).items():
        raise ValidationFailed(message, field=name)
    old_path = old_hours = None
    if unit.pk:
        old_path, old_hours = (
            Unit.objects.filter(pk=unit.pk).values_list("path", "working_hours").first() or (None, None)
        )
    parent = unit.parent
    if parent is not None and old_path and parent.path.startswith(old_path):
        raise ValidationFailed("Không thể đặt đơn vị làm cấp dưới của chính nó.", field="parent")
    unit.path, unit.depth = _path_for(unit.code, parent)
    unit.save()
    if old_path and old_path != unit.path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    if old_path and (old_hours != unit.working_hours or old_path != unit.path):
        from motcua.workdays.services import calendar_changed

        calendar_changed(f"Đổi giờ làm việc hoặc cấp trên của đơn vị {unit.code}", actor=actor, unit=unit)
    return unit


@transaction.atomic
def load_units(rows: Iterable[dict], default_working_hours=None) -> dict[str, int]:
    """Create or update units from rows {code, name, kind, parent, ...}; idempotent.

    Parents may come after children in the input: rows are placed once their parent exists.
    """
    pending = {row["code"]: row for row in rows}
    created = updated = 0
    known = {u.code: u for u in Unit.objects.all()}
    while pending:
        progressed = False
        for code, row in list(pending.items()):
            parent_code = row.get("parent")
            if parent_code and parent_code not in known:
                if parent_code not in pending:
                    raise ValidationFailed(f"Đơn vị {code}: không có đơn vị cấp trên {parent_code}.", field="parent")
                continue
            unit = known.get(code) or Unit(code=code)
            values = {
                "name": row["name"],
                "kind": row["kind"],
                "parent": known.get(parent_code) if parent_code else None,
                "address": row.get("address", ""),
                "phone": row.get("phone", ""),
                "email": row.get("email", ""),
                "agency_identifier": row.get("agency_identifier", ""),
                "working_hours": row.get("working_hours")
                or (default_working_hours if not parent_code else None),
                "is_active": row.get("active", True),
            }
            changed = unit.pk is None or any(getattr(unit, k) != v for k, v in values.items())
            if changed:
                is_new = unit.pk is None
                before = {} if is_new else snapshot(unit)
                for k, v in values.items():
                    setattr(unit, k, v)
                save_unit(unit)
                record_change(unit, action="import", changes=diff(before, snapshot(unit)), note="nạp danh sách đơn vị")
                created += is_new
                updated += not is_new
            known[code] = unit
            del pending[code]
            progressed = True
        if not progressed:
            raise ValidationFailed("Cây đơn vị có vòng lặp: " + ", ".join(sorted(pending)), field="parent")
    return {"created": created, "updated": updated}
