"""One evaluation per dossier (Circular 01/2018/TT-VPCP Art. 13–14): written only by the `rate` action of
`dossiers.services.transition`, in the same transaction as its audit event."""
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    TABLET = "tablet", _("Máy tính bảng tại quầy")
    KIOSK = "kiosk", _("Ki-ốt tại trung tâm")
    LINK = "link", _("Liên kết gửi qua SMS/thư điện tử")
    PORTAL = "portal", _("Trang cá nhân (/ca-nhan/)")
    COUNTER = "counter", _("Cán bộ ghi nhận tại quầy")


def _score(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        format_lazy(_("chỉ số {number}"), number=number), null=True, blank=True, validators=[MaxValueValidator(2)]
    )


class Evaluation(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="evaluation"
    )
    at = models.DateTimeField(_("đánh giá lúc"))
    channel = models.CharField(_("kênh đánh giá"), max_length=16, choices=Channel.choices)
    satisfaction = models.CharField(_("mức độ hài lòng"), max_length=32)
    # The points of each indicator (2 / 1 / 0); null: not scored for this dossier (5, 8 and 9 are the
    # unit's; an applicant may also leave one out through the old `{level}` payload).
    i1, i2, i3, i4, i5, i6, i7, i8, i9 = (_score(n) for n in range(1, 10))
    total = models.PositiveSmallIntegerField(_("tổng điểm"), default=0)
    maximum = models.PositiveSmallIntegerField(_("điểm tối đa của các chỉ số đã chấm"), default=0)
    level = models.CharField(_("xếp loại"), max_length=32, blank=True)
    comment = models.TextField(_("ý kiến khác"), blank=True)

    class Meta:
        verbose_name = _("đánh giá giải quyết TTHC")
        verbose_name_plural = _("đánh giá giải quyết TTHC")
        indexes = [models.Index(fields=["at"], name="evaluation_at_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.total}/{self.maximum} {self.level}"

    def scores(self) -> dict[int, int]:
        return {n: getattr(self, f"i{n}") for n in range(1, 10) if getattr(self, f"i{n}") is not None}
