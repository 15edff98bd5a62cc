"""Slips issued at the counter, read-only in the admin: they are written by the intake service only."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import IntakeSlip


@admin.register(IntakeSlip)
class IntakeSlipAdmin(admin.ModelAdmin):
    list_display = ("number_label", "kind", "unit", "procedure", "applicant_name", "officer", "issued_at")
    list_filter = ("kind", "unit")
    search_fields = ("applicant_name", "applicant_id_number", "procedure__code")
    date_hierarchy = "issued_at"

    @admin.display(description=_("số phiếu"))
    def number_label(self, obj: IntakeSlip) -> str:
        return obj.number

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
