from datetime import timedelta

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.audit.admin import AuditedAdminMixin
from motcua.common.errors import DomainError

from . import services
from .models import Counter, Unit


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "agency_identifier", "kind", "parent", "address", "phone", "email", "working_hours", "is_active", "sort_order",
                  "valid_from", "valid_to", "successor"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not services.CODE_RE.match(code or ""):
            raise forms.ValidationError(_("Mã đơn vị chỉ gồm chữ in hoa, số và dấu gạch ngang (tối đa 32 ký tự)."))
        return code

    def clean_agency_identifier(self):
        return (self.cleaned_data.get("agency_identifier") or "").strip().upper()

    def clean_working_hours(self):
        hours = self.cleaned_data.get("working_hours")
        if not hours:
            return None
        try:
            return services.validate_working_hours(hours)
        except DomainError as exc:
            raise forms.ValidationError(exc.detail) from exc

    def clean(self):
        cleaned = super().clean()
        valid_to = cleaned.get("valid_to")
        if valid_to and self.instance.pk and valid_to != self.instance.valid_to and valid_to < timezone.localdate():
            # Ending a unit in the past from this form would leave its open dossiers with a unit that no longer
            # exists: the hand-over (units.services.dissolve_into) ends it and moves them in one step.
            held = services.open_dossiers_held_in(self.instance)
            if held:
                self.add_error("valid_to", _(
                    "%(unit)s và các đơn vị trực thuộc còn %(held)s hồ sơ đang giải quyết: chấm dứt hoạt động "
                    "bằng lệnh bàn giao để hồ sơ được chuyển cho đơn vị kế thừa — "
                    "manage.py dissolve_unit %(code)s --into <mã đơn vị kế thừa> "
                    "--on %(on)s. Chưa lưu thay đổi nào."
                ) % {"unit": self.instance.name, "held": held, "code": self.instance.code,
                     "on": f"{valid_to + timedelta(days=1):%Y-%m-%d}"})
        return cleaned

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if (
            parent is not None
            and self.instance.pk
            and (parent.pk == self.instance.pk or parent.path.startswith(self.instance.path))
        ):
            raise forms.ValidationError(_("Không thể đặt đơn vị làm cấp dưới của chính nó."))
        return parent


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("indented_name", "code", "kind", "parent", "is_active", "valid_from", "valid_to")
    list_select_related = ("parent",)
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "successor")
    readonly_fields = ("path",)
    inlines = [CounterInline]

    @admin.display(description=_("tên đơn vị"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "— " * obj.depth + obj.name

    def save_model(self, request, obj, form, change):
        # The form has validated; the service keeps the paths of the subtree right.
        services.save_unit(obj, actor=request.user)
