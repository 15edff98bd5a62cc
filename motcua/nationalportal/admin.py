from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import PortalPush


@admin.register(PortalPush)
class PortalPushAdmin(admin.ModelAdmin):
    """The portal outbox: what was pushed, what waits (and why), what the portal rejected."""

    list_display = (
        "id", "dossier_code", "sequence", "status_label", "status", "attempts", "next_attempt_at", "sent_at",
        "short_error",
    )
    list_filter = ("status",)
    search_fields = ("dossier__code", "key")
    readonly_fields = [f.name for f in PortalPush._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mã hồ sơ"), ordering="dossier__code")
    def dossier_code(self, obj):
        return obj.payload.get("MaHoSo") or obj.dossier_id

    @admin.display(description=_("trạng thái trên Cổng"), ordering="status_code")
    def status_label(self, obj):
        return f"{obj.status_code} — {obj.payload.get('TenTrangThaiHoSo', '')}"

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Đẩy lại các thông báo bị Cổng từ chối đã chọn"))
    def retry(self, request, queryset):
        n = services.retry_failed(queryset)
        if n:
            self.message_user(
                request,
                ngettext("Đã đưa %(n)d thông báo trở lại hàng chờ.", "Đã đưa %(n)d thông báo trở lại hàng chờ.", n) % {"n": n},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Chỉ đẩy lại được thông báo đang ở trạng thái “Cổng từ chối”."), messages.WARNING)
