"""Admin: dossiers are changed only through the services; the audit trail is read-only."""
from datetime import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import EVENT_KIND_LABELS

from . import deadlines
from .models import ACTION_LABELS, Dossier, DossierDeadline, DossierEvent, Status, UnitHolding

STATUS_LABELS = dict(Status.choices)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "status", "current_unit", "received_at", "due_at", "timeliness_label"]
    list_select_related = ["procedure__current_version", "current_unit"]
    list_filter = ["status", "channel"]
    search_fields = ["code", "applicant_name"]

    # The JSON fields in words: which documents were received, and the clock's entries.
    exclude = ["checklist", "deadline_ledger"]
    readonly_fields = ["checklist_text", "ledger_text"]
    LEDGER_KINDS = EVENT_KIND_LABELS  # start, pause, resume, restart, extend in words

    @admin.display(description=_("đúng hạn"), ordering="timeliness")
    def timeliness_label(self, obj):
        return obj.get_timeliness_display() or "—"

    @admin.display(description=_("giấy tờ đã nhận"))
    def checklist_text(self, obj):
        rows = obj.checklist or {}
        names = dict(obj.procedure_version.documents.values_list("pk", "name"))
        return format_html_join(
            mark_safe("<br>"), "{} — {}",
            ((names.get(int(pk), pk), _("%(originals)s chính, %(copies)s sao") % {
                "originals": row.get("originals", 0), "copies": row.get("copies", 0),
            } if row.get("present") else _("chưa có")) for pk, row in rows.items()),
        ) or "—"

    @admin.display(description=_("sổ thời hạn"))
    def ledger_text(self, obj):
        return format_html_join(
            mark_safe("<br>"), "{}: {}",
            ((self.LEDGER_KINDS.get(e.get("kind"), e.get("kind")),
              timezone.localtime(datetime.fromisoformat(e["at"])).strftime("%H:%M %d/%m/%Y"))
             for e in obj.deadline_ledger or []),
        ) or "—"


class UnitHoldingInline(admin.TabularInline):
    model = UnitHolding
    extra = 0
    can_delete = False
    fields = readonly_fields = ["unit", "started_at", "ended_at", "due_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DossierDeadline)
class DossierDeadlineAdmin(ReadOnlyAdmin):
    """The dossiers' deadlines: the due instant of each received dossier and its units' (read-only;
    they change through the dossier's actions and calendar recomputation)."""

    list_display = ["code", "procedure_name", "current_unit", "received_at", "due_at", "state"]
    list_select_related = ["procedure_version", "current_unit"]
    list_filter = ["status", "timeliness", "current_unit__kind"]
    search_fields = ["code", "applicant_name"]
    date_hierarchy = "due_at"
    ordering = ["due_at"]
    inlines = [UnitHoldingInline]
    fields = ["code", "procedure_version", "current_unit", "status", "received_at", "due_at", "resolved_at",
              "new_appointment_at", "supplement_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(received_at__isnull=False)

    @admin.display(description=_("thủ tục"), ordering="procedure_version__name")
    def procedure_name(self, obj):
        return obj.procedure_version.name

    @admin.display(description=_("tình trạng thời hạn"))
    def state(self, obj):
        if obj.status not in deadlines.OPEN_STATES:
            done = obj.get_timeliness_display()
            return f"{obj.get_status_display()}{f' — {done}' if done else ''}"
        if obj.due_at is None:
            return _("Không quy định thời hạn")
        if obj.deadline_ledger and obj.deadline_ledger[-1].get("kind") == "pause":
            return _("Tạm dừng (chờ bổ sung)")
        return _("Quá hạn") if obj.due_at < timezone.now() else _("Trong hạn")


class ActionFilter(admin.SimpleListFilter):
    title = _("thao tác")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(ACTION_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "dossier", "action_label", "actor", "from_label", "to_label", "at"]
    list_select_related = ["dossier", "actor"]
    list_filter = [ActionFilter]

    @admin.display(description=_("thao tác"), ordering="action")
    def action_label(self, obj):
        return ACTION_LABELS.get(obj.action, obj.action)

    @admin.display(description=_("trạng thái trước"))
    def from_label(self, obj):
        return STATUS_LABELS.get(obj.from_status, obj.from_status) or "—"

    @admin.display(description=_("trạng thái sau"))
    def to_label(self, obj):
        return STATUS_LABELS.get(obj.to_status, obj.to_status)
