"""API of the working calendar: `GET /api/v1/calendar/due` and `GET /api/v1/calendar/{year}`."""
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotFound, ValidationFailed
from motcua.units.models import Unit

from .calendars import to_aware
from .engine import CalendarError, TimeUnit
from .selectors import preview_due, year_days

MAX_AMOUNT = Decimal(10000)


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class DueSerializer(serializers.Serializer):
    due = serializers.DateTimeField(allow_null=True, help_text="hạn giải quyết (ISO 8601, có múi giờ)")
    skipped = SkippedDaySerializer(many=True, help_text="mỗi ngày nghỉ đã bỏ qua, với lý do")
    explanation = serializers.CharField(help_text="giải thích bằng tiếng Việt")
    clock_start = serializers.DateTimeField(help_text="thời điểm bắt đầu tính thời hạn")
    unit = serializers.CharField(allow_null=True)
    time_unit = serializers.CharField()
    amount = serializers.DecimalField(max_digits=9, decimal_places=2)


class NamedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    confirmed = serializers.BooleanField()
    days_off = NamedDaySerializer(many=True)
    working_weekend_days = NamedDaySerializer(many=True)


def parse_start(text: str | None) -> datetime:
    """ISO 8601; with an offset, or naive meaning Asia/Ho_Chi_Minh. A '+' left unescaped in the query
    string arrives as a space and is put back."""
    if not text:
        raise ValidationFailed(_("Thiếu thời điểm bắt đầu (start), dạng ISO 8601."), field="start")
    candidates = [text.strip()]
    if " " in text.strip():
        head, _sep, tail = text.strip().rpartition(" ")
        candidates.append(f"{head}+{tail}")
    for candidate in candidates:
        try:
            value = datetime.fromisoformat(candidate.replace("Z", "+00:00"))
        except ValueError:
            continue
        if not 1990 <= value.year <= 2200:
            break
        return to_aware(value)
    raise ValidationFailed(
        _("Thời điểm bắt đầu “%(text)s” không hợp lệ; dùng ISO 8601, ví dụ 2026-02-13T09:30:00+07:00.") % {"text": text},
        field="start",
    )


def parse_time_unit(text: str | None) -> TimeUnit:
    try:
        return TimeUnit(text or TimeUnit.WORKING_DAYS)
    except ValueError:
        raise ValidationFailed(
            _("Đơn vị thời gian “%(text)s” không hợp lệ; chọn một trong: %(choices)s.")
            % {"text": text, "choices": ", ".join(t.value for t in TimeUnit)},
            field="time_unit",
        ) from None


def parse_amount(text: str | None, time_unit: TimeUnit) -> Decimal:
    if time_unit in (TimeUnit.SAME_DAY, TimeUnit.NONE):
        return Decimal(0)  # ignored (api-contract.md)
    if text is None or text == "":
        raise ValidationFailed(_("Thiếu thời hạn (amount)."), field="amount")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationFailed(
            _("Thời hạn “%(text)s” không hợp lệ; cần một số từ 0 đến %(max)s.") % {"text": text, "max": MAX_AMOUNT},
            field="amount",
        )
    return amount


def resolve_unit(code: str | None) -> Unit | None:
    """The named unit (400 if unknown); by default the center, or the national calendar with the default
    working hours when the center is not in the database."""
    if code:
        unit = Unit.objects.select_related("parent").filter(code=code).first()
        if unit is None:
            raise ValidationFailed(_("Không có đơn vị mã “%(code)s”.") % {"code": code}, field="unit")
        return unit
    from motcua.units.selectors import default_center

    return default_center()


class CalendarDueView(APIView):
    """The due instant of `amount` `time_unit` after `start` by a unit's calendar (domain.md §3)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="ISO 8601, ví dụ 2026-02-13T09:30:00+07:00"),
            OpenApiParameter("amount", str, description="số ngày/giờ làm việc (có thể thập phân); bỏ qua với same_day"),
            OpenApiParameter("time_unit", str, enum=[t.value for t in TimeUnit], description="mặc định working_days"),
            OpenApiParameter("unit", str, description="mã đơn vị; mặc định trung tâm hành chính công"),
        ],
        responses=DueSerializer,
    )
    def get(self, request):
        params = request.query_params
        start = parse_start(params.get("start"))
        time_unit = parse_time_unit(params.get("time_unit"))
        amount = parse_amount(params.get("amount"), time_unit)
        unit = resolve_unit(params.get("unit"))
        try:
            preview = preview_due(start, amount, time_unit, unit)
        except CalendarError as exc:
            raise ValidationFailed(_("Không tính được hạn: %(reason)s.") % {"reason": exc}, field="start") from None
        body = {
            "due": preview.due,
            "skipped": [{"date": d, "reason": reason} for d, reason in preview.skipped],
            "explanation": preview.explanation,
            "clock_start": preview.start,
            "unit": unit.code if unit else None,
            "time_unit": time_unit.value,
            "amount": amount,
        }
        return Response(DueSerializer(body).data)


class CalendarYearView(APIView):
    """A year's days off and working weekend days, with their names."""

    @extend_schema(responses=YearSerializer)
    def get(self, request, year: int):
        data = year_days(year)
        if data is None:
            raise NotFound(_("Không có lịch năm %(year)s.") % {"year": year}, field="year")
        return Response(YearSerializer(data).data)
