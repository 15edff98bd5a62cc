"""Admin of the catalog: fields, procedures, versions (drafts editable, published read-only), import/export."""
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from motcua.audit.admin import AuditedAdminMixin
from motcua.common.errors import DomainError

from . import services, views
from .models import (
    Fee,
    Field,
    ImportJob,
    Procedure,
    ProcedureVariant,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    VersionStatus,
)


@admin.register(Field)
class FieldAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "current_name", "current_field", "current_level", "current_online", "current_number",
                    "is_active"]
    list_select_related = ["current_version", "current_version__field"]
    search_fields = ["code", "current_version__name", "current_version__search_text"]
    list_filter = ["is_active", "current_version__level", "current_version__field", "current_version__online_level"]
    actions = ["create_draft"]
    fields = ["code", "is_active", "current_version", "version_links"]
    readonly_fields = ["current_version", "version_links"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    @admin.display(description="tên thủ tục", ordering="current_version__name")
    def current_name(self, obj):
        return obj.current_version.name if obj.current_version_id else "—"

    @admin.display(description="lĩnh vực", ordering="current_version__field__name")
    def current_field(self, obj):
        return obj.current_version.field if obj.current_version_id else "—"

    @admin.display(description="cấp thực hiện", ordering="current_version__level")
    def current_level(self, obj):
        return obj.current_version.get_level_display() if obj.current_version_id else "—"

    @admin.display(description="trực tuyến", ordering="current_version__online_level")
    def current_online(self, obj):
        return obj.current_version.get_online_level_display() if obj.current_version_id else "—"

    @admin.display(description="phiên bản", ordering="current_version__number")
    def current_number(self, obj):
        return obj.current_version.number if obj.current_version_id else "—"

    @admin.display(description="các phiên bản")
    def version_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = obj.versions.order_by("-number")
        return format_html_join(
            format_html("<br>"),
            '<a href="{}">Phiên bản {} — {}</a>',
            (
                (reverse("admin:catalog_procedureversion_change", args=[v.pk]), v.number, v.get_status_display())
                for v in rows
            ),
        ) or "—"

    @admin.action(description="Tạo bản nháp mới", permissions=["add"])
    def create_draft(self, request, queryset):
        for procedure in queryset.select_related("current_version"):
            try:
                draft = services.create_draft(procedure, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{procedure.code}: {exc.detail}", messages.ERROR)
            else:
                url = reverse("admin:catalog_procedureversion_change", args=[draft.pk])
                self.message_user(
                    request,
                    format_html('{}: đã tạo <a href="{}">bản nháp phiên bản {}</a>.', procedure.code, url, draft.number),
                    messages.SUCCESS,
                )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        site = self.admin_site
        return [
            path("nhap-xuat/", wrap(lambda r: views.import_export(r, site)), name="catalog_procedure_import_export"),
            path(
                "nhap-xuat/lan-nhap/<int:pk>/",
                wrap(lambda r, pk: views.import_job(r, site, pk)),
                name="catalog_procedure_import_job",
            ),
            path(
                "nhap-xuat/tai-ve.<str:fmt>",
                wrap(lambda r, fmt: views.export(r, site, fmt)),
                name="catalog_procedure_export",
            ),
            *super().get_urls(),
        ]


class _DraftOnlyInline:
    """Children of a published or archived version are never edited."""

    extra = 0

    def _editable(self, obj):
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "variant":
            version_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = ProcedureVariant.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VariantInline(_DraftOnlyInline, admin.TabularInline):
    model = ProcedureVariant


class DocumentInline(_DraftOnlyInline, admin.TabularInline):
    model = RequiredDocument
    fields = ["order", "name", "variant", "originals", "copies", "is_optional", "template_name", "template_file"]


class FeeInline(_DraftOnlyInline, admin.TabularInline):
    model = Fee


class StepInline(_DraftOnlyInline, admin.TabularInline):
    model = ProcessStep


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["procedure", "number", "name", "status", "level", "field", "online_level", "published_at"]
    list_select_related = ["procedure__current_version", "field"]  # a procedure is shown with its current name
    list_filter = ["status", "level", "field", "online_level", "legacy_online_level", "lienthong_kind"]
    search_fields = ["procedure__code", "name", "search_text"]
    inlines = [VariantInline, DocumentInline, FeeInline, StepInline]
    actions = ["publish"]
    readonly_fields = ["number", "status", "published_at", "effective_from", "created_by", "created_at"]
    autocomplete_fields = ["procedure", "field"]

    def has_change_permission(self, request, obj=None):
        # Published and archived versions are shown read-only: a change is a new draft (domain.md §2).
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.number = services.next_version_number(obj.procedure)
            obj.status = VersionStatus.DRAFT
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Công bố", permissions=["change"])
    def publish(self, request, queryset):
        for version in queryset.select_related("procedure"):
            try:
                services.publish_version(version, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{version.procedure.code} v{version.number}: {exc.detail}", messages.ERROR)
            else:
                self.message_user(
                    request, f"{version.procedure.code}: đã công bố phiên bản {version.number}.", messages.SUCCESS
                )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "created_by", "status", "total"]
    list_select_related = ["created_by"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
