"""Configuration changes (catalog, calendar, units, accounts) as a hash chain of their own
(docs/decisions/0023-configuration-audit.md)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeEvent(models.Model):
    """One change of configuration: who, when, what object, which action, which fields old → new.

    Append-only: the model refuses update and delete; the chain (prev_hash/hash) and the anchors outside
    the database catch what is done around the model with SQL."""

    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)  # kept if the account goes
    app_label = models.CharField(_("ứng dụng"), max_length=50)
    model = models.CharField(_("loại đối tượng"), max_length=50)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    action = models.CharField(_("thao tác"), max_length=32)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("thay đổi cấu hình")
        verbose_name_plural = _("Nhật ký thay đổi cấu hình")
        ordering = ["-id"]
        indexes = [models.Index(fields=["app_label", "model", "object_id"], name="change_object")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Bản ghi kiểm toán chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Bản ghi kiểm toán không được xóa.")

    def get_action_display(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


class ChangeChainHead(models.Model):
    """The single row holding the end of the configuration chain; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.last_id}:{self.last_hash[:12]}"


ACTION_LABELS = {
    "create": _("Thêm"),
    "update": _("Sửa"),
    "delete": _("Xóa"),
    "import": _("Nhập từ tệp"),
    "publish": _("Công bố"),
    "confirm": _("Xác nhận"),
    "propose": _("Đề xuất"),
    "password": _("Đổi mật khẩu"),
    "reset_2fa": _("Đặt lại xác thực hai lớp"),
    "deactivate": _("Khóa tài khoản"),
    "answer": _("Trả lời"),
    "unpublish": _("Thôi công khai"),
    "rate": _("Đánh giá"),
}
