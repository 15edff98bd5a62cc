"""Citizens' feedback and complaints (phản ánh, kiến nghị) to a unit, with a due instant in working time,
the unit's answer, whether it is published, and the filer's satisfaction with the handling."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")


class Satisfaction(models.TextChoices):
    # Decision 766/QĐ-TTg, group 5: "phản ánh, kiến nghị không hài lòng hoặc phản ánh về việc xử lý chậm"
    # both count against the satisfaction rate; the filer says which (docs/decisions/0033).
    SATISFIED = "satisfied", _("Hài lòng")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")
    LATE = "late", _("Không hài lòng vì xử lý chậm")


class Feedback(models.Model):
    # What the filer keeps to follow it: unguessable, since it opens the answer even when unpublished.
    code = models.CharField(_("mã theo dõi"), max_length=20, unique=True, editable=False)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị được phản ánh"), on_delete=models.PROTECT, related_name="feedback")
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ liên quan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    # Contact: never shown to the public.
    name = models.CharField(_("họ và tên người phản ánh"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    received_at = models.DateTimeField(_("lúc tiếp nhận"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("lúc trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ trả lời"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    is_published = models.BooleanField(_("công khai trên cổng"), default=False)
    satisfaction = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Satisfaction.choices, blank=True)
    rated_at = models.DateTimeField(_("lúc đánh giá"), null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="feedback_worklist_idx"),
            models.Index(fields=["answered_at"], name="feedback_answered_idx"),
            models.Index(fields=["is_published", "status", "answered_at"], name="feedback_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.subject}"

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at
