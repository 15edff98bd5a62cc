"""What history has been brought in: one row per imported file or generated scenario, so that a second
run recognises it and adds nothing (issue 9 items 7–8)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryLoad(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("Tệp nhập từ hệ thống cũ")
        SCENARIO = "scenario", _("Năm dữ liệu sinh theo kịch bản")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    # A file: the sha256 of its bytes; a scenario: its name and seed.
    key = models.CharField(max_length=128, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    dossiers = models.PositiveIntegerField(_("số hồ sơ"), default=0)
    events = models.PositiveIntegerField(_("số sự kiện"), default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu lịch sử")
        verbose_name_plural = _("dữ liệu lịch sử đã nhập")
        ordering = ["id"]

    def __str__(self) -> str:
        return _("%(name)s (%(count)s hồ sơ)") % {"name": self.name, "count": self.dossiers}
