"""Changes to the unit tree: every write keeps the materialised paths right."""
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import diff, record_change, snapshot
from motcua.common.errors import ValidationFailed

from .models import AGENCY_IDENTIFIER_VALIDATOR, Unit, UnitKind, validate_dates

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")


def validate_working_hours(periods) -> list[list[str]]:
    """Working hours are ordered, non-overlapping [start, end] periods of "HH:MM"."""
    if not isinstance(periods, list) or not periods:
        raise ValidationFailed(_("Giờ làm việc phải là danh sách các ca [giờ bắt đầu, giờ kết thúc]."), field="working_hours")
    previous_end = ""
    for period in periods:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(t, str) and _TIME.match(t) for t in period)
        ):
            raise ValidationFailed(_("Ca làm việc không hợp lệ: %(period)r (dạng HH:MM).") % {"period": period}, field="working_hours")
        start, end = period
        if start >= end or start < previous_end:
            raise ValidationFailed(
                _("Ca %(start)s–%(end)s phải kết thúc sau khi bắt đầu và không chồng lên ca trước.")
                % {"start": start, "end": end}, field="working_hours",
            )
        previous_end = end
    return [list(p) for p in periods]


# The apps whose clocks read a unit's working hours or its place in the tree (the working calendar and its
# deadlines, motcua.workdays) register here, explicitly, at start-up (their AppConfig.ready): the unit tree
# is the ground floor and imports none of them. A listener is called as
# `listener(reason, actor=…, unit=…)` inside save_unit's transaction.
_working_time_listeners: list[Callable[..., object]] = []


def register_working_time_listener(listener: Callable[..., object]) -> None:
    if listener not in _working_time_listeners:
        _working_time_listeners.append(listener)


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
        raise ValidationFailed(_("Mã đơn vị chỉ gồm chữ in hoa, số và dấu gạch ngang."), field="code")
    if unit.kind not in UnitKind.values:
        raise ValidationFailed(_("Loại đơn vị không hợp lệ: %(kind)s.") % {"kind": unit.kind}, field="kind")
    unit.agency_identifier = (unit.agency_identifier or "").strip().upper()
    if unit.agency_identifier:
        if not AGENCY_IDENTIFIER_VALIDATOR.regex.match(unit.agency_identifier):
            raise ValidationFailed(str(AGENCY_IDENTIFIER_VALIDATOR.message), field="agency_identifier")
        if Unit.objects.filter(agency_identifier=unit.agency_identifier).exclude(pk=unit.pk).exists():
            raise ValidationFailed(_("Mã định danh điện tử này đã được ghi cho một đơn vị khác."), field="agency_identifier")
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
        raise ValidationFailed(_("Không thể đặt đơn vị làm cấp dưới của chính nó."), field="parent")
    unit.path, unit.depth = _path_for(unit.code, parent)
    unit.save()
    if old_path and old_path != unit.path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    if old_path and (old_hours != unit.working_hours or old_path != unit.path):
        for listener in _working_time_listeners:
            listener(f"Đổi giờ làm việc hoặc cấp trên của đơn vị {unit.code}", actor=actor, unit=unit)
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
                    raise ValidationFailed(_("Đơn vị %(code)s: không có đơn vị cấp trên %(parent)s.") % {"code": code, "parent": parent_code}, field="parent")
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
                # Effective dates (issue 12 item 3): a unit set up by a later decision says from when.
                "valid_from": date.fromisoformat(row["valid_from"]) if row.get("valid_from") else None,
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
            raise ValidationFailed(_("Cây đơn vị có vòng lặp: %(units)s") % {"units": ", ".join(sorted(pending))}, field="parent")
    return {"created": created, "updated": updated}


RECEPTION_KINDS = (UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK)


def _successor_for(unit: Unit, successor: Unit, on: date) -> Unit:
    """Where a unit of the dissolved subtree hands over: a one-stop desk or center to the successor's own
    reception unit (whose officers receive and return results), anything else to the successor itself."""
    if unit.kind in RECEPTION_KINDS and successor.kind not in RECEPTION_KINDS:
        from .selectors import in_force, subtree

        desk = in_force(on, subtree(successor).filter(kind__in=RECEPTION_KINDS, is_active=True)).order_by("depth", "path").first()
        if desk is not None:
            return desk
    return successor


@transaction.atomic
def open_dossiers_held_in(unit: Unit) -> int:
    """How many open dossiers (not final, not drafts) the unit and the units under it hold now."""
    from motcua.dossiers.models import FINAL_STATUSES, Dossier, Status

    return (
        Dossier.objects.filter(current_unit__path__startswith=unit.path)
        .exclude(status__in=[*FINAL_STATUSES, Status.DRAFT])
        .count()
    )


def dissolve_into(unit: Unit, successor: Unit, on: date, *, actor, at: datetime | None = None) -> dict[str, int]:
    """End `unit` and every unit under it on the day before `on`, `successor` taking over on `on` (issue 12
    item 3; e.g. Resolution 1679/NQ-UBTVQH15: Cẩm Phả city and its wards end on 30 June 2025). Open dossiers
    held there are handed over through the one transition (`hand_to_successor`): status, code, due instant
    and history unchanged. Past dossiers keep naming the old units (their codes and figures).

    `at`: the instant of the hand-over (default now), on or after `on`. Bad input changes nothing.
    Returns {"units": units ended, "dossiers": dossiers handed over}."""
    from motcua.dossiers import services as dossier_services
    from motcua.dossiers.audit import lock_chains
    from motcua.dossiers.models import FINAL_STATUSES, Dossier, Status

    from .selectors import subtree

    at = at or timezone.now()
    last_day = on - timedelta(days=1)
    if successor.pk == unit.pk or successor.path.startswith(unit.path):
        raise ValidationFailed(_("Đơn vị kế thừa không được là chính đơn vị đó hay đơn vị cấp dưới của nó."), field="successor")
    if unit.valid_from and last_day < unit.valid_from:
        raise ValidationFailed(
            _("%(unit)s chỉ có hiệu lực từ ngày %(start)s: không thể chấm dứt từ ngày %(on)s.")
            % {"unit": unit.name, "start": f"{unit.valid_from:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}"},
            field="on",
        )
    if unit.valid_to and unit.valid_to < last_day:
        raise ValidationFailed(_("%(unit)s đã chấm dứt hoạt động sau ngày %(day)s.") % {"unit": unit.name, "day": f"{unit.valid_to:%d/%m/%Y}"}, field="on")
    if not successor.is_in_force(on) or not successor.is_active:
        raise ValidationFailed(_("%(unit)s không hoạt động ngày %(day)s.") % {"unit": successor.name, "day": f"{on:%d/%m/%Y}"}, field="successor")
    if timezone.localdate(at) < on:
        # The dossiers move only once the old unit is gone (they cannot be handed over ahead of the day).
        raise ValidationFailed(_("Chỉ bàn giao hồ sơ từ ngày %(day)s.") % {"day": f"{on:%d/%m/%Y}"}, field="on")
    ended = 0
    targets: dict[int, Unit] = {}
    for member in subtree(unit).order_by("depth", "path"):
        if member.valid_to is not None and member.valid_to <= last_day:
            # Ended by then with its own successor (a ward dissolved before its city): kept as recorded.
            targets[member.pk] = member.successor if member.successor_id else _successor_for(member, successor, on)
            continue
        target = _successor_for(member, successor, on)
        targets[member.pk] = target
        before = snapshot(member)
        member.valid_to, member.successor = last_day, target
        save_unit(member, actor=actor)
        record_change(member, action="update", actor=actor, changes=diff(before, snapshot(member)),
                      note=f"chấm dứt hoạt động từ ngày {on:%d/%m/%Y}; kế thừa: {target.name}")
        ended += 1
    handed = 0
    # Dossiers held there, and dossiers held elsewhere that await an opinion of one of these units.
    open_dossiers = list(
        Dossier.objects.filter(Q(current_unit_id__in=targets) | Q(opinions__unit_id__in=targets, opinions__answered_at__isnull=True))
        .exclude(status__in=[*FINAL_STATUSES, Status.DRAFT])
        .distinct()
        .select_related("current_unit")
        .order_by("id")
    )
    # Their events go to the chains of their reception units: take those heads in order (decision 0048).
    lock_chains(d.reception_unit_id for d in open_dossiers)
    for dossier in open_dossiers:
        held_here = dossier.current_unit_id in targets
        gone = dossier.current_unit if held_here else None
        to = targets[dossier.current_unit_id] if held_here else dossier.current_unit
        dossier_services.transition(
            dossier, "hand_to_successor", actor=actor, expected_version=dossier.version, to_unit=to, at=at,
            note=f"{gone.name} chấm dứt hoạt động; bàn giao cho {to.name}." if gone is not None
            else "Đơn vị được hỏi ý kiến chấm dứt hoạt động; hỏi đơn vị kế thừa.",
        )
        handed += 1
    return {"units": ended, "dossiers": handed}
