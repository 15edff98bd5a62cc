"""The outbox of notifications (e-mail, SMS, Zalo) and the apology drafts the deadline watch prepares."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Tin nhắn Zalo (ZNS)")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")
    # A Zalo message to a number without a Zalo account, replaced by an SMS (MOTCUA_PHONE_CHANNELS).
    REROUTED = "rerouted", _("Chuyển sang SMS")


class DeliveryStatus(models.TextChoices):
    """What the gateway's delivery receipt said (docs/decisions/0046)."""

    DELIVERED = "delivered", _("Đã đến người nhận")
    UNDELIVERED = "undelivered", _("Không đến được người nhận")


class Outbox(models.Model):
    """One message to send. Written in the transaction of the change it reports (so it exists iff the
    change committed), sent afterwards with retries (ADR 0012)."""

    channel = models.CharField(_("kênh"), max_length=8, choices=ChannelKind.choices)
    to = models.CharField(_("người nhận"), max_length=255)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    kind = models.CharField(_("loại thông báo"), max_length=32)
    # What the message is about; a message is queued at most once per key (event × kind × channel, or a
    # reminder × due instant), so queueing is idempotent.
    key = models.CharField(_("khóa"), max_length=200, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    status = models.CharField(_("trạng thái"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"))
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # A Zalo message's template data (the body keeps the SMS text, sent instead when there is no Zalo).
    data = models.JSONField(_("dữ liệu mẫu tin"), default=dict, blank=True)
    # The gateway's id of the message it accepted, and what its delivery receipt said.
    provider_message_id = models.CharField(_("mã tin của cổng gửi"), max_length=100, blank=True, db_index=True)
    delivery_status = models.CharField(
        _("tình trạng nhận tin"), max_length=12, choices=DeliveryStatus.choices, blank=True
    )
    delivered_at = models.DateTimeField(_("đến người nhận lúc"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("nhận báo cáo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.body[:40]}"


class ZaloToken(models.Model):
    """The Zalo Official Account's access token and refresh token: Zalo gives a new refresh token with each
    refresh (the old one no longer works), so both are kept here, not in settings (those only seed it)."""

    app_id = models.CharField(_("mã ứng dụng Zalo"), max_length=64, unique=True)
    access_token = models.TextField(_("mã truy cập"), blank=True)
    refresh_token = models.TextField(_("mã làm mới"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mã truy cập Zalo")
        verbose_name_plural = _("mã truy cập Zalo")

    def __str__(self) -> str:
        return self.app_id


class ApologyDraft(models.Model):
    """A draft apology (Mẫu 04) prepared for the unit holding a dossier whose overall deadline is near;
    an officer completes it and applies the `apologize` action — the draft itself changes nothing."""

    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="apology_drafts")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("hạn giải quyết"))
    text = models.TextField(_("nội dung dự thảo"))
    reason = models.TextField(_("lý do chậm (dự thảo)"), blank=True)
    new_appointment_at = models.DateTimeField(_("hẹn trả kết quả mới (đề xuất)"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("hạn lập phiếu xin lỗi"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("dự thảo phiếu xin lỗi")
        verbose_name_plural = _("dự thảo phiếu xin lỗi")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "due_at"], name="one_apology_draft_per_due")]

    def __str__(self) -> str:
        return f"{self.dossier} ({self.unit_id})"


class RecipientLanguage(models.Model):
    """The language the applicant of a dossier last used on the site (recorded when the citizen acts on
    the dossier: creating, submitting, supplementing online), so that the notices about it are written in
    that language. A dossier without one — received at the counter, or whose citizen used Vietnamese —
    gets its notices in Vietnamese."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngôn ngữ của người nhận thông báo")
        verbose_name_plural = _("ngôn ngữ của người nhận thông báo")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.language}"
