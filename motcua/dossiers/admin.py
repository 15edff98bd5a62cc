"""Admin: dossiers are changed only through the services; the audit trail is read-only."""
from django.contrib import admin

from .models import Dossier, DossierEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "status", "current_unit", "received_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code", "applicant_name"]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "dossier", "action", "actor", "from_status", "to_status", "at"]
    list_filter = ["action"]
