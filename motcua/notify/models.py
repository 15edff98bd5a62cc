"""The outbox of notifications (e-mail, SMS) and the apology drafts the deadline watch prepares."""
from django.db import models


class ChannelKind(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không thành công"


class Outbox(models.Model):
    """One message to send. Written in the transaction of the change it reports (so it exists iff the
    change committed), sent afterwards with retries (ADR 0012)."""

    channel = models.CharField("kênh", max_length=8, choices=ChannelKind.choices)
    to = models.CharField("người nhận", max_length=255)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    kind = models.CharField("loại thông báo", max_length=32)
    # What the message is about; a message is queued at most once per key (event × kind × channel, or a
    # reminder × due instant), so queueing is idempotent.
    key = models.CharField("khóa", max_length=200, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name="hồ sơ", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", verbose_name="sự kiện", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    status = models.CharField("trạng thái", max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lần tới lúc")
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc")
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "hộp thư đi"
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.body[:40]}"


class ApologyDraft(models.Model):
    """A draft apology (Mẫu 04) prepared for the unit holding a dossier whose overall deadline is near;
    an officer completes it and applies the `apologize` action — the draft itself changes nothing."""

    dossier = models.ForeignKey("dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="apology_drafts")
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField("hạn giải quyết")
    text = models.TextField("nội dung dự thảo")
    reason = models.TextField("lý do chậm (dự thảo)", blank=True)
    new_appointment_at = models.DateTimeField("hẹn trả kết quả mới (đề xuất)", null=True, blank=True)
    apology_due_at = models.DateTimeField("hạn lập phiếu xin lỗi", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc")

    class Meta:
        verbose_name = "dự thảo phiếu xin lỗi"
        verbose_name_plural = "dự thảo phiếu xin lỗi"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "due_at"], name="one_apology_draft_per_due")]

    def __str__(self) -> str:
        return f"{self.dossier} ({self.unit_id})"
