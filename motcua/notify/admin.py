from django.contrib import admin

from .models import ApologyDraft, Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "channel", "to", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("to", "subject", "dossier__code")
    readonly_fields = [f.name for f in Outbox._meta.fields]


@admin.register(ApologyDraft)
class ApologyDraftAdmin(admin.ModelAdmin):
    list_display = ("dossier", "unit", "due_at", "created_at")
    readonly_fields = ("dossier", "unit", "due_at", "created_at")
