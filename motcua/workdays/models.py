"""The working calendar as data (national years, unit overrides, seasonal hours) and deadline ledgers.

Data and invariants only: every write goes through `services.py`, which recomputes open deadlines.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.units.services import validate_working_hours

from .engine import EventKind, Timeliness, TimeUnit

# The engine's values in Vietnamese for the admin (the engine itself stays free of Django).
TIME_UNIT_LABELS = {
    TimeUnit.WORKING_DAYS: _("ngày làm việc"),
    TimeUnit.WORKING_HOURS: _("giờ làm việc"),
    TimeUnit.SAME_DAY: _("trong ngày"),
    TimeUnit.CALENDAR_DAYS: _("ngày"),
    TimeUnit.NONE: _("không quy định thời hạn"),
}
TIMELINESS_LABELS = {Timeliness.EARLY: _("Trước hạn"), Timeliness.ON_TIME: _("Đúng hạn"), Timeliness.LATE: _("Quá hạn")}
EVENT_KIND_LABELS = {
    EventKind.START: _("Bắt đầu tính"),
    EventKind.PAUSE: _("Tạm dừng"),
    EventKind.RESUME: _("Tính tiếp"),
    EventKind.RESTART: _("Tính lại từ đầu"),
    EventKind.EXTEND: _("Gia hạn"),
}


class CalendarSource(models.TextChoices):
    FILE = "file", _("Tệp lịch dùng chung (2018–2027)")
    HOLIDAYS = "holidays", _("Đề xuất từ gói holidays")
    ADMIN = "admin", _("Quản trị viên nhập")


class CalendarYear(models.Model):
    """One year of the national calendar. Only a confirmed year is trusted (check_calendar)."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    confirmed = models.BooleanField(_("đã xác nhận"), default=False)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    source = models.CharField(_("nguồn"), max_length=16, choices=CalendarSource.choices, default=CalendarSource.ADMIN)
    note = models.TextField(_("ghi chú (văn bản công bố lịch nghỉ)"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("lịch năm")
        verbose_name_plural = _("lịch các năm")
        ordering = ["year"]

    def __str__(self) -> str:
        return _("Lịch năm %(year)s") % {"year": self.year}


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarDay(models.Model):
    """A national day off, or a weekend day worked to make up for one (ngày làm bù)."""

    calendar_year = models.ForeignKey(CalendarYear, verbose_name=_("năm lịch"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("tên / lý do"), max_length=200)

    class Meta:
        verbose_name = _("ngày đặc biệt")
        verbose_name_plural = _("ngày đặc biệt")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    def clean(self) -> None:
        if self.date and self.calendar_year_id and self.date.year != self.calendar_year.year:
            raise ValidationError({"date": _("Ngày phải thuộc năm %(year)s.") % {"year": self.calendar_year.year}})


class UnitDayOverride(models.Model):
    """A unit's own day off or extra working day; applies to its subtree, the nearest unit wins."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="day_overrides")
    date = models.DateField(_("ngày"))
    is_working = models.BooleanField(_("là ngày làm việc"), default=False)
    name = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ / làm việc riêng của đơn vị")
        verbose_name_plural = _("ngày nghỉ / làm việc riêng của đơn vị")
        ordering = ["unit__path", "date"]
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="unique_day_override_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.date:%d/%m/%Y} — {self.name}"


class WorkingHoursVariant(models.Model):
    """Seasonal working hours of a unit (and its subtree), e.g. summer 07:00–11:30 / 13:30–17:00."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="working_hours_variants"
    )
    name = models.CharField(_("tên"), max_length=100, default="Giờ mùa hè")
    from_month = models.PositiveSmallIntegerField(_("từ tháng"))
    from_day = models.PositiveSmallIntegerField(_("từ ngày"))
    to_month = models.PositiveSmallIntegerField(_("đến tháng"))
    to_day = models.PositiveSmallIntegerField(_("đến ngày"))
    periods = models.JSONField(_("các ca"), help_text=_('Ví dụ [["07:00","11:30"],["13:30","17:00"]]'))

    class Meta:
        verbose_name = _("giờ làm việc theo mùa")
        verbose_name_plural = _("giờ làm việc theo mùa")
        ordering = ["unit__path", "from_month", "from_day"]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.name} {self.from_day:02d}/{self.from_month:02d}–{self.to_day:02d}/{self.to_month:02d}"

    def clean(self) -> None:
        import datetime

        for month, day, field in ((self.from_month, self.from_day, "from_day"), (self.to_month, self.to_day, "to_day")):
            try:
                datetime.date(2024, month or 0, day or 0)
            except (TypeError, ValueError):
                raise ValidationError({field: _("Ngày/tháng không hợp lệ.")}) from None
        try:
            validate_working_hours(self.periods)
        except Exception as exc:  # the units app raises its domain error
            raise ValidationError({"periods": str(getattr(exc, "detail", exc))}) from None


class CalendarChange(models.Model):
    """A change of a calendar or of working hours, and what it did to open deadlines."""

    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.CharField(_("nội dung thay đổi"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL)
    token = models.CharField(_("mã thay đổi"), max_length=32, editable=False, db_index=True)  # cache key of the calendars
    deadlines_recomputed = models.PositiveIntegerField(_("số thời hạn tính lại"), default=0)
    deadlines_moved = models.PositiveIntegerField(_("số thời hạn thay đổi"), default=0)

    class Meta:
        verbose_name = _("thay đổi lịch")
        verbose_name_plural = _("thay đổi lịch")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} — {self.reason}"


class DeadlineStatus(models.TextChoices):
    RUNNING = "running", _("Đang tính")
    PAUSED = "paused", _("Tạm dừng")
    CLOSED = "closed", _("Đã kết thúc")


OPEN_STATUSES = (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED)


class Deadline(models.Model):
    """A budget of working time plus its ledger (DeadlineEvent); `due_at` is a cache of the ledger.

    `subject` names what the deadline is for ("dossier:CP-HCC-241125-0042"), so any app can attach one.
    """

    subject = models.CharField(_("đối tượng"), max_length=120, db_index=True)
    kind = models.CharField(_("loại"), max_length=60, default="overall")  # "overall", "step:2", ...
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=16, choices=[(t.value, TIME_UNIT_LABELS[t]) for t in TimeUnit]
    )
    amount = models.DecimalField(_("thời hạn"), max_digits=7, decimal_places=2)
    fixed_budget_seconds = models.BigIntegerField(
        _("ngân sách cố định (giây làm việc)"), null=True, blank=True,
        help_text=_("Thời hạn của một bước (phần của thời hạn chung) thay cho quy tắc."),
    )
    started_at = models.DateTimeField(_("bắt đầu tính"))
    budget_seconds = models.BigIntegerField(_("ngân sách (giây làm việc)"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn hiện tại"), null=True, blank=True, db_index=True)
    legal_due_at = models.DateTimeField(_("hạn theo quy định (không gồm gia hạn)"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=DeadlineStatus.choices, default=DeadlineStatus.RUNNING)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    timeliness = models.CharField(
        _("đúng hạn"), max_length=16, blank=True, choices=[(t.value, TIMELINESS_LABELS[t]) for t in Timeliness]
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        # Deadlines started through the workdays services (the calendar API); a dossier's deadlines are
        # kept on the dossier and its unit holdings, listed in the admin as "thời hạn hồ sơ".
        verbose_name = _("thời hạn tính riêng")
        verbose_name_plural = _("thời hạn tính riêng (không gắn hồ sơ)")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.subject} [{self.kind}]"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DeadlineEvent(models.Model):
    """One entry of a deadline's ledger: start, pause, resume, restart or extend."""

    deadline = models.ForeignKey(Deadline, verbose_name=_("thời hạn"), on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=16, choices=[(k.value, EVENT_KIND_LABELS[k]) for k in EventKind])
    at = models.DateTimeField(_("lúc"))
    seconds = models.BigIntegerField(_("giây làm việc thêm"), default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sự kiện thời hạn")
        verbose_name_plural = _("sự kiện thời hạn")
        ordering = ["deadline", "seq"]
        constraints = [models.UniqueConstraint(fields=["deadline", "seq"], name="unique_deadline_event_seq")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%d/%m/%Y %H:%M}"


class DeadlineChange(models.Model):
    """A recomputation that moved a deadline's due instant, and why."""

    deadline = models.ForeignKey(Deadline, verbose_name=_("thời hạn"), on_delete=models.CASCADE, related_name="changes")
    calendar_change = models.ForeignKey(
        CalendarChange, verbose_name=_("thay đổi lịch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="deadline_changes"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    reason = models.CharField(_("lý do"), max_length=500)
    old_due_at = models.DateTimeField(_("hạn cũ"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("hạn mới"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần tính lại thời hạn")
        verbose_name_plural = _("các lần tính lại thời hạn")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.reason}: {self.old_due_at} → {self.new_due_at}"
