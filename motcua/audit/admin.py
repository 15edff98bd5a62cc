"""The configuration journal in the admin (read-only), and the mixin that journals admin edits."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ChangeEvent
from .services import diff, record_change, snapshot


def _formset_changes(formsets) -> dict[str, Any]:
    """What the inlines added, changed and removed, by the rows' labels (changed fields by name)."""
    out: dict[str, Any] = {}
    for formset in formsets or ():
        entry: dict[str, Any] = {}
        if getattr(formset, "new_objects", None):
            entry["thêm"] = [str(o) for o in formset.new_objects]
        if getattr(formset, "changed_objects", None):
            entry["sửa"] = {str(o): sorted(fields) for o, fields in formset.changed_objects}
        if getattr(formset, "deleted_objects", None):
            entry["xóa"] = [str(o) for o in formset.deleted_objects]
        if entry:
            out[str(formset.model._meta.verbose_name_plural)] = entry
    return out


class AuditedAdminMixin:
    """Every save and delete through this admin writes one event on the configuration chain, in the
    admin's own transaction (changeform_view and delete_view are atomic). Put it first in the bases.

    The state before is read from the database in `save_form` (before any save_model, including one
    that saves through a service); the event is written in `save_related`, once the inlines and
    many-to-many fields are saved, so one save is one event."""

    audit_action_on_change = "update"

    def save_form(self, request, form, change):
        request._config_audit_before = (
            snapshot(type(form.instance)._default_manager.get(pk=form.instance.pk), m2m=True)
            if change and form.instance.pk
            else {}
        )
        return super().save_form(request, form, change)  # type: ignore[misc]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        obj = form.instance
        changes = diff(getattr(request, "_config_audit_before", {}), snapshot(obj, m2m=True))
        changes.update(_formset_changes(formsets))
        if change and not changes:
            return  # saved without a change: nothing to journal
        record_change(obj, action=self.audit_action_on_change if change else "create", actor=request.user,
                      changes=changes, note="trang quản trị")

    def delete_model(self, request, obj):
        record_change(obj, action="delete", actor=request.user, changes=diff(snapshot(obj), {}) or {},
                      note="trang quản trị")
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change(obj, action="delete", actor=request.user, note="trang quản trị (xóa nhiều)")
        super().delete_queryset(request, queryset)  # type: ignore[misc]


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """Nhật ký thay đổi cấu hình: read-only, newest first."""

    list_display = ["id", "at", "actor_name", "action_label", "model", "object_repr", "note"]
    list_filter = ["action", "app_label", "model"]
    search_fields = ["object_repr", "actor_name", "object_id", "note"]
    date_hierarchy = "at"

    @admin.display(description=_("thao tác"), ordering="action")
    def action_label(self, obj: ChangeEvent) -> str:
        return obj.get_action_display()

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ChangeEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
