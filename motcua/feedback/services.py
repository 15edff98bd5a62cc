"""Writes of feedback (phản ánh, kiến nghị): file it (portal, with or without an account), answer it
(officers of the concerned unit), publish or withdraw the answer, and the filer's satisfaction.

Every write checks its input first and changes nothing on bad input; each change is journaled on the
configuration chain (`audit.services.record_change`) in the same transaction. Text is stored as typed
(NFC): a `<script>` in it stays characters, and every page escapes it (docs/decisions/0033)."""
from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import record_change
from motcua.common.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from motcua.common.text import MAX_LINE, MAX_NAME, MAX_NOTE, nfc, text_problem
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import in_force
from motcua.workdays.calendars import calendar_for, to_aware, to_local
from motcua.workdays.engine import TimeUnit

from .models import Feedback, FeedbackStatus, Satisfaction

MAX_SUBJECT = 200
MAX_CONTENT = MAX_NOTE  # 4,000 characters, as every other note people send (issue 11)
MAX_ANSWER = MAX_NOTE
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 10
_PHONE = re.compile(r"^\+?[0-9 .\-]{8,15}$")
# Units a citizen may address feedback to: the offices and levels of government, not the province above.
FEEDBACK_UNIT_KINDS = [k for k in UnitKind.values if k != UnitKind.PROVINCE]


def working_days_limit() -> int:
    """The handling time of feedback in working days. The legal notes give no number for Decree 20/2008/
    NĐ-CP (receiving and handling feedback on administrative regulations): product rule, configurable
    (MOTCUA_FEEDBACK_WORKING_DAYS), default 10 — docs/decisions/0033."""
    return int(getattr(settings, "MOTCUA_FEEDBACK_WORKING_DAYS", 10))


def due_instant(unit: Unit, received_at: datetime) -> datetime:
    """Received + the limit in working time by the unit's calendar (the deadline engine, domain.md §3:
    the clock starts at the next working instant when received outside working hours)."""
    due = calendar_for(unit).due(to_local(received_at), working_days_limit(), TimeUnit.WORKING_DAYS)
    assert due is not None  # working days always have a due instant
    return to_aware(due)


def addressable_units(on=None):
    on = on or timezone.localdate()
    return in_force(on, Unit.objects.filter(is_active=True, kind__in=FEEDBACK_UNIT_KINDS)).order_by("path")


def _new_code() -> str:
    for _attempt in range(10):
        code = "PA-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Feedback.objects.filter(code=code).exists():
            return code
    raise Conflict(_("Không tạo được mã theo dõi; vui lòng gửi lại."))  # pragma: no cover - 32^10 codes


# Markup in what a citizen files (issue 13, "bad input": a feedback with a script in it gets a clear error):
# a tag (<script>, <img onerror=…>, <a …>) or a javascript: address. "x < 5" and "a<b" stay plain text.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.IGNORECASE)


def _text(data: dict[str, Any], key: str, label: str, max_length: int, *, required: bool, plain: bool = False) -> str:
    value = data.get(key)
    value = nfc(str(value)).strip() if value is not None else ""
    if not value:
        if required:
            raise ValidationFailed(_("Vui lòng nhập {label}.").format(label=label), field=key)
        return ""
    problem = text_problem(value, max_length)
    if problem:
        raise ValidationFailed(f"{label[0].upper()}{label[1:]}: {problem}", field=key)
    if plain and _MARKUP.search(value):
        raise ValidationFailed(
            _("{label}: không được chứa mã HTML hay mã script (như <script>); vui lòng chỉ viết chữ.").format(
                label=f"{label[0].upper()}{label[1:]}"
            ),
            field=key,
        )
    return value


def normalise_code(code: str) -> str:
    return nfc((code or "").strip()).upper()


def submit_feedback(data: dict[str, Any], *, filer=None, at: datetime | None = None) -> Feedback:
    """File a feedback: `data` has unit (code), subject, content, name, phone and/or email, address and
    an optional dossier_code. The due instant is computed now, by the unit's calendar."""
    at = at or timezone.now()
    unit_code = str(data.get("unit") or "").strip()
    if not unit_code:
        raise ValidationFailed(_("Vui lòng chọn đơn vị được phản ánh, kiến nghị."), field="unit")
    unit = addressable_units(timezone.localtime(at).date()).filter(code=unit_code).first()
    if unit is None:
        raise ValidationFailed(
            _("Không có đơn vị mã “{code}” nhận phản ánh, kiến nghị.").format(code=unit_code[:40]), field="unit"
        )
    subject = _text(data, "subject", _("tiêu đề"), MAX_SUBJECT, required=True, plain=True)
    content = _text(data, "content", _("nội dung phản ánh, kiến nghị"), MAX_CONTENT, required=True, plain=True)
    name = _text(data, "name", _("họ và tên"), MAX_NAME, required=True, plain=True)
    phone = _text(data, "phone", _("số điện thoại"), 20, required=False)
    email = _text(data, "email", _("thư điện tử"), 254, required=False)
    address = _text(data, "address", _("địa chỉ"), MAX_LINE, required=False, plain=True)
    if not phone and not email:
        raise ValidationFailed(_("Vui lòng để lại số điện thoại hoặc thư điện tử để cơ quan liên hệ trả lời."), field="phone")
    if phone and not _PHONE.match(phone):
        raise ValidationFailed(_("Số điện thoại không hợp lệ (chỉ gồm chữ số, 8–15 ký tự)."), field="phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationFailed(_("Thư điện tử không hợp lệ."), field="email") from None
    dossier = None
    dossier_code = normalise_code(str(data.get("dossier_code") or ""))
    if dossier_code:
        from motcua.dossiers.models import Dossier

        dossier = Dossier.objects.filter(code=dossier_code[:64]).only("pk", "code").first()
        if dossier is None:
            raise ValidationFailed(
                _("Không tìm thấy hồ sơ có mã này; kiểm tra lại mã trên giấy tiếp nhận hoặc để trống."), field="dossier_code"
            )
    account = filer if getattr(filer, "is_authenticated", False) else None
    with transaction.atomic():
        feedback = Feedback.objects.create(
            code=_new_code(), unit=unit, dossier=dossier, subject=subject, content=content, name=name,
            phone=phone, email=email, address=address, filer=account, received_at=at, due_at=due_instant(unit, at),
        )
        # The journal keeps what was filed and where, never the filer's contact details.
        record_change(feedback, action="create", actor=account, label=f"Phản ánh {feedback.code}",
                      changes={"unit": [None, unit.code], "subject": [None, subject],
                               "dossier": [None, dossier.code if dossier else None],
                               "due_at": [None, feedback.due_at.isoformat()]},
                      note="tiếp nhận phản ánh, kiến nghị qua cổng")
    return feedback


# -- officers ---------------------------------------------------------------------------------------------
def may_handle(user, feedback: Feedback) -> bool:
    """Officers of the concerned unit, or of a unit above it, answer (and the system administrator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if not user.is_officer or user.unit is None:
        return False
    return feedback.unit.path.startswith(user.unit.path)


def _locked(code: str) -> Feedback:
    feedback = Feedback.objects.select_for_update().select_related("unit").filter(code=normalise_code(code)).first()
    if feedback is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị có mã này."))
    return feedback


def answer_feedback(actor, code: str, answer: str, *, publish: bool, at: datetime | None = None) -> Feedback:
    """The unit's answer; once given, it is final (a correction is a new feedback): only its publication
    can change afterwards (`set_published`)."""
    at = at or timezone.now()
    text = _text({"answer": answer}, "answer", _("nội dung trả lời"), MAX_ANSWER, required=True)
    with transaction.atomic():
        feedback = _locked(code)
        if not may_handle(actor, feedback):
            raise NotAllowed(_("Bạn không thuộc {unit} nên không trả lời được phản ánh này.").format(unit=feedback.unit.name))
        if feedback.status == FeedbackStatus.ANSWERED:
            raise Conflict(_("Phản ánh, kiến nghị này đã được trả lời."))
        feedback.status, feedback.answer, feedback.answered_at = FeedbackStatus.ANSWERED, text, at
        feedback.answered_by, feedback.is_published = actor, bool(publish)
        feedback.save(update_fields=["status", "answer", "answered_at", "answered_by", "is_published"])
        record_change(feedback, action="answer", actor=actor, label=f"Phản ánh {feedback.code}",
                      changes={"status": [FeedbackStatus.RECEIVED, FeedbackStatus.ANSWERED],
                               "answer": [None, text], "is_published": [False, bool(publish)],
                               "on_time": [None, at <= feedback.due_at]})
    return feedback


def set_published(actor, code: str, published: bool) -> Feedback:
    with transaction.atomic():
        feedback = _locked(code)
        if not may_handle(actor, feedback):
            raise NotAllowed(_("Bạn không thuộc {unit} nên không thay đổi được phản ánh này.").format(unit=feedback.unit.name))
        if feedback.status != FeedbackStatus.ANSWERED:
            raise Conflict(_("Chỉ công khai được phản ánh, kiến nghị đã có trả lời."))
        if feedback.is_published != bool(published):
            before = feedback.is_published
            feedback.is_published = bool(published)
            feedback.save(update_fields=["is_published"])
            record_change(feedback, action="publish" if published else "unpublish", actor=actor,
                          label=f"Phản ánh {feedback.code}", changes={"is_published": [before, bool(published)]})
    return feedback


# -- the filer --------------------------------------------------------------------------------------------
def rate_feedback(code: str, satisfaction: str, *, actor=None, at: datetime | None = None) -> Feedback:
    """The filer says whether the handling satisfied them (who holds the tracking code is the filer);
    once, after the answer (Decision 766/QĐ-TTg, group 5)."""
    at = at or timezone.now()
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed(_("Vui lòng chọn mức độ hài lòng."), field="satisfaction")
    with transaction.atomic():
        feedback = _locked(code)
        if feedback.status != FeedbackStatus.ANSWERED:
            raise Conflict(_("Phản ánh, kiến nghị chưa được trả lời nên chưa đánh giá được."))
        if feedback.satisfaction:
            raise Conflict(_("Bạn đã đánh giá việc xử lý phản ánh, kiến nghị này."))
        feedback.satisfaction, feedback.rated_at = satisfaction, at
        feedback.save(update_fields=["satisfaction", "rated_at"])
        account = actor if getattr(actor, "is_authenticated", False) else None
        record_change(feedback, action="rate", actor=account, label=f"Phản ánh {feedback.code}",
                      changes={"satisfaction": [None, satisfaction]})
    return feedback
