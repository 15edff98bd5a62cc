"""Exports of the statistics (reports to Excel and PDF) built in the background, with their progress."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One report asked for on the leaders' desk: built by a background task, polled by the page, then
    downloaded. The file stays in the row: reports are small, and any worker can serve it."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Báo cáo tình hình, kết quả giải quyết TTHC")
        SATISFACTION = "satisfaction", _("Báo cáo kết quả đánh giá sự hài lòng")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel (.xlsx)")
        PDF = "pdf", _("PDF")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Có lỗi")

    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("định dạng"), max_length=8, choices=Format.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveSmallIntegerField(_("bước đã xong"), default=0)
    total = models.PositiveSmallIntegerField(_("tổng số bước"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content = models.BinaryField(_("nội dung"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo xuất")
        verbose_name_plural = _("báo cáo xuất")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date_from}–{self.date_to} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# The columns of a day's counts (motcua/stats/summary.py, decision 0054): flows (how many dossiers had
# that instant on the day) and, for the three states, the day's change (+1 the day a dossier enters the
# state, -1 the day it leaves it; the state at 00:00 of a day is the sum over every earlier day).
DAY_FLOWS = (
    "new", "resolved_early", "resolved_on_time", "resolved_late", "returned", "refused", "withdrawn", "ratings",
    "satisfied",
)
DAY_STATES = ("open", "awaiting", "overdue")
COLUMNS_OF_A_DAY = DAY_FLOWS + DAY_STATES


class DayCount(models.Model):
    """What the dossiers of one reception unit, field (lĩnh vực) and channel contributed to the statistics
    on one local day — a summary of the dossiers and their events, rebuilt from them at any time
    (`manage.py build_stats_summary`), so that a period's figures are read from a few rows per day instead
    of every dossier (issue 10; decision 0054)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    field_id = models.IntegerField(default=0)  # the procedure version's field; 0 when it has none
    channel = models.CharField(max_length=16)
    day = models.DateField()
    new = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    open = models.IntegerField(default=0)
    awaiting = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "field_id", "channel", "day"], name="daycount_key"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.field_id}/{self.channel} {self.day}"


class DayCountsPending(models.Model):
    """Present while the day counts do not yet hold every dossier: written by the migration that created
    them on a store that already had dossiers, removed by `manage.py build_stats_summary`. Until then the
    statistics are counted from the dossiers themselves (decision 0054)."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"day counts pending since {self.created_at:%Y-%m-%d %H:%M}"
