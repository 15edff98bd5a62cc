"""The signed results in the admin: read only (they are made by `resolve` and never changed)."""
from django.contrib import admin

from motcua.dossiers.admin import ReadOnlyAdmin

from .models import SignedResult


@admin.register(SignedResult)
class SignedResultAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "filename", "unit_name", "signed_at", "sha256"]
    list_select_related = ["dossier"]
    search_fields = ["dossier__code", "sha256", "token"]
    exclude = ["token"]  # the public page's key: reached from the QR code, not copied from the admin
