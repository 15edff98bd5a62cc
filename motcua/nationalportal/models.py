"""The portal outbox: one row per status notice of a dossier to the National Public Service Portal
(Cổng Dịch vụ công quốc gia), written in the transaction of the change it reports, pushed afterwards in
order per dossier, with retries (decision 0047)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushStatus(models.TextChoices):
    PENDING = "pending", _("Chờ đẩy lên Cổng")
    SENT = "sent", _("Đã đẩy lên Cổng")
    FAILED = "failed", _("Cổng từ chối")


class PortalPush(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="portal_pushes"
    )
    event = models.OneToOneField(
        "dossiers.DossierEvent", verbose_name=_("sự kiện"), on_delete=models.PROTECT, related_name="portal_push"
    )
    # 1, 2, 3 … per dossier, in the order of its events: the order in which the notices are pushed.
    sequence = models.PositiveIntegerField(_("số thứ tự của hồ sơ"))
    # Sent as the Idempotency-Key header and in the payload: the portal keeps one notice per key, so a
    # notice pushed twice (a crash after the portal's answer, a retry) is recorded once.
    key = models.CharField(_("khóa đồng bộ"), max_length=100, unique=True)
    status_code = models.CharField(_("mã trạng thái trên Cổng"), max_length=4)
    payload = models.JSONField(_("nội dung thông báo"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=PushStatus.choices, default=PushStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần đẩy"), default=0)
    next_attempt_at = models.DateTimeField(_("đẩy lần tới lúc"))
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("đẩy thành công lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo trạng thái gửi Cổng DVC quốc gia")
        verbose_name_plural = _("hộp thư đi Cổng DVC quốc gia")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="portal_push_one_sequence_per_dossier"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="portal_push_due"),
            models.Index(fields=["dossier", "status", "sequence"], name="portal_push_dossier_order"),
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('MaHoSo') or self.dossier_id} #{self.sequence} ({self.status_code})"
