"""Feedback in the admin: read-only (answers go through the officers' page and its services, so that
each change is checked and journaled)."""
from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("code", "subject", "unit", "received_at", "due_at", "status", "is_published", "satisfaction")
    list_filter = ("status", "is_published", "satisfaction")
    search_fields = ("code", "subject")
    date_hierarchy = "received_at"
    list_select_related = ("unit",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
