"""Online payment in the admin: read only (orders, callbacks and refunds change through the services, so
that each change is checked against the gateway's signature and logged)."""
from django.contrib import admin

from .models import CallbackLog, PaymentOrder, Refund


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnly):
    list_display = ("order_ref", "dossier", "amount", "status", "transaction_no", "bank_code", "created_at", "paid_at")
    list_filter = ("status", "gateway")
    search_fields = ("order_ref", "transaction_no", "dossier__code")
    list_select_related = ("dossier",)


@admin.register(CallbackLog)
class CallbackLogAdmin(ReadOnly):
    list_display = ("at", "verdict", "order", "note", "remote_addr")
    list_filter = ("verdict",)
    list_select_related = ("order",)


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ("request_id", "order", "amount", "status", "response_code", "requested_at", "done_at")
    list_filter = ("status",)
    list_select_related = ("order",)
