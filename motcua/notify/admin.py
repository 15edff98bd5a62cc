from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApologyDraft, Outbox

# Outbox.kind is a free code (services.kind_for and the reminders): shown in words in the list.
KIND_LABELS = {
    "received": _("Đã tiếp nhận hồ sơ"),
    "handed_over": _("Hồ sơ được bàn giao cho đơn vị kế thừa"),
    "returned": _("Đã trả kết quả"),
    "supplement_needed": _("Cần bổ sung hồ sơ"),
    "result_ready": _("Đã có kết quả"),
    "apology": _("Thư xin lỗi, hẹn lại"),
    "refused": _("Từ chối giải quyết"),
    "stopped": _("Dừng giải quyết"),
    "payment_needed": _("Cần nộp phí, lệ phí"),
    "handover_due": _("Hạn chuyển hồ sơ đến cơ quan giải quyết"),
    "due_soon": _("Sắp đến hạn xử lý"),
    "overdue": _("Quá hạn giải quyết"),
    "apology_draft": _("Dự thảo phiếu xin lỗi"),
}


class KindFilter(admin.SimpleListFilter):
    title = _("loại thông báo")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(KIND_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = (
        "id", "kind_label", "channel", "to", "status", "attempts", "next_attempt_at", "sent_at", "delivery_status",
        "delivered_at",
    )
    list_filter = ("status", "channel", "delivery_status", KindFilter)
    search_fields = ("to", "subject", "dossier__code", "provider_message_id")
    readonly_fields = [f.name for f in Outbox._meta.fields]

    @admin.display(description=_("loại thông báo"), ordering="kind")
    def kind_label(self, obj):
        return KIND_LABELS.get(obj.kind, obj.kind)


@admin.register(ApologyDraft)
class ApologyDraftAdmin(admin.ModelAdmin):
    list_display = ("dossier", "unit", "due_at", "created_at")
    readonly_fields = ("dossier", "unit", "due_at", "created_at")
