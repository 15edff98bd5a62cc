"""Every change of a dossier: intake (`receive_dossier`) and the one transition function (`transition`).

A transition happens inside one transaction: lock the row, check visibility (404), the actor's role and
place (403), the version (409) and the state (409, the table below), apply the action's rule, bump the
version, save, append the audit event, and hand the notification hook to on_commit.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure, ProcedureVariant, ProcessStep, VersionStatus
from motcua.catalog.selectors import receives
from motcua.common.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from motcua.common.text import MAX_NAME, MAX_NOTE, check_structure, check_text
from motcua.notify.services import queue_for_event
from motcua.units.models import Unit
from motcua.units.selectors import government_of, reception_units

from . import attachments as attachment_files
from . import deadlines, hooks
from .audit import append_event
from .codes import next_code
from .models import ACTION_LABELS, Channel, Dossier, IdempotencyKey, Opinion, ResultKind, Status, UnitHolding
from .permissions import ACTION_ROLES, dossier_for_user, may_act

S = Status
STALE_VERSION = "Hồ sơ đã được người khác cập nhật; hãy tải lại."


class IncompleteDossier(DomainError):
    """The checklist lacks required documents: nothing is received; the list is the Mẫu 02 content."""

    status = 422
    type = "https://motcua.vn/problems/incomplete-dossier"
    title = "Hồ sơ chưa đầy đủ"

    def __init__(self, missing: list[dict]):
        names = "; ".join(m["name"] for m in missing)
        super().__init__(f"Hồ sơ còn thiếu: {names}.", errors=[{"field": "checklist", "message": m["name"], **m} for m in missing])
        self.missing = missing


def max_supplements() -> int:
    # Product rule (domain.md §4): at most once during processing; configurable.
    return int(getattr(settings, "MOTCUA_MAX_SUPPLEMENTS_DURING_PROCESSING", 1))


# -- helpers of the internal process -----------------------------------------------------------------
def step_unit(dossier: Dossier, step: ProcessStep) -> Unit:
    """The unit that does a step: a unit code, or a kind relative to where the dossier was received."""
    ref = step.unit_ref
    found = Unit.objects.filter(code=ref).first()
    if found is not None:
        return found
    if ref in ("one_stop_desk", "admin_center"):
        return dossier.reception_unit
    if ref in ("department", "implementing_unit") and dossier.procedure_version.implementing_unit_id:
        return dossier.procedure_version.implementing_unit
    # "ward", "commune", "ward_people_committee"…: the level of government of the reception unit.
    return government_of(dossier.reception_unit)


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


def _close_holding(dossier: Dossier, at: datetime) -> None:
    UnitHolding.objects.filter(dossier=dossier, ended_at__isnull=True).update(ended_at=at)


def _move(dossier: Dossier, unit: Unit, step: ProcessStep | None, at: datetime) -> None:
    """Hand the dossier to a unit (and step); a new unit starts its own holding (liên thông, domain.md §5)."""
    if unit.pk != dossier.current_unit_id:
        _close_holding(dossier, at)
        dossier.current_unit = unit
        _open_holding(dossier, unit, at, step)
    dossier.current_step = step
    dossier.assignee = None


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
ACTIONS = sorted({action for _, action in TRANSITIONS})


# -- what must hold before an action, beyond its state and the actor's place ----------------------------
# One place for these rules: `transition` raises what they return, `allowed_actions` hides the action.
Guard = Callable[[User, Dossier, datetime], DomainError | None]


def _guard_request_supplement(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.received_at is None:
        if actor.role != Role.COUNTER_OFFICER:
            return NotAllowed("Chỉ cán bộ tiếp nhận được hướng dẫn bổ sung hồ sơ khi tiếp nhận.")
        return None
    if d.supplement_count >= max_supplements():
        return Conflict(f"Trong quá trình giải quyết chỉ được yêu cầu bổ sung {max_supplements()} lần.")
    return None


def _guard_refuse(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.received_at is None and actor.role != Role.COUNTER_OFFICER:
        return NotAllowed("Chỉ cán bộ tiếp nhận được từ chối tiếp nhận hồ sơ (Mẫu 03).")
    if d.received_at is not None and actor.role == Role.COUNTER_OFFICER:
        return NotAllowed("Từ chối giải quyết do lãnh đạo cơ quan có thẩm quyền quyết định.")
    return None


def _guard_apologize(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.due_at is None:
        return Conflict("Hồ sơ không có hạn giải quyết để hẹn lại.")
    # Mẫu 04 is issued before the due instant (legal-notes §1.7); the dossier stays late for statistics.
    if at > d.due_at:
        return Conflict("Phiếu xin lỗi và hẹn lại phải được lập trước thời hạn giải quyết.")
    return None


def _guard_return_result(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    if d.status == S.REFUSED:
        if d.received_at is None:
            return Conflict("Hồ sơ bị từ chối khi tiếp nhận: Mẫu 03 đã được giao ngay tại quầy.")
        if d.returned_at is not None:
            return Conflict("Văn bản từ chối đã được trả cho người nộp.")
    return None


def _guard_rate(actor: User, d: Dossier, at: datetime) -> DomainError | None:
    return Conflict("Hồ sơ đã được đánh giá.") if d.rating else None


GUARDS: dict[str, Guard] = {
    "request_supplement": _guard_request_supplement,
    "refuse": _guard_refuse,
    "apologize": _guard_apologize,
    "return_result": _guard_return_result,
    "rate": _guard_rate,
}


def _guard(actor: User, d: Dossier, action: str, at: datetime) -> DomainError | None:
    rule = GUARDS.get(action)
    return rule(actor, d, at) if rule else None


# -- the rules of each action --------------------------------------------------------------------------
def _require_note(ctx: Context, what: str) -> None:
    if not (ctx.note or "").strip():
        raise ValidationFailed(f"Cần ghi rõ {what}.", field="note")


def _parse_instant(value, field_name: str) -> datetime:
    try:
        t = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed("Thời điểm không hợp lệ (ISO 8601).", field=field_name) from None
    if timezone.is_naive(t):
        t = timezone.make_aware(t)
    return t


def _do_submit(ctx: Context) -> None:
    ctx.dossier.submitted_at = ctx.at


def _do_receive(ctx: Context) -> None:
    d = ctx.dossier
    checklist = ctx.data.get("checklist")
    if checklist is not None:
        missing = missing_documents(d.procedure_version, d.variant, checklist)
        if missing:
            raise IncompleteDossier(missing)
        d.checklist = normalise_checklist(d.procedure_version, d.variant, checklist)
    _start_processing(d, ctx.at)
    ctx.event_data.update(due_at=d.due_at, code=d.code)


def _do_request_supplement(ctx: Context) -> None:
    d = ctx.dossier
    missing = ctx.data.get("missing") or []
    if not missing:
        _require_note(ctx, "những giấy tờ cần bổ sung và lý do")
    ctx.event_data["missing"] = missing
    if d.received_at is None:
        return
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
    for holding in UnitHolding.objects.filter(dossier=d, ended_at__isnull=True, due_at__isnull=False):
        holding.due_at = deadlines.add_working_seconds(holding.unit, holding.due_at, paused)
        holding.save(update_fields=["due_at"])
    ctx.event_data.update(paused_working_seconds=paused, due_at=d.due_at)


def _do_refuse(ctx: Context) -> None:
    d = ctx.dossier
    _require_note(ctx, "lý do từ chối")
    if d.received_at is None:
        return
    # Refusal during processing: the competent unit's written reasons go back to the one-stop desk,
    # which hands them to the applicant (Decree 61/2018, art. 16; recorded by `return_result`).
    d.result_kind = ResultKind.REFUSED
    d.resolved_at = ctx.at
    d.timeliness = deadlines.close(d, ctx.at)
    _close_holding(d, ctx.at)
    d.current_unit, d.current_step, d.assignee = d.reception_unit, None, None


def _do_transfer(ctx: Context) -> None:
    d = ctx.dossier
    if ctx.to_unit is not None:
        step = next((s for s in _later_steps(d) if step_unit(d, s).pk == ctx.to_unit.pk), None)
        _move(d, ctx.to_unit, step, ctx.at)
    else:
        step = _next_step(d)
        if step is not None:
            target = step_unit(d, step)
        elif d.current_unit_id == d.reception_unit_id and not deadlines.steps_of(d):
            # No internal process published: from the desk to the unit that resolves the procedure.
            target = d.procedure_version.implementing_unit or government_of(d.reception_unit)
        else:
            target = d.reception_unit  # the last step is done: the result goes to the one-stop desk
        _move(d, target, step, ctx.at)
    if ctx.to_user is not None:
        _do_assign(ctx)


def _do_assign(ctx: Context) -> None:
    user = ctx.to_user
    d = ctx.dossier
    if user is None:
        raise ValidationFailed("Cần chọn người xử lý.", field="to_user")
    if user.unit_id != d.current_unit_id or user.role not in (Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.LEADER):
        raise ValidationFailed("Người được giao phải là cán bộ của đơn vị đang giữ hồ sơ.", field="to_user")
    d.assignee = user


def _do_approve(ctx: Context) -> None:
    ctx.to_unit = None
    _do_transfer(ctx)


def _do_consult(ctx: Context) -> None:
    d = ctx.dossier
    codes = ctx.data.get("units") or []
    if not isinstance(codes, list) or not codes:
        raise ValidationFailed("Cần chọn ít nhất một đơn vị phối hợp.", field="units")
    units = list(Unit.objects.filter(code__in=codes))
    if len(units) != len(set(codes)) or any(u.pk == d.current_unit_id for u in units):
        raise ValidationFailed("Đơn vị phối hợp không hợp lệ.", field="units")
    days = ctx.data.get("due_days", 3)
    if not isinstance(days, int) or days < 1:
        raise ValidationFailed("Thời hạn góp ý phải là số ngày làm việc từ 1 trở lên.", field="due_days")
    for unit in units:
        due = deadlines.working_days_after(unit, ctx.at, days)
        Opinion.objects.create(dossier=d, unit=unit, requested_by=ctx.actor, requested_at=ctx.at, due_at=due)
    ctx.event_data.update(units=sorted(codes), due_days=days)


def _do_give_opinion(ctx: Context) -> None:
    _require_note(ctx, "nội dung ý kiến")
    opinion = ctx.dossier.opinions.filter(unit_id=ctx.actor.unit_id, answered_at__isnull=True).first()
    opinion.answer, opinion.answered_at, opinion.answered_by = ctx.note, ctx.at, ctx.actor
    opinion.save(update_fields=["answer", "answered_at", "answered_by"])
    ctx.event_data.update(unit=ctx.actor.unit.code, late=bool(opinion.due_at and ctx.at > opinion.due_at))


def _do_resolve(ctx: Context) -> None:
    d = ctx.dossier
    kind = ctx.data.get("result_kind", ResultKind.APPROVED)
    if kind not in ResultKind.values:
        raise ValidationFailed("Loại kết quả không hợp lệ.", field="result_kind")
    # The instant that counts is when the result reaches the one-stop desk (domain.md §3).
    d.result_kind, d.resolved_at = kind, ctx.at
    d.timeliness = deadlines.close(d, ctx.at)
    _close_holding(d, ctx.at)
    ctx.event_data.update(timeliness=d.timeliness, due_at=d.due_at)


def _do_apologize(ctx: Context) -> None:
    d = ctx.dossier
    _require_note(ctx, "lý do chậm trả kết quả")
    if "new_appointment_at" not in ctx.data:
        raise ValidationFailed("Cần ngày hẹn trả kết quả mới.", field="new_appointment_at")
    new = _parse_instant(ctx.data["new_appointment_at"], "new_appointment_at")
    if new <= d.due_at:
        raise ValidationFailed("Ngày hẹn mới phải sau hạn giải quyết.", field="new_appointment_at")
    d.apology_note, d.new_appointment_at = ctx.note, new
    ctx.event_data.update(new_appointment_at=new, due_at=d.due_at)


def _do_return_result(ctx: Context) -> None:
    """The result — or, after a refusal during processing, its written reasons — reaches the applicant."""
    method = ctx.data.get("method", "counter")
    if method not in ("counter", "post", "online"):
        raise ValidationFailed("Hình thức trả kết quả không hợp lệ.", field="method")
    ctx.dossier.returned_at = ctx.at
    ctx.event_data["method"] = method


def _do_withdraw(ctx: Context) -> None:
    _close_holding(ctx.dossier, ctx.at)


def _do_request_payment(ctx: Context) -> None:
    amount = ctx.data.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed("Số tiền phí, lệ phí phải là số nguyên dương (đồng).", field="amount")
    ctx.event_data["amount"] = amount


def _do_pay(ctx: Context) -> None:
    reference = str(ctx.data.get("reference", "")).strip()
    if not reference:
        raise ValidationFailed("Cần mã giao dịch hoặc số biên lai nộp phí, lệ phí.", field="reference")
    ctx.event_data["reference"] = reference[:100]


def _do_stop(ctx: Context) -> None:
    _require_note(ctx, "lý do và căn cứ dừng giải quyết")
    _close_holding(ctx.dossier, ctx.at)


RATING_LEVELS = ("very_satisfied", "satisfied", "not_satisfied")


def _do_rate(ctx: Context) -> None:
    level = ctx.data.get("level")
    if level not in RATING_LEVELS:
        raise ValidationFailed("Mức đánh giá không hợp lệ.", field="level")
    ctx.dossier.rating = level
    ctx.event_data["level"] = level


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
}

SAVED_FIELDS = [
    "code", "status", "version", "current_unit", "current_step", "assignee", "submitted_at", "received_at",
    "due_at", "deadline_ledger", "resolved_at", "returned_at", "result_kind", "timeliness", "supplement_count",
    "apology_note", "new_appointment_at", "checklist", "rating",
]


def may_attempt(user, dossier: Dossier, action: str) -> bool:
    """The state table and the actor's place allow the action (its guard may still say why not)."""
    return (dossier.status, action) in TRANSITIONS and may_act(user, dossier, action)


def allowed_actions(user, dossier: Dossier, at: datetime | None = None) -> list[str]:
    """The actions this user can take now: state, role and place, and every guard satisfied."""
    at = at or timezone.now()
    return [
        a for (state, a) in TRANSITIONS
        if state == dossier.status and may_act(user, dossier, a) and _guard(user, dossier, a, at) is None
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
) -> Dossier:
    """Apply one action to a dossier (see the module docstring). `files`: [(document id or None, file)]."""
    if action not in HANDLERS:
        raise ValidationFailed(f"Thao tác không hợp lệ: {action}.", field="action")
    # Free text is bounded and free of control characters, whatever the channel (issue 11).
    check_text(note, "note", MAX_NOTE)
    for name, value in (("to_unit", to_unit), ("to_user", to_user)):
        if isinstance(value, str):
            check_text(value, name, MAX_NAME)
    check_structure(data or {}, "data")
    at = _check_at(at)
    data = dict(data or {})
    prepared = attachment_files.prepare(files or [])
    written: list[str] = []
    try:
        with transaction.atomic():
            d = dossier_for_user(actor, dossier_code_or_obj, for_update=True)  # locks the row until commit
            d = (
                Dossier.objects.select_related("procedure_version", "reception_unit", "current_unit", "current_step", "variant")
                .get(pk=d.pk)
            )
            if not may_act(actor, d, action):
                raise NotAllowed("Bạn không có quyền thực hiện thao tác này với hồ sơ.")
            if expected_version != d.version:
                raise Conflict(STALE_VERSION)
            target = TRANSITIONS.get((d.status, action))
            if target is None:
                label = ACTION_LABELS.get(action, action).lower()
                raise Conflict(f"Không thể {label} khi hồ sơ ở trạng thái “{d.get_status_display()}”.")
            refused = _guard(actor, d, action, at)
            if refused is not None:
                raise refused
            ctx = Context(
                d, actor, action, at, note=note or "", data=data,
                to_unit=_resolve_unit(to_unit), to_user=_resolve_user(to_user),
            )
            from_status, from_unit = d.status, d.current_unit
            HANDLERS[action](ctx)
            new_status = target(ctx) if callable(target) else target
            d.status = from_status if new_status == SAME else new_status
            d.version += 1
            d.save(update_fields=SAVED_FIELDS)
            event = append_event(
                dossier_id=d.pk, action=action, actor_id=actor.pk, actor_role=actor.role,
                from_status=from_status, to_status=d.status, from_unit_id=from_unit.pk,
                to_unit_id=d.current_unit_id, to_user_id=d.assignee_id if action in ("assign", "transfer") else None,
                note=ctx.note, data=ctx.event_data, at=at,
            )
            _record(d, event, actor, prepared, written)
    except BaseException:
        attachment_files.discard(written)
        raise
    return d


def _record(d: Dossier, event, actor: User, prepared: list, written: list[str]) -> None:
    """What follows every event, inside its transaction: its files, its outbox rows (sent after commit),
    and the after-commit hook."""
    attachment_files.store(prepared, d, event, actor, event.at, written)
    queue_for_event(d, event)
    transaction.on_commit(lambda: hooks.after_transition(d, event))


def _check_at(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationFailed("Thời điểm phải có múi giờ.", field="at")
    if at > now + timedelta(minutes=1):
        raise ValidationFailed("Thời điểm không được ở tương lai.", field="received_at")
    return at


def _resolve_unit(value) -> Unit | None:
    if value is None or isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(code=value, is_active=True).first()
    if unit is None:
        raise ValidationFailed(f"Không có đơn vị {value}.", field="to_unit")
    return unit


def _resolve_user(value) -> User | None:
    if value is None or isinstance(value, User):
        return value
    user = User.objects.filter(username=value, is_active=True).first()
    if user is None:
        raise ValidationFailed(f"Không có người dùng {value}.", field="to_user")
    return user


# -- intake --------------------------------------------------------------------------------------------
def required_documents(version, variant=None):
    docs = [doc for doc in version.documents.all() if doc.variant_id in (None, getattr(variant, "pk", None))]
    return [doc for doc in docs if not doc.is_optional]


def missing_documents(version, variant, checklist: dict) -> list[dict]:
    """Every required document the checklist lacks or has too few originals/copies of (Mẫu 02 lists all)."""
    if not isinstance(checklist, dict):
        raise ValidationFailed("Danh mục giấy tờ không hợp lệ.", field="checklist")
    missing = []
    for doc in required_documents(version, variant):
        row = checklist.get(str(doc.pk)) or checklist.get(doc.pk) or {}
        if not isinstance(row, dict):
            raise ValidationFailed("Danh mục giấy tờ không hợp lệ.", field="checklist")
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


def _start_processing(d: Dossier, at: datetime) -> None:
    """Acceptance: the code, the clock (legal-notes §1.9: it starts at acceptance), the first holding."""
    d.received_at = at
    d.code = next_code(d.reception_unit, at)
    deadlines.start(d)
    steps = deadlines.steps_of(d)
    d.current_step = steps[0] if steps and step_unit(d, steps[0]).pk == d.reception_unit_id else None
    d.current_unit = d.reception_unit
    if d.pk:
        _open_holding(d, d.reception_unit, at, d.current_step)


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
) -> IntakeResult:
    """Intake through any channel (domain.md §4).

    An officer: complete → received (code, due instant, per-step deadlines); incomplete → IncompleteDossier
    listing every missing document and nothing is written; `refusal_reason` → refused at intake (Mẫu 03,
    no code). A citizen (online): the dossier waits in `submitted` for the officer's check — or, with
    `draft`, stays the citizen's draft (with its scans) until `transition(..., "submit")`.
    A repeated `idempotency_key` with the same request returns the first dossier (replayed=True).
    """
    # Free text is bounded (the columns' lengths) and free of control characters, whatever the channel.
    if isinstance(applicant, dict):
        for key, column in APPLICANT_FIELDS.items():
            check_text(applicant.get(key) or "", f"applicant.{key}", Dossier._meta.get_field(column).max_length)
    check_text(refusal_reason or "", "refusal_reason", MAX_NOTE)
    check_structure(checklist or {}, "checklist")
    fingerprint = request_fingerprint(
        procedure=procedure_code, unit=unit_code, channel=channel, applicant=applicant, checklist=checklist,
        received_at=received_at, variant=variant, refusal=refusal_reason, draft=draft,
        files=[(doc, getattr(f, "name", ""), getattr(f, "size", 0)) for doc, f in (attachments or [])],
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
                draft=draft,
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
        raise Conflict("Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.")
    return IntakeResult(row.dossier, replayed=True)


def _intake(
    actor, procedure_code, unit_code, channel, applicant, checklist, received_at, variant_id, refusal_reason, draft=False
):
    if channel not in Channel.values:
        raise ValidationFailed("Kênh tiếp nhận không hợp lệ.", field="channel")
    procedure = Procedure.objects.filter(code=procedure_code, is_active=True).select_related("current_version").first()
    version = procedure.current_version if procedure else None
    if version is None or version.status != VersionStatus.PUBLISHED:
        raise ValidationFailed(f"Không có thủ tục {procedure_code} đang áp dụng.", field="procedure")
    unit = reception_units().filter(code=unit_code).first()
    if unit is None:
        raise ValidationFailed(f"{unit_code} không phải nơi tiếp nhận hồ sơ.", field="unit")
    if not receives(unit, version):
        raise ValidationFailed("Thủ tục này không được tiếp nhận tại đơn vị đã chọn.", field="unit")
    variant = None
    if variant_id is not None:
        variant = ProcedureVariant.objects.filter(pk=variant_id, version=version).first()
        if variant is None:
            raise ValidationFailed("Trường hợp thủ tục không hợp lệ.", field="variant")
    if not isinstance(applicant, dict) or not str(applicant.get("name") or "").strip():
        raise ValidationFailed("Cần họ tên chủ hồ sơ.", field="applicant.name")
    unknown = set(applicant) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationFailed(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", field="applicant")
    now = timezone.now()
    is_citizen = actor.role == Role.CITIZEN
    if draft and not is_citizen:
        raise NotAllowed("Chỉ công dân lập hồ sơ nháp trực tuyến.")
    if is_citizen:
        if channel != Channel.ONLINE or received_at is not None or refusal_reason:
            raise NotAllowed("Công dân chỉ nộp hồ sơ trực tuyến; cán bộ một cửa kiểm tra và tiếp nhận.")
        if version.online_level == "none":
            raise ValidationFailed("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", field="procedure")
    elif actor.role != Role.COUNTER_OFFICER or actor.unit_id != unit.pk:
        raise NotAllowed("Chỉ cán bộ tiếp nhận của đơn vị được tiếp nhận hồ sơ tại đơn vị đó.")
    at = _check_at(received_at) if received_at is not None else now
    d = Dossier(
        procedure=procedure, procedure_version=version, variant=variant, reception_unit=unit, current_unit=unit,
        channel=channel, created_by=actor, citizen=actor if is_citizen else None, submitted_at=at,
        **{APPLICANT_FIELDS[k]: str(v or "").strip() for k, v in applicant.items()},
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
        _start_processing(d, at)
        action, note, event_data = "receive", "", {"due_at": None}
    d.save()
    if d.status == S.RECEIVED:
        _open_holding(d, unit, at, d.current_step)
        event_data = {"due_at": d.due_at, "code": d.code, "checklist": d.checklist}
    event = append_event(
        dossier_id=d.pk, action=action, actor_id=actor.pk, actor_role=actor.role, from_status="",
        to_status=d.status, from_unit_id=None, to_unit_id=unit.pk, to_user_id=None, note=note,
        data=event_data, at=at,
    )
    return d, event


def create_draft(*, actor: User, procedure_code: str, unit_code: str, applicant: dict, attachments=None) -> Dossier:
    """An online draft of a citizen (status draft); `transition(..., "submit")` sends it."""
    return receive_dossier(
        actor=actor, procedure_code=procedure_code, unit_code=unit_code, channel=Channel.ONLINE,
        applicant=applicant, attachments=attachments, draft=True,
    ).dossier


__all__ = [
    "ACTIONS", "ACTION_ROLES", "TRANSITIONS", "IncompleteDossier", "allowed_actions", "create_draft", "may_attempt",
    "receive_dossier", "transition", "NotFound",
]
