"""Admin of the catalog: fields, procedures, versions (drafts editable, published read-only), import/export."""
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.audit.admin import AuditedAdminMixin
from motcua.common.errors import DomainError
from motcua.units.models import Unit

from . import services, views
from .forms import ProcedureVersionAdminForm
from .importing import IMPLEMENTING_ROLES
from .models import (
    Fee,
    Field,
    ImportJob,
    IntakeField,
    Procedure,
    ProcedureVariant,
    ProcedureVersion,
    ProcessStep,
    ReceptionAssignment,
    ReceptionPoint,
    RequiredDocument,
    VersionStatus,
)

RECEPTION_POINTS = dict(ReceptionPoint.choices)


def unit_refs_text(refs) -> str:
    """Unit codes and roles of kinds of unit as people read them: names, not `ward_people_committee`."""
    refs = [refs] if isinstance(refs, str) else list(refs or [])
    names = dict(Unit.objects.filter(code__in=refs).values_list("code", "name"))
    return "; ".join(str(RECEPTION_POINTS.get(r) or IMPLEMENTING_ROLES.get(r) or names.get(r) or r) for r in refs) or "—"


def lines_text(items):
    """A JSON list shown as lines, not as `["…", "…"]`."""
    return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items or [])) or "—"


@admin.register(Field)
class FieldAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "code"]
    search_fields = ["name", "name_en", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "code_confirmed", "current_name", "current_field", "current_level", "current_online",
                    "current_number", "is_active"]
    list_select_related = ["current_version", "current_version__field"]
    search_fields = ["code", "current_version__name", "current_version__search_text", "name_en"]
    list_filter = ["is_active", "code_confirmed", "current_version__level", "current_version__field", "current_version__online_level"]
    actions = ["create_draft"]
    # The English texts are translations, not content of a version: editable at any time (decision 0037).
    fields = ["code", "code_confirmed", "is_active", "current_version", "name_en", "result_en", "version_links"]
    readonly_fields = ["current_version", "version_links"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    @admin.display(description=_("tên thủ tục"), ordering="current_version__name")
    def current_name(self, obj):
        return obj.current_version.name if obj.current_version_id else "—"

    @admin.display(description=_("lĩnh vực"), ordering="current_version__field__name")
    def current_field(self, obj):
        return obj.current_version.field if obj.current_version_id else "—"

    @admin.display(description=_("cấp thực hiện"), ordering="current_version__level")
    def current_level(self, obj):
        return obj.current_version.get_level_display() if obj.current_version_id else "—"

    @admin.display(description=_("trực tuyến"), ordering="current_version__online_level")
    def current_online(self, obj):
        return obj.current_version.get_online_level_display() if obj.current_version_id else "—"

    @admin.display(description=_("phiên bản"), ordering="current_version__number")
    def current_number(self, obj):
        return obj.current_version.number if obj.current_version_id else "—"

    @admin.display(description=_("các phiên bản"))
    def version_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = obj.versions.order_by("-number")
        return format_html_join(
            mark_safe("<br>"),
            format_html('<a href="{{}}">{}</a>', gettext("Phiên bản {} — {}")),
            (
                (reverse("admin:catalog_procedureversion_change", args=[v.pk]), v.number, v.get_status_display())
                for v in rows
            ),
        ) or "—"

    @admin.action(description=_("Tạo bản nháp mới"), permissions=["add"])
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
                    format_html(gettext('{}: đã tạo <a href="{}">bản nháp phiên bản {}</a>.'), procedure.code, url, draft.number),
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

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "role_text"]
        if self._editable(obj):
            return fields
        return ["role_text" if name == "role" else name for name in fields]  # read only: the role in words

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self._editable(obj) else [*readonly, "role_text"]

    @admin.display(description=_("vai trò thực hiện"))
    def role_text(self, step):
        return Role(step.role).label if step.role in Role.values else step.role


class IntakeFieldInline(_DraftOnlyInline, admin.StackedInline):
    """The information the application form asks for (decision 0045); checked on publishing."""

    model = IntakeField
    fields = [("order", "key", "kind", "required"), ("label", "label_en"), "choices",
              ("max_length", "min_value", "max_value", "pattern"), ("help_text", "help_text_en")]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ProcedureVersionAdminForm
    list_display = ["procedure", "number", "name", "status", "level", "field", "online_level", "published_at"]
    list_select_related = ["procedure__current_version", "field"]  # a procedure is shown with its current name
    list_filter = ["status", "level", "field", "online_level", "legacy_online_level", "lienthong_kind"]
    search_fields = ["procedure__code", "name", "search_text"]
    inlines = [VariantInline, DocumentInline, FeeInline, StepInline, IntakeFieldInline]
    actions = ["publish"]
    readonly_fields = ["number", "status", "published_at", "effective_from", "created_by", "created_at"]
    autocomplete_fields = ["procedure", "field"]
    # A published or archived version is shown read-only: its coded and JSON fields in words.
    READABLE = {
        "implementing_unit_ref": "implementing_text",
        "received_at": "received_at_text",
        "legal_basis": "legal_basis_text",
        "lienthong_units": "lienthong_units_text",
    }

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.status != VersionStatus.DRAFT:
            fields = [self.READABLE.get(f, f) for f in fields if f not in self.READABLE.values()]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.READABLE.values()]

    @admin.display(description=_("cơ quan thực hiện"))
    def implementing_text(self, obj):
        return unit_refs_text(obj.implementing_unit_ref)

    @admin.display(description=_("nơi tiếp nhận"))
    def received_at_text(self, obj):
        return unit_refs_text(obj.received_at)

    @admin.display(description=_("căn cứ pháp lý"))
    def legal_basis_text(self, obj):
        return lines_text(obj.legal_basis)

    @admin.display(description=_("đơn vị tham gia liên thông"))
    def lienthong_units_text(self, obj):
        return unit_refs_text(obj.lienthong_units)

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

    @admin.action(description=_("Công bố"), permissions=["change"])
    def publish(self, request, queryset):
        for version in queryset.select_related("procedure"):
            try:
                services.publish_version(version, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{version.procedure.code} v{version.number}: {exc.detail}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("{code}: đã công bố phiên bản {number}.").format(
                        code=version.procedure.code, number=version.number
                    ),
                    messages.SUCCESS,
                )


@admin.register(ReceptionAssignment)
class ReceptionAssignmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Which procedures a reception point receives, where a decision says otherwise than its level
    (decision 0024): recorded here, it wins at the counter, online and on the portal."""

    list_display = ["unit", "procedure", "receives", "valid_from", "valid_to", "basis"]
    list_filter = ["receives", "unit"]
    list_select_related = ["unit", "procedure"]
    search_fields = ["unit__code", "unit__name", "procedure__code", "procedure__current_version__name"]
    autocomplete_fields = ["unit", "procedure"]
    fields = ["unit", "procedure", "receives", "valid_from", "valid_to", "basis"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "created_by", "status", "total"]
    list_select_related = ["created_by"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
