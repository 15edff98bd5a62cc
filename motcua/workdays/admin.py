"""Admin of the working calendar: edit a year (days off, make-up days), confirm it, unit overrides and
seasonal hours. Every save goes through services.calendar_changed, which recomputes open deadlines."""
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.audit.admin import AuditedAdminMixin

from . import services
from .models import (
    CalendarChange,
    CalendarDay,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlineChange,
    DeadlineEvent,
    UnitDayOverride,
    WorkingHoursVariant,
)

# The dashboard shows the calendar warnings (templatetags/workdays_admin.py). An app template named
# admin/index.html would lose to django.contrib.admin's own (it comes first in INSTALLED_APPS), hence a
# template of our own that extends it; a project-wide choice, if any, wins.
if admin.site.index_template is None:
    admin.site.index_template = "workdays/admin/index.html"


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ["date", "kind", "name"]
    ordering = ["date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "confirmed", "source", "days_off", "working_days", "confirmed_at", "updated_at"]
    list_filter = ["confirmed", "source"]
    fields = ["year", "confirmed", "note", "source", "confirmed_at", "confirmed_by", "updated_at"]
    readonly_fields = ["source", "confirmed_at", "confirmed_by", "updated_at"]
    inlines = [CalendarDayInline]
    actions = ["confirm_years"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # a year's days are edited, never dropped (deadlines would fall back to proposals)

    def get_queryset(self, request):
        # the two counts of the list in the list's query, not two queries per row
        return super().get_queryset(request).annotate(
            n_days_off=Count("days", filter=Q(days__kind=DayKind.DAY_OFF)),
            n_working_days=Count("days", filter=Q(days__kind=DayKind.WORKING_DAY)),
        )

    @admin.display(description=_("ngày nghỉ"))
    def days_off(self, obj):
        return obj.n_days_off

    @admin.display(description=_("ngày làm bù"))
    def working_days(self, obj):
        return obj.n_working_days

    def save_model(self, request, obj, form, change):
        # Confirmation is recorded by the service once the days are saved (save_related).
        request._workdays_confirm = obj.confirmed and "confirmed" in form.changed_data
        if request._workdays_confirm:
            obj.confirmed = False
        if not obj.confirmed:
            obj.confirmed_at, obj.confirmed_by = None, None
        super().save_model(request, obj, form, change)  # a new year's source: the model's default, ADMIN

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        year = form.instance
        if not change:
            services.fill_proposed_days(year)
        result = services.calendar_changed(
            f"Sửa lịch năm {year.year} (trang quản trị)", actor=request.user, year=year.year
        )
        if getattr(request, "_workdays_confirm", False):
            services.confirm_year(year.year, actor=request.user)
        self.message_user(
            request,
            _("Đã tính lại %(recomputed)s thời hạn đang mở; %(moved)s thời hạn thay đổi.")
            % {"recomputed": result.deadlines_recomputed, "moved": result.deadlines_moved},
        )

    @admin.action(description=_("Xác nhận lịch các năm đã chọn"))
    def confirm_years(self, request, queryset):
        for year in queryset.values_list("year", flat=True):
            services.confirm_year(year, actor=request.user)
        self.message_user(request, _("Đã xác nhận lịch."), messages.SUCCESS)


class _RecomputingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Saves and deletes recompute open deadlines (services.calendar_changed)."""

    def _changed(self, request, obj, what):
        result = services.calendar_changed(f"{obj.unit.code}: {what} — {obj}", actor=request.user, unit=obj.unit)
        self.message_user(
            request, _("Đã tính lại %(recomputed)s thời hạn đang mở.") % {"recomputed": result.deadlines_recomputed}
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed(request, obj, "sửa" if change else "thêm")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._changed(request, obj, "xoá")

    def delete_queryset(self, request, queryset):
        for obj in list(queryset):
            self.delete_model(request, obj)


@admin.register(UnitDayOverride)
class UnitDayOverrideAdmin(_RecomputingAdmin):
    list_display = ["unit", "date", "is_working", "name"]
    list_filter = ["is_working"]
    search_fields = ["unit__code", "unit__name", "name"]
    autocomplete_fields = []
    date_hierarchy = "date"


@admin.register(WorkingHoursVariant)
class WorkingHoursVariantAdmin(_RecomputingAdmin):
    list_display = ["unit", "name", "from_day", "from_month", "to_day", "to_month", "periods_text"]

    @admin.display(description=_("các ca"))
    def periods_text(self, obj):
        return ", ".join(f"{start}–{end}" for start, end in obj.periods or []) or "—"
    search_fields = ["unit__code", "unit__name"]


class DeadlineEventInline(admin.TabularInline):
    model = DeadlineEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["seq", "kind", "at", "seconds", "note", "actor"]

    def has_add_permission(self, request, obj=None):
        return False


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "reason", "old_due_at", "new_due_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines change through their services (the dossier app), never by hand."""

    list_display = ["subject", "kind", "unit", "amount_text", "due_at", "status", "timeliness"]
    list_filter = ["status", "timeliness", "time_unit"]
    search_fields = ["subject"]
    inlines = [DeadlineEventInline, DeadlineChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Deadline._meta.fields]

    @admin.display(description=_("thời hạn"), ordering="amount")
    def amount_text(self, obj):
        amount = f"{obj.amount.normalize():f}".replace(".", ",")
        return f"{amount} {obj.get_time_unit_display()}"

    def changelist_view(self, request, extra_context=None):
        # The dossiers' deadlines are not here (they live on the dossiers): say where they are.
        url = reverse("admin:dossiers_dossierdeadline_changelist")
        self.message_user(
            request,
            format_html(
                _('Thời hạn của các hồ sơ xem tại <a href="{}">Thời hạn hồ sơ</a>.'), url
            ),
            messages.INFO,
        )
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "reason", "actor", "year", "unit", "deadlines_recomputed", "deadlines_moved"]
    list_filter = ["year"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in CalendarChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
