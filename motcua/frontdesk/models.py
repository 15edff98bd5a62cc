"""The queue of a reception point (điểm tiếp nhận): service groups, numbered tickets, counters' calls."""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceGroup(models.Model):
    """A group of services with its own ticket numbers (A001, B001…) at one reception point."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("điểm tiếp nhận"), on_delete=models.CASCADE, related_name="service_groups")
    code = models.CharField(_("ký hiệu"), max_length=4, help_text=_("Chữ in trước số vé, ví dụ A."))
    name = models.CharField(_("tên nhóm dịch vụ"), max_length=200)
    # The counters that serve this group; none listed = every counter of the unit serves it.
    counters = models.ManyToManyField("units.Counter", verbose_name=_("quầy phục vụ"), blank=True, related_name="service_groups")
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("nhóm dịch vụ")
        verbose_name_plural = _("nhóm dịch vụ")
        ordering = ["unit__path", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="unique_service_group_code_per_unit")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class TicketSequence(models.Model):
    """The last number issued per reception point, day and group: one locked row makes numbers gap-free."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "group", "day"], name="unique_ticket_sequence")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.group_id}/{self.day}: {self.last}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đã gọi")
    SERVED = "served", _("Đã phục vụ")
    SKIPPED = "skipped", _("Bỏ qua (vắng mặt)")


class Ticket(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("điểm tiếp nhận"), on_delete=models.PROTECT, related_name="tickets")
    group = models.ForeignKey(ServiceGroup, verbose_name=_("nhóm dịch vụ"), on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("ngày"))  # local date of issue
    number = models.PositiveIntegerField(_("số thứ tự"))
    # Unguessable: the QR code on the slip leads to the ticket's public page by it.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("trạng thái"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    issued_at = models.DateTimeField(_("giờ lấy số"))
    called_at = models.DateTimeField(_("giờ gọi lần đầu"), null=True, blank=True)
    # The last time the number was announced (call or recall): what the hall display reacts to.
    announced_at = models.DateTimeField(_("giờ thông báo"), null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(_("số lần gọi lại"), default=0)
    finished_at = models.DateTimeField(_("giờ kết thúc"), null=True, blank=True)
    counter = models.ForeignKey(
        "units.Counter", verbose_name=_("quầy"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    called_by = models.ForeignKey(
        "accounts.User", verbose_name=_("cán bộ gọi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )

    class Meta:
        verbose_name = _("vé xếp hàng")
        verbose_name_plural = _("vé xếp hàng")
        ordering = ["day", "issued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "group", "day", "number"], name="unique_ticket_number")]
        indexes = [
            models.Index(fields=["unit", "day", "status"], name="ticket_queue_idx"),
            models.Index(fields=["unit", "announced_at"], name="ticket_announced_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What the slip and the display show: the group's letter and three digits (A007)."""
        return f"{self.group.code}{self.number:03d}"


class Camera(models.Model):
    """The camera of a reception point, shown on the leaders' monitoring wall (issue 13 item 4, decision
    0032). The browser never sees these addresses nor the credentials: the server fetches the snapshot
    (motcua.frontdesk.cameras) and the wall shows the server's copy."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("điểm tiếp nhận"), on_delete=models.CASCADE, related_name="camera"
    )
    name = models.CharField(_("tên camera"), max_length=200, blank=True)
    snapshot_url = models.URLField(
        _("địa chỉ ảnh chụp (snapshot)"), max_length=500, blank=True,
        help_text=_("Địa chỉ HTTP(S) trả về một ảnh JPEG/PNG, ví dụ http://10.0.0.5/cgi-bin/snapshot.cgi. "
        "Máy chủ lấy ảnh này; trình duyệt không bao giờ thấy địa chỉ và mật khẩu."),
    )
    stream_url = models.CharField(
        _("địa chỉ luồng trực tiếp (qua relay)"), max_length=500, blank=True,
        help_text=_("Đường dẫn trên chính trang này tới luồng MJPEG do relay (go2rtc, MediaMTX) phát lại, ví dụ "
        "/relay/api/stream.mjpeg?src=cam1; không chứa tên đăng nhập hay mật khẩu. Để trống: trang chi tiết "
        "làm mới ảnh chụp mỗi vài giây."),
    )
    username = models.CharField(_("tên đăng nhập camera"), max_length=100, blank=True)
    password = models.CharField(_("mật khẩu camera"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("camera điểm tiếp nhận")
        verbose_name_plural = _("camera điểm tiếp nhận")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.name or f"Camera {self.unit}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .cameras import stream_url_error

        errors = {}
        if (message := stream_url_error(self.stream_url)) is not None:
            errors["stream_url"] = message
        if self.snapshot_url and not self.snapshot_url.lower().startswith(("http://", "https://")):
            errors["snapshot_url"] = _("Địa chỉ ảnh chụp phải bắt đầu bằng http:// hoặc https://.")
        elif self.snapshot_url and "@" in self.snapshot_url.split("//", 1)[-1].split("/", 1)[0]:
            errors["snapshot_url"] = _("Không ghi tên đăng nhập, mật khẩu trong địa chỉ; dùng hai ô riêng bên dưới.")
        if errors:
            raise ValidationError(errors)
