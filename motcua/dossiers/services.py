"""Every change of a dossier: intake (`receive_dossier`) and the one transition function (`transition`).

A transition happens inside one transaction: lock the row, check visibility (404), the actor's role and
place (403), the version (409) and the state (409, the table below), apply the action's rule, bump the
version, save, append the audit event, and hand the notification hook to on_commit.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, User
from motcua.catalog.intake import clean_form_data
from motcua.catalog.models import Procedure, ProcedureVariant, ProcessStep, VersionStatus
from motcua.catalog.selectors import fixed_fee, receives, version_in_force
from motcua.common.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from motcua.common.text import MAX_NAME, MAX_NOTE, check_structure, check_text
from motcua.nationalportal import services as national_portal
from motcua.notify.services import queue_for_event
from motcua.stats import summary as stats_summary
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of, reception_units, successor_in_force

from . import attachments as attachment_files
from . import deadlines, hooks
from .audit import append_event
from .codes import next_code
from .models import ACTION_LABELS, Channel, Dossier, IdempotencyKey, Opinion, ResultKind, Status, UnitHolding
from .permissions import ACTION_ROLES, dossier_for_user, find_dossier, may_act, proof_of

S = Status
STALE_VERSION = _("Hồ sơ đã được người khác cập nhật; hãy tải lại.")
# Bringing in past dossiers (issue 9, api-contract: `at` on actions): only accounts holding this
# permission (the demo `admin`, a superuser) may state when an action happened.
IMPORT_HISTORY_PERMISSION = "dossiers.import_history"
HISTORY_NOT_ALLOWED = _("Chỉ tài khoản được phép nhập dữ liệu lịch sử mới được ghi thời điểm thao tác đã qua.")


def may_import_history(user) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(IMPORT_HISTORY_PERMISSION))


class IncompleteDossier(DomainError):
    """The checklist lacks required documents: nothing is received; the list is the Mẫu 02 content."""

    status = 422
    type = "https://motcua.vn/problems/incomplete-dossier"
    title = "Hồ sơ chưa đầy đủ"

    def __init__(self, missing: list[dict]):
        names = "; ".join(m["name"] for m in missing)
        super().__init__(gettext("Hồ sơ còn thiếu: %(names)s.") % {"names": names}, errors=[{"field": "checklist", "message": m["name"], **m} for m in missing])
        self.missing = missing


def max_supplements() -> int:
    # Product rule (domain.md §4): at most once during processing; configurable.
    return int(getattr(settings, "MOTCUA_MAX_SUPPLEMENTS_DURING_PROCESSING", 1))


# -- helpers of the internal process -----------------------------------------------------------------
# The local day of the action being carried out by `transition` (None outside one). Which units exist is
# judged on that day, not today's: an action brought in from the past (history import) at a unit dissolved
# since goes where the process went then, not to the unit that took over later (issue 12 item 3).
_acting_day: ContextVar[date | None] = ContextVar("acting_day", default=None)


def _day(on: date | None) -> date:
    return on or _acting_day.get() or timezone.localdate()


def desk_of(dossier: Dossier, on: date | None = None) -> Unit:
    """The one-stop desk that answers for the dossier on `on` (default: the day of the action under way,
    else today): where it was received, or, once that unit is dissolved, its successor (issue 12 item 3) —
    the dossier keeps its reception unit (its code and figures), the result comes back to the desk that
    exists."""
    return successor_in_force(dossier.reception_unit, _day(on))


def step_unit(dossier: Dossier, step: ProcessStep, on: date | None = None) -> Unit:
    """The unit that does a step on `on` (default: the day of the action under way, else today): a unit
    code, or a kind relative to where the dossier was received (a unit dissolved by then: its successor)."""
    ref = step.unit_ref
    today = _day(on)
    found = Unit.objects.filter(code=ref).first()
    if found is not None:
        return successor_in_force(found, today)
    if ref in ("one_stop_desk", "admin_center"):
        return desk_of(dossier, today)
    if ref in ("department", "implementing_unit") and dossier.procedure_version.implementing_unit_id:
        return successor_in_force(dossier.procedure_version.implementing_unit, today)
    # "ward", "commune", "ward_people_committee"…: the level of government of the reception unit.
    return government_of(desk_of(dossier, today))


def _later_steps(dossier: Dossier) -> list[ProcessStep]:
    """The steps after the current one (all of them before the first)."""
    steps = deadlines.steps_of(dossier)
    if dossier.current_step_id is None:
        return steps
    return [s for s in steps if s.order > dossier.current_step.order]


def _next_step(dossier: Dossier) -> ProcessStep | None:
    later = _later_steps(dossier)
    return later[0] if later else None


def _unit_budget(dossier: Dossier, unit: Unit, step: ProcessStep | None) -> int | None:
    """The working time of the unit now taking the dossier: the consecutive steps it does from `step` on
    (or, handed over outside the process, all its steps)."""
    parts = deadlines.step_budgets(dossier)
    if step is not None:
        run, started = [], False
        for s, seconds, _ in parts:
            if s.pk == step.pk:
                started = True
            if started:
                if step_unit(dossier, s).pk != unit.pk:
                    break
                run.append(seconds)
        return sum(run) if run else None
    matching = [seconds for s, seconds, _ in parts if step_unit(dossier, s).pk == unit.pk]
    return sum(matching) if matching else None


def _open_holding(dossier: Dossier, unit: Unit, at: datetime, step: ProcessStep | None = None) -> UnitHolding:
    budget = _unit_budget(dossier, unit, step) if dossier.received_at else None
    due = deadlines.add_working_seconds(unit, at, budget) if budget else None
    return UnitHolding.objects.create(
        dossier=dossier, unit=unit, started_at=at, budget_minutes=budget // 60 if budget else None, due_at=due
    )


def _open_intake_holding(dossier: Dossier, at: datetime) -> UnitHolding:
    """The one-stop desk's holding from receipt. When the dossier is to go to a processing unit, the desk's
    time is the hand-over deadline (Decree 61/2018, art. 18(2)–(3)): computed here, shown with the unit's
    times, reminded by the deadline watch and judged when the dossier leaves the desk."""
    if not deadlines.hands_over(dossier):
        return _open_holding(dossier, dossier.reception_unit, at, dossier.current_step)
    due = deadlines.handover_due(dossier.reception_unit, at, dossier.channel)
    seconds = deadlines.calendar_for(dossier.reception_unit).working_seconds_between(
        deadlines.to_local(at), deadlines.to_local(due)
    )
    return UnitHolding.objects.create(
        dossier=dossier, unit=dossier.reception_unit, started_at=at, budget_minutes=max(0, seconds) // 60, due_at=due
    )


def _handover_outcome(dossier: Dossier, at: datetime) -> dict | None:
    """Whether the desk handed the dossier over in time (for the unit's figures), when it leaves the desk
    for the first time after receipt; None otherwise."""
    if dossier.current_unit_id != dossier.reception_unit_id:
        return None
    holding = dossier.holdings.filter(unit_id=dossier.reception_unit_id, ended_at__isnull=True).order_by("id").first()
    first = dossier.holdings.order_by("id").values_list("pk", flat=True).first()
    if holding is None or holding.pk != first or holding.due_at is None or not deadlines.hands_over(dossier):
        return None
    return {"due_at": timezone.localtime(holding.due_at), "on_time": at <= holding.due_at}


def _close_holding(dossier: Dossier, at: datetime) -> None:
    UnitHolding.objects.filter(dossier=dossier, ended_at__isnull=True).update(ended_at=at)


def _process_done_on_arrival(dossier: Dossier, steps: list[ProcessStep], step: ProcessStep | None) -> bool:
    """The dossier, now at `step` (None: after the last step) of its process, has reached the one-stop desk
    with a decision: the result may be taken in (Decree 61/2018, art. 18(3): the competent unit hands the
    result to the one-stop desk once the process is done). Called only on an arrival in process order."""
    if dossier.current_unit_id != desk_of(dossier).pk:
        return False
    # After the last step, or on a last step that the desk itself does (handing out the result); without
    # an internal process the caller has checked that the deciding unit sent it.
    return not steps or step is None or step.pk == steps[-1].pk


def _move(dossier: Dossier, unit: Unit, step: ProcessStep | None, at: datetime) -> None:
    """Hand the dossier to a unit (and step); a new unit starts its own holding (liên thông, domain.md §5).
    A unit dissolved by then: its successor (issue 12 item 3)."""
    unit = successor_in_force(unit, timezone.localdate(at))
    if unit.pk != dossier.current_unit_id:
        _close_holding(dossier, at)
        dossier.current_unit = unit
        _open_holding(dossier, unit, at, step)
    dossier.current_step = step
    dossier.assignee = None


# -- where a dossier may be sent: what the transfer and consult boxes offer, and all the service accepts --
# Issue 8 item 6: the process's next units and the procedure's liên thông units, never the whole unit tree.
UnitGroups = list[tuple[str, list[Unit]]]
NOT_OFFERED_KINDS = {UnitKind.ONE_STOP_DESK, UnitKind.ADMIN_CENTER}


def _ref_unit(dossier: Dossier, ref: str) -> Unit:
    # The catalog names units as the steps do (a code or a kind): resolve through `step_unit`.
    return step_unit(dossier, ProcessStep(unit_ref=ref))


def _grouped(dossier: Dossier, groups: list[tuple[str, list[Unit]]]) -> UnitGroups:
    """The groups without the unit holding the dossier, inactive units, repeats or empty groups."""
    seen, out = {dossier.current_unit_id}, []
    for label, units in groups:
        kept = []
        for unit in units:
            if unit is not None and unit.pk not in seen and unit.is_active:
                seen.add(unit.pk)
                kept.append(unit)
        if kept:
            out.append((label, kept))
    return out


def _lienthong_units(dossier: Dossier) -> list[Unit]:
    version = dossier.procedure_version
    units = [_ref_unit(dossier, ref) for ref in version.lienthong_units or [] if isinstance(ref, str)]
    if version.implementing_unit_id:
        units.append(version.implementing_unit)
    return units


def transfer_units(dossier: Dossier) -> UnitGroups:
    """The units a transfer may name: the units of the process's later steps (the result back at the
    one-stop desk once they are done; without a process, the implementing unit), then the procedure's
    liên thông units and its implementing unit."""
    later = _later_steps(dossier)
    process = [step_unit(dossier, s) for s in later]
    if not deadlines.steps_of(dossier):  # no internal process published: the implementing unit resolves
        process.append(dossier.procedure_version.implementing_unit or government_of(desk_of(dossier)))
    if not later:
        process.append(desk_of(dossier))
    return _grouped(dossier, [(_("Theo quy trình"), process), (_("Đơn vị liên thông, đơn vị giải quyết"), _lienthong_units(dossier))])


def transfer_users(dossier: Dossier, actor: User):
    """The people a transfer may name: the head and leaders of the unit holding the dossier (a ward's
    specialist passes the dossier to the ward's chairman), the actor apart."""
    return (
        User.objects.filter(
            unit_id=dossier.current_unit_id, role__in=(Role.DEPARTMENT_HEAD, Role.LEADER), is_active=True
        )
        .exclude(pk=actor.pk)
        .order_by("role", "full_name", "username")
    )


def consult_units(dossier: Dossier) -> UnitGroups:
    """The units an opinion may be asked of: the procedure's liên thông and process units first, then the
    offices of the same level of government, those of the level above, and the wards and communes below."""
    gov = government_of(dossier.current_unit)
    offices = (UnitKind.DEPARTMENT, UnitKind.VERTICAL_AGENCY)
    above = government_of(gov.parent) if gov.parent_id else None
    procedure_units = _lienthong_units(dossier) + [step_unit(dossier, s) for s in deadlines.steps_of(dossier)]
    groups = [
        (_("Đơn vị liên thông, phối hợp theo thủ tục"), [u for u in procedure_units if u.kind not in NOT_OFFERED_KINDS]),
        (_("Phòng, ban, cơ quan cùng cấp"), list(Unit.objects.filter(parent=gov, kind__in=offices).order_by("sort_order", "name"))),
        (_("Cơ quan chuyên môn cấp trên"), list(Unit.objects.filter(parent=above, kind__in=offices).order_by("sort_order", "name")) if above else []),
        (_("UBND phường, xã"), list(Unit.objects.filter(parent=gov, kind__in=(UnitKind.WARD, UnitKind.COMMUNE)).order_by("sort_order", "name"))),
    ]
    return _grouped(dossier, groups)


def _offered(groups: UnitGroups) -> dict[int, Unit]:
    return {u.pk: u for _, units in groups for u in units}


# -- the transition table ------------------------------------------------------------------------------
@dataclass
class Context:
    dossier: Dossier
    actor: User
    action: str
    at: datetime
    note: str = ""
    to_unit: Unit | None = None
    to_user: User | None = None
    data: dict = field(default_factory=dict)
    event_data: dict = field(default_factory=dict)
    imported: bool = False  # a record of the past brought in from another system (`history`)


def _after_supplement(ctx: Context) -> str:
    if ctx.dossier.received_at is None:
        return S.SUBMITTED  # supplemented at intake: back to the officer's check
    return ctx.event_data.get("resume_status", S.IN_PROGRESS)


def _after_opinion(ctx: Context) -> str:
    open_left = ctx.dossier.opinions.filter(answered_at__isnull=True).exists()
    return S.CONSULTING if open_left else S.IN_PROGRESS


SAME = "__same__"
Target = str | Callable[[Context], str]
TRANSITIONS: dict[tuple[str, str], Target] = {
    # Online submission of a draft (Decree 45/2020, art. 11).
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    # Intake check: receive / Mẫu 02 (supplement, nothing received) / Mẫu 03 (refuse) — Decree 61/2018, art. 15.
    (S.SUBMITTED, "receive"): S.RECEIVED,
    (S.SUBMITTED, "request_supplement"): S.AWAITING_SUPPLEMENT,
    (S.SUBMITTED, "refuse"): S.REFUSED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    # Fees due before receipt of an online/postal submission; the clock starts only at receipt
    # (Decree 45/2020 on electronic procedures; product rule: the payment is recorded with its reference).
    (S.SUBMITTED, "request_payment"): S.AWAITING_PAYMENT,
    (S.AWAITING_PAYMENT, "pay"): S.SUBMITTED,
    (S.AWAITING_PAYMENT, "withdraw"): S.WITHDRAWN,
    (S.AWAITING_PAYMENT, "refuse"): S.REFUSED,
    # Supplement: at intake back to the check; during processing the clock resumes (Decree 61/2018,
    # art. 16; Decree 107/2021: once during processing).
    (S.AWAITING_SUPPLEMENT, "supplement"): _after_supplement,
    (S.AWAITING_SUPPLEMENT, "refuse"): S.REFUSED,
    (S.AWAITING_SUPPLEMENT, "withdraw"): S.WITHDRAWN,
    (S.AWAITING_SUPPLEMENT, "apologize"): SAME,
    # Transfer to the processing unit the same working day (Decree 61/2018, art. 16 para 1); instant
    # procedures are resolved at the desk (legal-notes §1.3 item 5).
    (S.RECEIVED, "transfer"): S.IN_PROGRESS,
    (S.RECEIVED, "request_supplement"): S.AWAITING_SUPPLEMENT,
    (S.RECEIVED, "refuse"): S.REFUSED,
    (S.RECEIVED, "resolve"): S.RESOLVED,
    (S.RECEIVED, "apologize"): SAME,
    (S.RECEIVED, "withdraw"): S.WITHDRAWN,
    # Processing at the competent unit(s): assign, steps, approvals, liên thông (Decree 61/2018, art. 16–17).
    (S.IN_PROGRESS, "transfer"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "assign"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "approve"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "consult"): S.CONSULTING,
    (S.IN_PROGRESS, "request_supplement"): S.AWAITING_SUPPLEMENT,
    (S.IN_PROGRESS, "refuse"): S.REFUSED,  # refusal with reasons within the time limit (art. 16)
    (S.IN_PROGRESS, "resolve"): S.RESOLVED,
    (S.IN_PROGRESS, "apologize"): SAME,  # Mẫu 04 before the due instant (art. 19 / legal-notes §1.7)
    (S.IN_PROGRESS, "withdraw"): S.WITHDRAWN,
    # Dừng giải quyết, with its reason and basis: at the applicant's written request or where a law
    # requires it (e.g. a dispute before a court); final, and outside the timeliness figures (domain.md §4).
    (S.RECEIVED, "stop"): S.STOPPED,
    (S.IN_PROGRESS, "stop"): S.STOPPED,
    (S.CONSULTING, "stop"): S.STOPPED,
    (S.AWAITING_SUPPLEMENT, "stop"): S.STOPPED,
    # Opinions of coordinating units, each within its own time (domain.md §5).
    (S.CONSULTING, "give_opinion"): _after_opinion,
    (S.CONSULTING, "apologize"): SAME,
    (S.CONSULTING, "withdraw"): S.WITHDRAWN,
    # The result reaches the applicant (Decree 61/2018, art. 18); then one rating (art. 24–25).
    (S.RESOLVED, "return_result"): S.RETURNED,
    (S.RETURNED, "rate"): SAME,
    # A refusal decided during processing is final; the desk records when its notice reached the applicant.
    (S.REFUSED, "return_result"): SAME,
}
# A dissolved unit hands its open dossiers to its successor (issue 12 item 3; e.g. Resolution
# 1679/NQ-UBTVQH15 for Cẩm Phả on 1 July 2025): status, code, due instant and history unchanged. Drafts are
# the citizen's own (their submission is refused at a unit no longer in force); final dossiers stay put.
for _state in (S.SUBMITTED, S.AWAITING_PAYMENT, S.RECEIVED, S.IN_PROGRESS, S.CONSULTING, S.AWAITING_SUPPLEMENT, S.RESOLVED):
    TRANSITIONS[(_state, "hand_to_successor")] = SAME
ACTIONS = sorted({action for _, action in TRANSITIONS})
# Done by units.services.dissolve_into, never offered on a dossier's page or in `allowed_actions`.
SERVICE_ACTIONS = {"hand_to_successor"}
# What the API and the dossier pages accept from a caller (api-contract: the actions of domain.md §4).
PUBLIC_ACTIONS = [a for a in ACTIONS if a not in SERVICE_ACTIONS]


# -- what must hold before an action, beyond its state and the actor's place ----------------------------
# One place for these rules: `transition` raises what they return, `allowed_actions` hides the action.
Guard = Callable[[User, Dossier, datetime], DomainError | None]


def _guard_request_supplement(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.received_at is None:
        if actor.role != Role.COUNTER_OFFICER:
            return NotAllowed(gettext("Chỉ cán bộ tiếp nhận được hướng dẫn bổ sung hồ sơ khi tiếp nhận."))
        return None
    if d.supplement_count >= max_supplements():
        return Conflict(gettext("Trong quá trình giải quyết chỉ được yêu cầu bổ sung %(count)s lần.") % {"count": max_supplements()})
    return None


def _guard_refuse(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.received_at is None and actor.role != Role.COUNTER_OFFICER:
        return NotAllowed(gettext("Chỉ cán bộ tiếp nhận được từ chối tiếp nhận hồ sơ (Mẫu 03)."))
    if d.received_at is not None and actor.role == Role.COUNTER_OFFICER:
        return NotAllowed(gettext("Từ chối giải quyết do lãnh đạo cơ quan có thẩm quyền quyết định."))
    return None


def _guard_apologize(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.new_appointment_at is not None:
        # Decree 61/2018, art. 19(9): the new appointment is given not more than once.
        return Conflict(gettext(
            "Hồ sơ đã có phiếu xin lỗi và hẹn lại ngày trả kết quả "
            "(hẹn lại %(at)s); "
            "theo Nghị định 61/2018, Điều 19 khoản 9, chỉ được hẹn lại một lần."
        ) % {"at": f"{timezone.localtime(d.new_appointment_at):%H:%M %d/%m/%Y}"})
    if d.due_at is None:
        return Conflict(gettext("Hồ sơ không có hạn giải quyết để hẹn lại."))
    # Mẫu 04 is issued before the due instant (legal-notes §1.7); the dossier stays late for statistics.
    if at > d.due_at:
        return Conflict(gettext("Phiếu xin lỗi và hẹn lại phải được lập trước thời hạn giải quyết."))
    return None


def _guard_return_result(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.status == S.REFUSED:
        if d.received_at is None:
            return Conflict(gettext("Hồ sơ bị từ chối khi tiếp nhận: Mẫu 03 đã được giao ngay tại quầy."))
        if d.returned_at is not None:
            return Conflict(gettext("Văn bản từ chối đã được trả cho người nộp."))
    return None


def _guard_resolve(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    # The result reaches the one-stop desk only from the unit that decided it, once the internal process
    # has run to its last step (Decree 61/2018, art. 18(3); ISO process of domain.md §2): the desk cannot
    # issue a result in the department's or the leader's place.
    if d.process_completed_at is None:
        return Conflict(gettext(
            "Chưa thể nhận kết quả: hồ sơ chưa được giải quyết xong theo quy trình nội bộ "
            "(đơn vị giải quyết chưa chuyển kết quả về bộ phận một cửa)."
        ))
    return None


def _guard_rate(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    # One evaluation per dossier (Circular 01/2018, Art. 13–14).
    return Conflict(gettext("Hồ sơ đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.")) if d.rating else None


GUARDS: dict[str, Guard] = {
    "request_supplement": _guard_request_supplement,
    "refuse": _guard_refuse,
    "apologize": _guard_apologize,
    "resolve": _guard_resolve,
    "return_result": _guard_return_result,
    "rate": _guard_rate,
}


HISTORY_UNJUDGED = {"resolve"}


def _guard(actor: User, d: Dossier, action: str, at: datetime) -> DomainError | None:
    rule = GUARDS.get(action)
    return rule(actor, d, at) if rule else None


# -- the rules of each action --------------------------------------------------------------------------
def _require_note(ctx: Context, what: str) -> None:
    if not (ctx.note or "").strip():
        raise ValidationFailed(gettext("Cần ghi rõ %(what)s.") % {"what": what}, field="note")


def _parse_day(value, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(gettext("Ngày không hợp lệ (YYYY-MM-DD)."), field=field_name) from None


def _parse_instant(value, field_name: str) -> datetime:
    try:
        t = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(gettext("Thời điểm không hợp lệ (ISO 8601)."), field=field_name) from None
    if timezone.is_naive(t):
        t = timezone.make_aware(t)
    return t


def _do_submit(ctx: Context) -> None:
    unit, day = ctx.dossier.reception_unit, timezone.localdate(ctx.at)
    if not unit.is_in_force(day):  # the desk of the draft was dissolved meanwhile (issue 12 item 3)
        raise ValidationFailed(_not_in_force_message(unit, day), field="unit")
    ctx.dossier.submitted_at = ctx.at


def _do_hand_to_successor(ctx: Context) -> None:
    """The unit holding the dossier has ended: its successor holds it from now on, with the same due
    instant and the same share of the time (no time lost or gained); the old unit's holding ends here, so
    lateness stays with whoever held the dossier when its time ran out. Opinions still awaited from units
    that have ended are asked of their successors, with the same due instants."""
    d, successor, day = ctx.dossier, ctx.to_unit, timezone.localdate(ctx.at)
    holder_gone = not d.current_unit.is_in_force(day)
    pending = [o for o in d.opinions.filter(answered_at__isnull=True).select_related("unit")
               if not o.unit.is_in_force(day)]
    if not holder_gone and not pending:  # the state first: a unit in force hands nothing over
        raise Conflict(gettext("%(unit)s còn hoạt động ngày %(day)s: chưa thể bàn giao hồ sơ.") % {
            "unit": d.current_unit.name, "day": f"{day:%d/%m/%Y}"})
    if holder_gone:
        if successor is None:
            raise ValidationFailed(gettext("Cần đơn vị kế thừa."), field="to_unit")
        if not successor.is_in_force(day):
            raise ValidationFailed(gettext("%(unit)s không hoạt động ngày %(day)s.") % {
                "unit": successor.name, "day": f"{day:%d/%m/%Y}"}, field="to_unit")
    moved = []
    for opinion in pending:
        to = successor_in_force(opinion.unit, day)
        if not to.is_in_force(day):
            raise ValidationFailed(gettext("%(unit)s chấm dứt hoạt động mà không có đơn vị kế thừa.") % {
                "unit": opinion.unit.name}, field="to_unit")
        moved.append({"from_unit": opinion.unit.code, "to_unit": to.code})
        opinion.unit = to
        opinion.save(update_fields=["unit"])
    if moved:
        ctx.event_data["opinions"] = moved
    if not holder_gone:
        return
    held = list(UnitHolding.objects.filter(dossier=d, ended_at__isnull=True).order_by("id"))
    _close_holding(d, ctx.at)
    for holding in held:
        UnitHolding.objects.create(
            dossier=d, unit=successor, started_at=ctx.at, budget_minutes=holding.budget_minutes, due_at=holding.due_at
        )
    if d.received_at is None:
        d.reception_unit = successor  # not received yet: no code drawn, the successor's desk receives it
    ctx.event_data.update(from_unit=d.current_unit.code, to_unit=successor.code, due_at=d.due_at)
    d.current_unit, d.assignee = successor, None


def _do_receive(ctx: Context) -> None:
    d = ctx.dossier
    checklist = ctx.data.get("checklist")
    if checklist is not None:
        missing = missing_documents(d.procedure_version, d.variant, checklist)
        if missing:
            raise IncompleteDossier(missing)
        d.checklist = normalise_checklist(d.procedure_version, d.variant, checklist)
    _start_processing(d, ctx.at)
    # The receipt's instant, channel and due instant are in the audit trail: statistics can be
    # recomputed from the events alone (docs/statistics.md).
    ctx.event_data.update(due_at=d.due_at, code=d.code, channel=d.channel)


def _do_request_supplement(ctx: Context) -> None:
    d = ctx.dossier
    missing = ctx.data.get("missing") or []
    if not missing:
        _require_note(ctx, gettext("những giấy tờ cần bổ sung và lý do"))
    ctx.event_data["missing"] = missing
    if d.received_at is None:
        return
    # Decree 61/2018, art. 19(4): the request goes out within 3 working days of the unit receiving the
    # dossier. Past that, a warning recorded with the request, not a refusal: the article sets the unit a
    # time limit, it does not take away the applicant's right to complete the dossier (refusing the
    # request would leave a refusal of the dossier as the only way out); the late request is counted.
    limit = deadlines.supplement_request_due(d)
    if limit is not None:
        ctx.event_data["request_due_at"] = limit
        if ctx.at > limit:
            ctx.event_data["late_request"] = True
            with translation.override(settings.LANGUAGE_CODE):  # the audit record keeps the default language
                ctx.event_data["warning"] = supplement_request_warning(limit)
    d.supplement_count += 1
    deadlines.pause(d, ctx.at)
    ctx.event_data["resume_status"] = d.status


def _do_supplement(ctx: Context) -> None:
    d = ctx.dossier
    if d.received_at is None:
        return
    last = d.events.filter(action="request_supplement").order_by("-id").first()
    ctx.event_data["resume_status"] = (last.data.get("resume_status") if last else None) or S.IN_PROGRESS
    paused = deadlines.resume(d, ctx.at)
    # Each open holding replays its own ledger: restarted with the dossier (its whole share again) or
    # continued with what it had left; a pause that used no working time moves nothing (issue 8 item 9).
    for holding in UnitHolding.objects.filter(dossier=d, ended_at__isnull=True, budget_minutes__isnull=False).select_related("unit"):
        holding.due_at = deadlines.holding_due(d, holding)
        holding.save(update_fields=["due_at"])
    ctx.event_data.update(paused_working_seconds=paused, due_at=d.due_at, rule=d.deadline_ledger[-1]["rule"])


def supplement_request_warning(limit: datetime) -> str:
    return gettext(
        "Yêu cầu bổ sung sau thời hạn 3 ngày làm việc kể từ khi đơn vị nhận hồ sơ "
        "(hạn %(due)s; Nghị định 61/2018, Điều 19 khoản 4)."
    ) % {"due": f"{timezone.localtime(limit):%H:%M %d/%m/%Y}"}


def _do_refuse(ctx: Context) -> None:
    d = ctx.dossier
    _require_note(ctx, gettext("lý do từ chối"))
    if d.received_at is None:
        return
    # Refusal during processing: the competent unit's written reasons go back to the one-stop desk,
    # which hands them to the applicant (Decree 61/2018, art. 16; recorded by `return_result`).
    d.result_kind = ResultKind.REFUSED
    d.resolved_at = ctx.at
    d.timeliness = deadlines.close(d, ctx.at)
    _close_holding(d, ctx.at)
    ctx.event_data.update(timeliness=d.timeliness, due_at=d.due_at)
    d.current_unit, d.current_step, d.assignee = desk_of(d, timezone.localdate(ctx.at)), None, None


def _do_transfer(ctx: Context) -> None:
    d = ctx.dossier
    if ctx.to_user is not None:
        _check_transfer_user(ctx)
    handover = _handover_outcome(d, ctx.at)
    steps = deadlines.steps_of(d)
    desk = desk_of(d, timezone.localdate(ctx.at))
    in_order = _next_step(d)  # the step that follows in the process (None after the last one)
    from_unit_id = d.current_unit_id
    if ctx.to_unit is not None:
        if ctx.to_unit.pk not in _offered(transfer_units(d)):
            raise ValidationFailed(
                gettext("Không thể chuyển hồ sơ đến %(unit)s: đơn vị này không thuộc quy trình hay liên thông "
                        "của thủ tục.") % {"unit": ctx.to_unit.name}, field="to_unit",
            )
        step = next((s for s in _later_steps(d) if step_unit(d, s).pk == ctx.to_unit.pk), None)
        _move(d, ctx.to_unit, step, ctx.at)
    elif ctx.to_user is not None:
        # Handed inside the unit (to its head or leader): the process moves on only to a step of this unit.
        step = _next_step(d)
        _move(d, d.current_unit, step if step is not None and step_unit(d, step).pk == d.current_unit_id else d.current_step, ctx.at)
    else:
        step = in_order
        if step is not None:
            target = step_unit(d, step)
        elif d.current_unit_id == desk.pk and not steps:
            # No internal process published: from the desk to the unit that resolves the procedure.
            target = d.procedure_version.implementing_unit or government_of(desk)
        else:
            target = desk  # the last step is done: the result goes to the one-stop desk
        _move(d, target, step, ctx.at)
    if handover is not None and d.current_unit_id != desk.pk:
        ctx.event_data["handover"] = handover  # counted in the desk's figures (art. 18(2))
    if steps:
        # The process ran step by step to its end: no step skipped on the way to the desk.
        done = step == in_order
    else:
        # No internal process: the decision (approval) of the unit that held it sends the result back.
        done = ctx.action == "approve" and from_unit_id != desk.pk
        done = done or d.procedure_version.implementing_unit_id == desk.pk
    d.process_completed_at = ctx.at if done and _process_done_on_arrival(d, steps, step) else None
    if ctx.to_user is not None:
        _do_assign(ctx)


def _check_transfer_user(ctx: Context) -> None:
    """A transfer names a person only inside the unit holding the dossier: its head or a leader."""
    if ctx.to_unit is not None:
        raise ValidationFailed(gettext("Chỉ chọn đơn vị nhận hoặc lãnh đạo trong đơn vị, không chọn cả hai."), field="to_user")
    if not transfer_users(ctx.dossier, ctx.actor).filter(pk=ctx.to_user.pk).exists():
        raise ValidationFailed(
            gettext("Không thể chuyển hồ sơ cho %(user)s: chỉ chuyển được cho "
                    "trưởng phòng hoặc lãnh đạo của đơn vị đang giữ hồ sơ.") % {
                "user": ctx.to_user.full_name or ctx.to_user.username}, field="to_user",
        )


def _do_assign(ctx: Context) -> None:
    user = ctx.to_user
    d = ctx.dossier
    if user is None:
        raise ValidationFailed(gettext("Cần chọn người xử lý."), field="to_user")
    if user.unit_id != d.current_unit_id or user.role not in (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.LEADER):
        raise ValidationFailed(gettext("Người được giao phải là cán bộ của đơn vị đang giữ hồ sơ."), field="to_user")
    d.assignee = user


def _do_approve(ctx: Context) -> None:
    ctx.to_unit = None
    _do_transfer(ctx)


def _do_consult(ctx: Context) -> None:
    d = ctx.dossier
    codes = ctx.data.get("units") or []
    if not isinstance(codes, list) or not codes:
        raise ValidationFailed(gettext("Cần chọn ít nhất một đơn vị phối hợp."), field="units")
    units = list(Unit.objects.filter(code__in=codes))
    if len(units) != len(set(codes)) or any(u.pk == d.current_unit_id for u in units):
        raise ValidationFailed(gettext("Đơn vị phối hợp không hợp lệ."), field="units")
    offered = _offered(consult_units(d))
    outside = [u.name for u in units if u.pk not in offered]
    if outside:
        raise ValidationFailed(
            gettext("Không lấy ý kiến được của %(units)s: chỉ lấy ý kiến các đơn vị liên thông, phối hợp "
                    "của thủ tục và các phòng, ban, cơ quan liên quan.") % {"units": ", ".join(outside)}, field="units",
        )
    days = ctx.data.get("due_days", 3)
    if not isinstance(days, int) or days < 1:
        raise ValidationFailed(gettext("Thời hạn góp ý phải là số ngày làm việc từ 1 trở lên."), field="due_days")
    for unit in units:
        due = deadlines.working_days_after(unit, ctx.at, days)
        Opinion.objects.create(dossier=d, unit=unit, requested_by=ctx.actor, requested_at=ctx.at, due_at=due)
    ctx.event_data.update(units=sorted(codes), due_days=days)


def _do_give_opinion(ctx: Context) -> None:
    _require_note(ctx, gettext("nội dung ý kiến"))
    opinion = ctx.dossier.opinions.filter(unit_id=ctx.actor.unit_id, answered_at__isnull=True).first()
    opinion.answer, opinion.answered_at, opinion.answered_by = ctx.note, ctx.at, ctx.actor
    opinion.save(update_fields=["answer", "answered_at", "answered_by"])
    ctx.event_data.update(unit=ctx.actor.unit.code, late=bool(opinion.due_at and ctx.at > opinion.due_at))


def _do_resolve(ctx: Context) -> None:
    d = ctx.dossier
    kind = ctx.data.get("result_kind", ResultKind.APPROVED)
    if kind not in ResultKind.values:
        raise ValidationFailed(gettext("Loại kết quả không hợp lệ."), field="result_kind")
    # The result as a thing (Decree 61/2018, art. 18: the desk takes in the result and records it): its
    # number and date; its scans or signed PDFs are the files of this event.
    number = str(ctx.data.get("result_number") or "").strip()
    if not number and not ctx.imported:
        raise ValidationFailed(
            gettext("Cần số của kết quả (số giấy phép, giấy chứng nhận hoặc văn bản trả lời)."), field="result_number"
        )
    if len(number) > 100:
        raise ValidationFailed(gettext("Số kết quả dài quá 100 ký tự."), field="result_number")
    issued = _parse_day(ctx.data.get("result_date"), "result_date") or timezone.localdate(ctx.at)
    if issued > timezone.localdate(ctx.at):
        raise ValidationFailed(gettext("Ngày của kết quả không được sau ngày nhận kết quả."), field="result_date")
    if d.received_at and issued < timezone.localdate(d.received_at):
        raise ValidationFailed(gettext("Ngày của kết quả không được trước ngày tiếp nhận hồ sơ."), field="result_date")
    d.result_number, d.result_date = number, issued
    # The instant that counts is when the result reaches the one-stop desk (domain.md §3).
    d.result_kind, d.resolved_at = kind, ctx.at
    d.timeliness = deadlines.close(d, ctx.at)
    _close_holding(d, ctx.at)
    ctx.event_data.update(
        timeliness=d.timeliness, due_at=d.due_at, result_number=number, result_date=issued.isoformat()
    )


def _do_apologize(ctx: Context) -> None:
    d = ctx.dossier
    _require_note(ctx, gettext("lý do chậm trả kết quả"))
    if "new_appointment_at" not in ctx.data:
        raise ValidationFailed(gettext("Cần ngày hẹn trả kết quả mới."), field="new_appointment_at")
    new = _parse_instant(ctx.data["new_appointment_at"], "new_appointment_at")
    if new <= d.due_at:
        raise ValidationFailed(gettext("Ngày hẹn mới phải sau hạn giải quyết."), field="new_appointment_at")
    d.apology_note, d.new_appointment_at = ctx.note, new
    # Art. 19(9): no later than 1 working day before the due instant. Later (but before the due instant)
    # the apology still reaches the applicant; that it came late is recorded for the unit's figures.
    limit = deadlines.apology_due(d)
    ctx.event_data.update(new_appointment_at=new, due_at=d.due_at, apology_due_at=limit, on_time=ctx.at <= limit)


def _do_return_result(ctx: Context) -> None:
    """The result — or, after a refusal during processing, its written reasons — reaches the applicant."""
    method = ctx.data.get("method", "counter")
    if method not in ("counter", "post", "online"):
        raise ValidationFailed(gettext("Hình thức trả kết quả không hợp lệ."), field="method")
    d = ctx.dossier
    if d.status == S.RESOLVED:
        # Returned online, the applicant downloads the electronic result (Decree 45/2020, art. 18 and 22).
        if method == "online" and not d.attachments.filter(event__action="resolve").exists():
            raise ValidationFailed(
                gettext("Chưa có tệp kết quả điện tử (bản quét hoặc bản PDF ký số) để trả trực tuyến."), field="method"
            )
        d.current_step = None  # the last step (handing out the result) is done: no step is in progress
        if method == "online":  # what the applicant downloads: the signed copies, if any (ADR 0043)
            signed = list(d.signed_results.order_by("id").values_list("sha256", flat=True))
            if signed:
                ctx.event_data["signed_results"] = signed
    d.returned_at = ctx.at
    ctx.event_data["method"] = method


def _do_withdraw(ctx: Context) -> None:
    _close_holding(ctx.dossier, ctx.at)


def _do_request_payment(ctx: Context) -> None:
    amount = ctx.data.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed(gettext("Số tiền phí, lệ phí phải là số nguyên dương (đồng)."), field="amount")
    # A procedure whose fee is a fixed amount per dossier is charged that amount, no other (decision 0042).
    fixed = fixed_fee(ctx.dossier.procedure_version)
    if fixed is not None and amount != fixed and not ctx.imported:
        raise ValidationFailed(
            gettext("Số tiền yêu cầu (%(amount)s đồng) khác mức phí, lệ phí đã công bố của thủ tục (%(fixed)s đồng).")
            % {"amount": f"{amount:,}".replace(",", "."), "fixed": f"{fixed:,}".replace(",", ".")},
            field="amount",
        )
    ctx.event_data["amount"] = amount


def _do_pay(ctx: Context) -> None:
    reference = str(ctx.data.get("reference", "")).strip()
    if not reference:
        raise ValidationFailed(gettext("Cần mã giao dịch hoặc số biên lai nộp phí, lệ phí."), field="reference")
    ctx.event_data["reference"] = reference[:100]
    proof = proof_of(ctx.actor)
    if proof is not None and proof.channel == "payment_gateway":  # confirmed by the gateway (motcua.payments)
        ctx.event_data["order"] = str(ctx.data.get("order", ""))[:40]
        ctx.event_data["gateway"] = str(ctx.data.get("gateway", ""))[:40]


def _do_stop(ctx: Context) -> None:
    _require_note(ctx, gettext("lý do và căn cứ dừng giải quyết"))
    _close_holding(ctx.dossier, ctx.at)


RATING_LEVELS = ("very_satisfied", "satisfied", "not_satisfied")


def _do_rate(ctx: Context) -> None:
    """The applicant's evaluation (Circular 01/2018, Art. 13–14): the overall satisfaction `level` and,
    optionally, the indicators' points `criteria` `{"1": 2, …}` and a `comment` (api-contract: `rate`)."""
    from motcua.evaluation.services import record_evaluation

    level = ctx.data.get("level")
    if level not in RATING_LEVELS:
        raise ValidationFailed(gettext("Mức đánh giá không hợp lệ."), field="level")
    ctx.dossier.rating = level
    ctx.dossier.rated_at = ctx.at
    ctx.event_data["level"] = level
    ctx.event_data.update(record_evaluation(ctx.dossier, ctx.actor, ctx.data, ctx.at, imported=ctx.imported))


HANDLERS: dict[str, Callable[[Context], None]] = {
    "submit": _do_submit,
    "receive": _do_receive,
    "request_supplement": _do_request_supplement,
    "supplement": _do_supplement,
    "refuse": _do_refuse,
    "transfer": _do_transfer,
    "assign": _do_assign,
    "approve": _do_approve,
    "consult": _do_consult,
    "give_opinion": _do_give_opinion,
    "resolve": _do_resolve,
    "apologize": _do_apologize,
    "return_result": _do_return_result,
    "withdraw": _do_withdraw,
    "stop": _do_stop,
    "request_payment": _do_request_payment,
    "pay": _do_pay,
    "rate": _do_rate,
    "hand_to_successor": _do_hand_to_successor,
}

SAVED_FIELDS = [
    "code", "status", "version", "reception_unit", "current_unit", "current_step", "assignee", "submitted_at", "received_at",
    "due_at", "deadline_ledger", "resolved_at", "returned_at", "result_kind", "timeliness", "supplement_count",
    "apology_note", "new_appointment_at", "checklist", "rating", "rated_at", "process_completed_at", "result_number", "result_date",
]


def may_attempt(user, dossier: Dossier, action: str) -> bool:
    """The state table and the actor's place allow the action (its guard may still say why not)."""
    return (dossier.status, action) in TRANSITIONS and may_act(user, dossier, action)


def allowed_actions(user, dossier: Dossier, at: datetime | None = None) -> list[str]:
    """The actions this user can take now: state, role and place, and every guard satisfied."""
    at = at or timezone.now()
    return [
        a for (state, a) in TRANSITIONS
        if state == dossier.status and a not in SERVICE_ACTIONS and may_act(user, dossier, a)
        and _guard(user, dossier, a, at) is None
    ]


def transition(
    dossier_code_or_obj,
    action: str,
    *,
    actor: User,
    expected_version: int,
    note: str = "",
    to_unit: Unit | str | None = None,
    to_user: User | str | None = None,
    data: dict | None = None,
    files=None,
    at: datetime | None = None,
    history: dict | None = None,
) -> Dossier:
    """Apply one action to a dossier (see the module docstring). `files`: [(document id or None, file)].

    `history` records an action of the past (bringing in history): `at` is required, must not be
    earlier than the dossier's last event, and the event is marked `imported` with `history`'s details.
    The actor's role and place are not checked — the caller vouches for the record (the API only for
    accounts that `may_import_history`, the import command for its file); states and guards still are.
    """
    if action not in HANDLERS:
        raise ValidationFailed(gettext("Thao tác không hợp lệ: %(action)s.") % {"action": action}, field="action")
    # Free text is bounded and free of control characters, whatever the channel (issue 11).
    check_text(note, "note", MAX_NOTE)
    for name, value in (("to_unit", to_unit), ("to_user", to_user)):
        if isinstance(value, str):
            check_text(value, name, MAX_NAME)
    check_structure(data or {}, "data")
    if history is not None and at is None:
        raise ValidationFailed(gettext("Cần thời điểm của thao tác đã qua."), field="at")
    at = _check_at(at)
    data = dict(data or {})
    prepared = attachment_files.prepare(files or [])
    written: list[str] = []
    acting = _acting_day.set(timezone.localdate(at))
    try:
        with transaction.atomic():
            if history is None:
                d = dossier_for_user(actor, dossier_code_or_obj, for_update=True)  # locks the row until commit
            else:  # a record of the past: whoever acted then need not see the dossier now
                d = find_dossier(Dossier.objects.select_for_update(of=("self",)), dossier_code_or_obj)
            d = (
                Dossier.objects.select_related("procedure_version", "reception_unit", "current_unit", "current_step", "variant")
                .get(pk=d.pk)
            )
            if history is not None:
                _check_after_last_event(d, at)
            # The version first: the loser of a race acted on a dossier it could act on, which has since
            # moved on; it must hear "changed, reload" (409), not "not allowed" on the moved dossier.
            if expected_version != d.version:
                raise Conflict(str(STALE_VERSION))
            if history is None and not may_act(actor, d, action):
                raise NotAllowed(gettext("Bạn không có quyền thực hiện thao tác này với hồ sơ."))
            target = TRANSITIONS.get((d.status, action))
            if target is None:
                label = ACTION_LABELS.get(action, action).lower()
                raise Conflict(gettext("Không thể %(action)s khi hồ sơ ở trạng thái “%(status)s”.") % {
                    "action": label, "status": d.get_status_display()})
            # Brought-in history records what an older system did, whose exports rarely list every internal
            # step or the result's number: the completeness of the internal process is not judged again.
            refused = None if history is not None and action in HISTORY_UNJUDGED else _guard(actor, d, action, at)
            if refused is not None:
                raise refused
            ctx = Context(
                d, actor, action, at, note=note or "", data=data,
                to_unit=_resolve_unit(to_unit), to_user=_resolve_user(to_user), imported=history is not None,
            )
            from_status, from_unit = d.status, d.current_unit
            counted_before = stats_summary.snapshot(d)
            HANDLERS[action](ctx)
            if history is not None:
                ctx.event_data.update(_history_marks(history))
            new_status = target(ctx) if callable(target) else target
            d.status = from_status if new_status == SAME else new_status
            d.version += 1
            d.save(update_fields=SAVED_FIELDS)
            event = append_event(
                chain=d.reception_unit_id, dossier_id=d.pk, action=action, actor_id=actor.pk, actor_role=actor.role,
                from_status=from_status, to_status=d.status, from_unit_id=from_unit.pk,
                to_unit_id=d.current_unit_id, to_user_id=d.assignee_id if action in ("assign", "transfer") else None,
                note=ctx.note, data=ctx.event_data, at=at,
            )
            stats_summary.record_change(counted_before, d)  # the statistics' day counts (decision 0054)
            _record(d, event, actor, prepared, written)
    except BaseException:
        attachment_files.discard(written)
        raise
    finally:
        _acting_day.reset(acting)
    return d


def _record(d: Dossier, event, actor: User, prepared: list, written: list[str]) -> None:
    """What follows every event, inside its transaction: its files (a resolve's result files signed, ADR 0043),
    its outbox rows and portal notice (sent after commit), and the after-commit hook."""
    stored = attachment_files.store(prepared, d, event, actor, event.at, written)
    if event.action == "resolve" and stored and not (event.data or {}).get("imported"):
        from motcua.esign.services import sign_result_files  # the electronic result, signed (ADR 0043)

        sign_result_files(d, event, stored, written)
    queue_for_event(d, event)
    national_portal.queue_for_event(d, event)  # the status notice to the national portal (decision 0047)
    transaction.on_commit(lambda: hooks.after_transition(d, event))


def _check_at(at: datetime | None, field_name: str = "at") -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationFailed(gettext("Thời điểm phải có múi giờ."), field=field_name)
    if at > now + timedelta(minutes=1):
        raise ValidationFailed(gettext("Thời điểm không được ở tương lai."), field=field_name)
    return at


def _check_after_last_event(d: Dossier, at: datetime) -> None:
    """History is written in order: an action of the past cannot precede what the dossier already records."""
    last = d.events.order_by("-at", "-id").values_list("at", flat=True).first()
    if last is not None and at < last:
        shown = timezone.localtime(last)
        raise ValidationFailed(
            gettext("Thời điểm thao tác không được sớm hơn thao tác gần nhất của hồ sơ (%(time)s ngày %(day)s).") % {
                "time": f"{shown:%H:%M}", "day": f"{shown:%d/%m/%Y}"},
            field="at",
        )


def _history_marks(history: dict) -> dict:
    # The audit trail tells imported events from live ones (issue 9 item 7).
    return {**history, "imported": True}


def _resolve_unit(value) -> Unit | None:
    if value is None or isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(code=value, is_active=True).first()
    if unit is None:
        raise ValidationFailed(gettext("Không có đơn vị %(code)s.") % {"code": value}, field="to_unit")
    return unit


def _resolve_user(value) -> User | None:
    if value is None or isinstance(value, User):
        return value
    user = User.objects.filter(username=value, is_active=True).first()
    if user is None:
        raise ValidationFailed(gettext("Không có người dùng %(username)s.") % {"username": value}, field="to_user")
    return user


# -- intake --------------------------------------------------------------------------------------------
def required_documents(version, variant=None):
    docs = [doc for doc in version.documents.all() if doc.variant_id in (None, getattr(variant, "pk", None))]
    return [doc for doc in docs if not doc.is_optional]


def missing_documents(version, variant, checklist: dict) -> list[dict]:
    """Every required document the checklist lacks or has too few originals/copies of (Mẫu 02 lists all)."""
    if not isinstance(checklist, dict):
        raise ValidationFailed(gettext("Danh mục giấy tờ không hợp lệ."), field="checklist")
    missing = []
    for doc in required_documents(version, variant):
        row = checklist.get(str(doc.pk)) or checklist.get(doc.pk) or {}
        if not isinstance(row, dict):
            raise ValidationFailed(gettext("Danh mục giấy tờ không hợp lệ."), field="checklist")
        present = row.get("present", True) if row else False
        originals, copies = row.get("originals", doc.originals), row.get("copies", doc.copies)
        if not present or not isinstance(originals, int) or not isinstance(copies, int) or originals < doc.originals or copies < doc.copies:
            missing.append({"document": doc.pk, "name": doc.name, "originals": doc.originals, "copies": doc.copies})
    return missing


def normalise_checklist(version, variant, checklist: dict | None) -> dict:
    """The checklist as stored; an officer who sends none attests every required document is there."""
    out = {}
    for doc in version.documents.all():
        row = (checklist or {}).get(str(doc.pk)) or (checklist or {}).get(doc.pk)
        if checklist is None and not doc.is_optional:
            row = {"present": True}
        if row:
            out[str(doc.pk)] = {
                "originals": row.get("originals", doc.originals),
                "copies": row.get("copies", doc.copies),
                "present": bool(row.get("present", True)),
            }
    return out


def _start_processing(d: Dossier, at: datetime, code: str | None = None) -> None:
    """Acceptance: the code, the clock (legal-notes §1.9: it starts at acceptance), the first holding.
    `code`: the code a dossier brought in from an old system already has (kept: the applicant holds it)."""
    d.received_at = at
    d.code = code or next_code(d.reception_unit, at)
    deadlines.start(d)
    steps = deadlines.steps_of(d)
    d.current_step = steps[0] if steps and step_unit(d, steps[0], timezone.localdate(at)).pk == d.reception_unit_id else None
    d.current_unit = d.reception_unit
    # A process done at the desk alone (one desk step, or the desk's unit implements a procedure without
    # steps) has its decision at the desk: the result may be issued there (same-day procedures).
    at_desk_alone = (d.current_step is not None and d.current_step.pk == steps[-1].pk) if steps else (
        d.procedure_version.implementing_unit_id == d.reception_unit_id
    )
    d.process_completed_at = at if at_desk_alone else None
    if d.pk:
        _open_intake_holding(d, at)


@dataclass
class IntakeResult:
    dossier: Dossier
    replayed: bool = False


def request_fingerprint(**values) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder, default=str).encode()).hexdigest()


APPLICANT_FIELDS = {
    "name": "applicant_name", "id_number": "applicant_id_number", "phone": "applicant_phone",
    "email": "applicant_email", "address": "applicant_address",
    "representative_name": "representative_name", "representative_id_number": "representative_id_number",
    "representative_relation": "representative_relation",
}


def receive_dossier(
    *,
    actor: User,
    procedure_code: str,
    unit_code: str,
    channel: str,
    applicant: dict,
    checklist: dict | None = None,
    attachments=None,
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
    variant: int | None = None,
    refusal_reason: str = "",
    draft: bool = False,
    history: dict | None = None,
    form_data: dict | None = None,
) -> IntakeResult:
    """Intake through any channel (domain.md §4).

    An officer: complete → received (code, due instant, per-step deadlines); incomplete → IncompleteDossier
    listing every missing document and nothing is written; `refusal_reason` → refused at intake (Mẫu 03,
    no code). A citizen (online): the dossier waits in `submitted` for the officer's check — or, with
    `draft`, stays the citizen's draft (with its scans) until `transition(..., "submit")`.
    A repeated `idempotency_key` with the same request returns the first dossier (replayed=True).
    `history` brings in a dossier of the past (see `transition`): `received_at` is required, the actor
    need not be the desk's officer, and the event is marked `imported`.
    `form_data` ({key: value}) is the procedure-specific information the version declares, checked by
    `catalog.intake.clean_form_data` (decision 0045): a field at fault → ValidationFailed naming it
    (`form_data.<key>`), nothing written. Not given (None, clients that predate the declarations, and
    dossiers of the past), a required field left out is not an error; given, it is checked in full.
    """
    # Free text is bounded (the columns' lengths) and free of control characters, whatever the channel.
    if isinstance(applicant, dict):
        for key, column in APPLICANT_FIELDS.items():
            check_text(applicant.get(key) or "", f"applicant.{key}", Dossier._meta.get_field(column).max_length)
    check_text(refusal_reason or "", "refusal_reason", MAX_NOTE)
    check_structure(checklist or {}, "checklist")
    if form_data is not None:
        check_structure(form_data, "form_data")
    fingerprint = request_fingerprint(
        procedure=procedure_code, unit=unit_code, channel=channel, applicant=applicant, checklist=checklist,
        received_at=received_at, variant=variant, refusal=refusal_reason, draft=draft,
        files=[(doc, getattr(f, "name", ""), getattr(f, "size", 0)) for doc, f in (attachments or [])],
        # Only when given: the fingerprints of requests without it stay what they were.
        **({"form_data": form_data} if form_data is not None else {}),
    )
    if idempotency_key:
        replay = _replay(actor, idempotency_key, fingerprint)
        if replay is not None:
            return replay
    prepared = attachment_files.prepare(attachments or [])
    written: list[str] = []
    try:
        with transaction.atomic():
            d, event = _intake(
                actor, procedure_code, unit_code, channel, applicant, checklist, received_at, variant, refusal_reason,
                draft=draft, history=history, form_data=form_data,
            )
            if idempotency_key:
                IdempotencyKey.objects.create(key=idempotency_key, user=actor, request_hash=fingerprint, dossier=d)
            _record(d, event, actor, prepared, written)
    except IntegrityError:
        attachment_files.discard(written)
        if idempotency_key:  # the same key raced in from another request
            replay = _replay(actor, idempotency_key, fingerprint)
            if replay is not None:
                return replay
        raise
    except BaseException:
        attachment_files.discard(written)
        raise
    return IntakeResult(d)


def _replay(actor, key: str, fingerprint: str) -> IntakeResult | None:
    row = IdempotencyKey.objects.filter(user=actor, key=key).select_related("dossier").first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise Conflict(gettext("Khóa Idempotency-Key đã được dùng cho một yêu cầu khác."))
    return IntakeResult(row.dossier, replayed=True)


def _intake(
    actor, procedure_code, unit_code, channel, applicant, checklist, received_at, variant_id, refusal_reason, draft=False,
    history=None, form_data=None,
):
    if channel not in Channel.values:
        raise ValidationFailed(gettext("Kênh tiếp nhận không hợp lệ."), field="channel")
    procedure = Procedure.objects.filter(code=procedure_code, is_active=True).select_related("current_version").first()
    current = procedure.current_version if procedure else None
    if current is None or current.status != VersionStatus.PUBLISHED:
        raise ValidationFailed(gettext("Không có thủ tục %(code)s đang áp dụng.") % {"code": procedure_code}, field="procedure")
    at = _check_at(received_at, "received_at") if received_at is not None else timezone.now()
    # The dossier is handled under the version in force on the day it is received, not the latest one.
    version = version_in_force(procedure, timezone.localdate(at))
    if version is None:
        raise ValidationFailed(
            gettext("Thủ tục %(code)s chưa có phiên bản áp dụng vào ngày %(day)s.") % {
                "code": procedure_code, "day": f"{timezone.localdate(at):%d/%m/%Y}"},
            field="procedure",
        )
    unit = reception_units().filter(code=unit_code).first()
    if unit is None:
        raise ValidationFailed(gettext("%(code)s không phải nơi tiếp nhận hồ sơ.") % {"code": unit_code}, field="unit")
    if not unit.is_in_force(timezone.localdate(at)):
        # A unit receives only while it exists in law (issue 12 item 3; e.g. Resolution 1679/NQ-UBTVQH15
        # ended the wards of Cẩm Phả city on 30 June 2025): its successor receives from the next day.
        raise ValidationFailed(_not_in_force_message(unit, timezone.localdate(at)), field="unit")
    if not receives(unit, version, on=timezone.localdate(at)):
        raise ValidationFailed(gettext("Thủ tục này không được tiếp nhận tại đơn vị đã chọn."), field="unit")
    variant = None
    if variant_id is not None:
        variant = ProcedureVariant.objects.filter(pk=variant_id, version=version).first()
        if variant is None:
            raise ValidationFailed(gettext("Trường hợp thủ tục không hợp lệ."), field="variant")
    if not isinstance(applicant, dict) or not str(applicant.get("name") or "").strip():
        raise ValidationFailed(gettext("Cần họ tên chủ hồ sơ."), field="applicant.name")
    unknown = set(applicant) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationFailed(gettext("Trường không hợp lệ: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, field="applicant")
    is_citizen = actor.role == Role.CITIZEN
    if history is not None:
        if received_at is None:
            raise ValidationFailed(gettext("Cần thời điểm tiếp nhận của hồ sơ đã qua."), field="received_at")
        if is_citizen or draft:
            raise NotAllowed(str(HISTORY_NOT_ALLOWED))
    elif draft and not is_citizen:
        raise NotAllowed(gettext("Chỉ công dân lập hồ sơ nháp trực tuyến."))
    if is_citizen:
        if channel != Channel.ONLINE or received_at is not None or refusal_reason:
            raise NotAllowed(gettext("Công dân chỉ nộp hồ sơ trực tuyến; cán bộ một cửa kiểm tra và tiếp nhận."))
        if version.online_level == "none":
            raise ValidationFailed(gettext("Thủ tục này chưa cung cấp dịch vụ công trực tuyến."), field="procedure")
    elif history is None and (actor.role != Role.COUNTER_OFFICER or actor.unit_id != unit.pk):
        raise NotAllowed(gettext("Chỉ cán bộ tiếp nhận của đơn vị được tiếp nhận hồ sơ tại đơn vị đó."))
    # The information the version's application form asks for: one check, whatever the channel (decision 0045).
    values = clean_form_data(version, form_data or {}, partial=form_data is None or history is not None)
    d = Dossier(
        procedure=procedure, procedure_version=version, variant=variant, reception_unit=unit, current_unit=unit,
        channel=channel, created_by=actor, citizen=actor if is_citizen else None, submitted_at=at,
        **{APPLICANT_FIELDS[k]: str(v or "").strip() for k, v in applicant.items()},
        form_data=values,
    )
    if is_citizen:
        d.status = S.DRAFT if draft else S.SUBMITTED
        d.submitted_at = None if draft else at
        d.checklist = normalise_checklist(version, variant, checklist or {})
        action, note, event_data = ("create" if draft else "submit"), "", {}
    elif refusal_reason:
        # Outside competence or not eligible: Mẫu 03, nothing received (Decree 61/2018, art. 15).
        d.status = S.REFUSED
        action, note, event_data = "refuse", refusal_reason, {"at_intake": True}
    else:
        missing = missing_documents(version, variant, checklist) if checklist is not None else []
        if missing:
            raise IncompleteDossier(missing)  # Mẫu 02: nothing is received, no code is used
        d.checklist = normalise_checklist(version, variant, checklist)
        d.status = S.RECEIVED
        _start_processing(d, at, code=(history or {}).get("code"))
        action, note, event_data = "receive", "", {"due_at": None}
    d.save()
    if d.status == S.RECEIVED:
        _open_intake_holding(d, at)
        event_data = {"due_at": d.due_at, "code": d.code, "checklist": d.checklist, "channel": d.channel}
    if values:  # what the applicant declared is part of the intake's record (the audit chain), decision 0045
        event_data = {**event_data, "form_data": values}
    if history is not None:
        event_data = {**event_data, **_history_marks(history)}
    event = append_event(
        chain=unit.pk, dossier_id=d.pk, action=action, actor_id=actor.pk, actor_role=actor.role, from_status="",
        to_status=d.status, from_unit_id=None, to_unit_id=unit.pk, to_user_id=None, note=note,
        data=event_data, at=at,
    )
    stats_summary.record_change({}, d)  # the statistics' day counts (decision 0054)
    return d, event


def _not_in_force_message(unit: Unit, on: date) -> str:
    if unit.valid_from and on < unit.valid_from:
        return gettext("%(unit)s chỉ tiếp nhận hồ sơ từ ngày %(day)s.") % {"unit": unit.name, "day": f"{unit.valid_from:%d/%m/%Y}"}
    values = {"unit": unit.name, "day": f"{unit.valid_to:%d/%m/%Y}"}
    if unit.successor_id:
        return gettext("%(unit)s đã chấm dứt hoạt động từ sau ngày %(day)s; hồ sơ nộp tại %(successor)s.") % {
            **values, "successor": unit.successor.name}
    return gettext("%(unit)s đã chấm dứt hoạt động từ sau ngày %(day)s.") % values


def create_draft(*, actor: User, procedure_code: str, unit_code: str, applicant: dict, attachments=None) -> Dossier:
    """An online draft of a citizen (status draft); `transition(..., "submit")` sends it."""
    return receive_dossier(
        actor=actor, procedure_code=procedure_code, unit_code=unit_code, channel=Channel.ONLINE,
        applicant=applicant, attachments=attachments, draft=True,
    ).dossier


__all__ = [
    "ACTIONS", "ACTION_ROLES", "TRANSITIONS", "IncompleteDossier", "allowed_actions", "create_draft", "may_attempt",
    "may_import_history", "receive_dossier", "transition", "NotFound",
]
