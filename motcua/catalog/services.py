"""Changes to the catalog: drafting, validating and publishing procedure versions."""
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import record_change
from motcua.common.errors import ValidationFailed
from motcua.common.text import fold

from .intake import clean_form_data, declaration_errors  # noqa: F401  (clean_form_data: decision 0045)
from .models import (
    FULL_ONLINE_DEFAULT_FROM,
    Fee,
    OnlineLevel,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    TimeUnit,
    VersionStatus,
)

# The step shares of the internal process must add up to the whole legal time (domain.md §2).
SHARE_TOLERANCE = Decimal("0.001")


def search_text_for(version: ProcedureVersion) -> str:
    return fold(" ".join([version.procedure.code, version.name, version.field.name if version.field_id else ""]))


def online_level_error(online_level: str, reason: str, effective_on) -> str | None:
    """Why a version in force from `effective_on` may not have this online level without a reason, or
    None. Decree 224/2026, art. 14: from 1 July 2026 full online is the default, and a service offered
    only partly (or not online) must carry the legal reason; versions in force before are unaffected."""
    if effective_on is None or effective_on < FULL_ONLINE_DEFAULT_FROM:
        return None
    if online_level == OnlineLevel.FULL or (reason or "").strip():
        return None
    label = OnlineLevel(online_level).label if online_level in OnlineLevel.values else online_level
    return _(
        "Phiên bản áp dụng từ ngày %(day)s ở mức “%(level)s” phải ghi căn cứ pháp lý không "
        "cung cấp toàn trình: từ ngày 01/07/2026 dịch vụ công trực tuyến mặc định là toàn trình "
        "(Nghị định 224/2026/NĐ-CP, Điều 14)."
    ) % {"day": f"{effective_on:%d/%m/%Y}", "level": label}


def version_errors(version: ProcedureVersion, *, effective_on=None) -> list[str]:
    """Every reason a version may not be published (in force from `effective_on`, else its own
    `effective_from`), in Vietnamese; empty when it may."""
    errors = []
    online = online_level_error(
        getattr(version, "online_level", OnlineLevel.FULL), getattr(version, "partial_online_reason", ""),
        effective_on or getattr(version, "effective_from", None),
    )
    if online:
        errors.append(online)
    if not version.name.strip():
        errors.append(_("Thiếu tên thủ tục."))
    if version.time_unit not in TimeUnit.values:
        errors.append(_("Đơn vị thời gian không hợp lệ: %(unit)s.") % {"unit": version.time_unit})
    elif version.time_unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS) and (
        version.processing_amount is None or version.processing_amount <= 0
    ):
        errors.append(_("Thời hạn giải quyết phải lớn hơn 0."))
    if version.processing_amount is not None and version.processing_amount < 0:
        errors.append(_("Thời hạn giải quyết không được âm."))
    if not version.received_at:
        errors.append(_("Thiếu nơi tiếp nhận hồ sơ."))
    steps_by_variant: dict[int | None, list[ProcessStep]] = {}
    for step in version.steps.all():
        steps_by_variant.setdefault(step.variant_id, []).append(step)
    for variant_id, steps in steps_by_variant.items():
        total = sum((s.share for s in steps), Decimal(0))
        if abs(total - 1) > SHARE_TOLERANCE:
            message = (
                _("Tổng tỷ lệ thời gian các bước của quy trình nội bộ là %(total)s, phải bằng 1 "
                  "(bằng toàn bộ thời hạn giải quyết).")
                if variant_id is None
                else _("Tổng tỷ lệ thời gian các bước của quy trình nội bộ (trường hợp riêng) là %(total)s, "
                       "phải bằng 1 (bằng toàn bộ thời hạn giải quyết).")
            )
            errors.append(message % {"total": f"{total:.4f}"})
        orders = [s.order for s in steps]
        if len(set(orders)) != len(orders):
            errors.append(_("Số thứ tự các bước của quy trình nội bộ bị trùng."))
        if any(s.share <= 0 for s in steps):
            errors.append(_("Tỷ lệ thời gian của mỗi bước phải lớn hơn 0."))
    for doc in version.documents.all():
        if doc.originals + doc.copies == 0 and not doc.is_optional:
            errors.append(_("Giấy tờ “%(name)s” phải có ít nhất 1 bản chính hoặc bản sao.") % {"name": doc.name})
    for fee in version.fees.all():
        if fee.amount is not None and fee.amount < 0:
            errors.append(_("Mức phí “%(text)s” không được âm.") % {"text": fee.text})
    intake_fields = getattr(version, "intake_fields", None)
    if intake_fields is not None:  # the information the application form asks for (decision 0045)
        errors.extend(message for _i, _attr, message in declaration_errors(intake_fields.all()))
    return errors


def next_version_number(procedure) -> int:
    """The number the procedure's next version takes (1 for its first)."""
    return (procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1


@transaction.atomic
def publish_version(version: ProcedureVersion, *, actor=None, effective_from=None) -> ProcedureVersion:
    """Publish a draft: it becomes the procedure's current version; the previous one is archived."""
    version = ProcedureVersion.objects.select_for_update().select_related("procedure", "field").get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed(_("Chỉ bản nháp mới được công bố."), field="status")
    effective_on = effective_from or version.effective_from or timezone.localdate()
    errors = version_errors(version, effective_on=effective_on)
    if errors:
        raise ValidationFailed(_("Không thể công bố: ") + " ".join(errors), errors=errors)
    procedure = version.procedure
    previous = procedure.current_version
    if previous is not None:
        previous.status = VersionStatus.ARCHIVED
        previous.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.effective_from = effective_on
    version.search_text = search_text_for(version)
    version.save(update_fields=["status", "published_at", "effective_from", "search_text"])
    procedure.current_version = version
    procedure.save(update_fields=["current_version"])
    record_change(
        version, action="publish", actor=actor,
        changes={
            "status": [VersionStatus.DRAFT.value, VersionStatus.PUBLISHED.value],
            "effective_from": version.effective_from.isoformat(),
            "archived_version": previous.number if previous is not None else None,
        },
    )
    return version


@transaction.atomic
def create_draft(procedure, *, actor=None, change_note: str = "") -> ProcedureVersion:
    """A new draft version, a full copy of the current one (documents, fees, variants, steps, intake fields)."""
    source = procedure.current_version
    if source is None:
        raise ValidationFailed(_("Thủ tục chưa có phiên bản nào để sao chép."))
    if procedure.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationFailed(_("Thủ tục đã có một bản nháp đang soạn; hãy sửa hoặc công bố bản nháp đó."))
    variants = list(source.variants.all())
    documents = list(source.documents.all())
    fees = list(source.fees.all())
    steps = list(source.steps.all())
    intake_fields = list(source.intake_fields.all())
    draft = ProcedureVersion.objects.get(pk=source.pk)
    draft.pk = None
    draft.number = next_version_number(procedure)
    draft.status = VersionStatus.DRAFT
    draft.published_at = None
    draft.effective_from = None
    draft.created_by = actor
    draft.change_note = change_note
    draft.save()
    variant_map = {}
    for variant in variants:
        old_id = variant.pk
        variant.pk = None
        variant.version = draft
        variant.save()
        variant_map[old_id] = variant
    for row in [*documents, *fees, *steps, *intake_fields]:
        row.pk = None
        row.version = draft
        if isinstance(row, RequiredDocument | ProcessStep) and row.variant_id:
            row.variant = variant_map[row.variant_id]
        row.save()
    record_change(draft, action="create", actor=actor,
                  changes={"number": [None, draft.number], "copied_from": source.number}, note=change_note)
    return draft


def compute_fee(fee: Fee, *, pages: int = 1, copies: int = 1) -> Decimal | None:
    """The amount due for `copies` copies of `pages` pages, by the fee's formula or flat amount.

    Per-page rule (Circular 226/2016/TT-BTC): first pages at one price, later pages at another,
    capped per copy. None when the amount is set elsewhere (e.g. a provincial resolution).
    """
    if pages < 1 or copies < 1:
        raise ValidationFailed(_("Số trang và số bản phải từ 1 trở lên."))
    if fee.formula:
        f = fee.formula
        first = min(pages, int(f.get("first_pages", 0)))
        per_copy = Decimal(first * int(f.get("first_page_fee", 0)))
        per_copy += Decimal((pages - first) * int(f.get("next_page_fee", 0)))
        if f.get("max_per_copy") is not None:
            per_copy = min(per_copy, Decimal(f["max_per_copy"]))
        return per_copy * copies
    if fee.amount is None:
        return None
    if fee.per == "page":
        return fee.amount * pages * copies
    if fee.per == "copy":
        return fee.amount * copies
    return fee.amount
