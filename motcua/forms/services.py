"""Slips issued at the counter when nothing is received (Mẫu 02 guidance, Mẫu 03 refusal): the one write."""
from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure, VersionStatus
from motcua.catalog.selectors import receives
from motcua.common.errors import Conflict, NotAllowed, ValidationFailed
from motcua.dossiers.models import Channel
from motcua.dossiers.services import APPLICANT_FIELDS, missing_documents
from motcua.units.models import Unit
from motcua.units.selectors import reception_units

from .models import IntakeSlip

Kind = IntakeSlip.Kind


def issue_intake_slip(
    *,
    actor: User,
    kind: str,
    procedure_code: str,
    unit_code: str,
    applicant: dict,
    channel: str = Channel.COUNTER,
    checklist: dict | None = None,
    missing: list | None = None,
    reasons: str = "",
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> tuple[IntakeSlip, bool]:
    """Record and number a slip handed over at the counter; no dossier is created, no code is used.

    `supplement` (Mẫu 02, Decree 61/2018 art. 15(3): everything missing, listed at once): the documents
    the checklist lacks (the same rule as intake) or, without a checklist, the `missing` names given; a
    complete checklist needs `reasons` saying what must be corrected. `refusal` (Mẫu 03): `reasons`
    required. Only a counter officer of the reception unit issues them. Returns (slip, replayed): a
    repeated `idempotency_key` of the same officer gives the first slip back.
    """
    if kind not in Kind.values:
        raise ValidationFailed(_("Loại phiếu không hợp lệ (supplement hoặc refusal)."), field="kind")
    if idempotency_key:
        earlier = IntakeSlip.objects.filter(officer=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.kind != kind:
                raise Conflict(_("Khóa Idempotency-Key đã được dùng cho một phiếu khác."))
            return earlier, True
    unit = reception_units().filter(code=unit_code).first()
    if unit is None:
        raise ValidationFailed(_("%(unit)s không phải nơi tiếp nhận hồ sơ.") % {"unit": unit_code}, field="unit")
    if actor.role != Role.COUNTER_OFFICER or actor.unit_id != unit.pk:
        raise NotAllowed(_("Chỉ cán bộ tiếp nhận của đơn vị được lập phiếu hướng dẫn hoặc phiếu từ chối tại quầy."))
    procedure = Procedure.objects.filter(code=procedure_code, is_active=True).select_related("current_version").first()
    version = procedure.current_version if procedure else None
    if version is None or version.status != VersionStatus.PUBLISHED:
        raise ValidationFailed(_("Không có thủ tục %(code)s đang áp dụng.") % {"code": procedure_code}, field="procedure")
    if not receives(unit, version):
        raise ValidationFailed(_("Thủ tục này không được tiếp nhận tại đơn vị đã chọn."), field="unit")
    if channel not in (Channel.COUNTER, Channel.POST, Channel.KIOSK):
        raise ValidationFailed(_("Phiếu tại quầy chỉ lập cho hồ sơ nộp trực tiếp hoặc qua bưu chính."), field="channel")
    if not isinstance(applicant, dict) or not str(applicant.get("name") or "").strip():
        raise ValidationFailed(_("Cần họ tên chủ hồ sơ."), field="applicant.name")
    unknown = set(applicant) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, field="applicant")
    reasons = (reasons or "").strip()
    items: list[dict] = []
    if kind == Kind.SUPPLEMENT:
        if checklist is not None:
            items = missing_documents(version, None, checklist)
        else:
            items = [{"document": None, "name": str(m).strip(), "originals": None, "copies": None}
                     for m in (missing or []) if str(m).strip()]
        if not items and not reasons:
            raise ValidationFailed(
                _("Hồ sơ đã đủ thành phần theo danh mục: hãy tiếp nhận hồ sơ, hoặc ghi rõ nội dung cần hoàn thiện."),
                field="reasons",
            )
    elif not reasons:
        raise ValidationFailed(_("Cần ghi rõ lý do từ chối tiếp nhận hồ sơ."), field="reasons")
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ValidationFailed(_("Thời điểm phải có múi giờ."), field="at")
    year = timezone.localtime(at).year
    fields = {APPLICANT_FIELDS[k]: str(v or "").strip() for k, v in applicant.items()}
    try:
        with transaction.atomic():
            # The unit's row is the lock of its numbering: slips are numbered gap-free per unit, kind, year.
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
            last = IntakeSlip.objects.filter(unit=unit, kind=kind, year=year).aggregate(n=Max("sequence"))["n"] or 0
            slip = IntakeSlip.objects.create(
                kind=kind, unit=unit, procedure=procedure, procedure_version=version, officer=actor,
                channel=channel, issued_at=at, year=year, sequence=last + 1, missing=items, reasons=reasons,
                idempotency_key=idempotency_key or "", **fields,
            )
    except IntegrityError:
        if idempotency_key:  # the same form raced in twice
            earlier = IntakeSlip.objects.filter(officer=actor, idempotency_key=idempotency_key).first()
            if earlier is not None:
                return earlier, True
        raise
    return slip, False
