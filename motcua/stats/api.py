"""`GET /api/v1/stats?unit=&from=&to=&group_by=` (api-contract.md, statistics body). Parse, check, call
`selectors.figures`, render; every figure and its scope are decided on the server."""
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotAllowed
from motcua.units.models import Unit

from . import selectors
from .selectors import GROUP_BYS, StatsError, parse_date


def _figures_fields(prefix: str = "Stats") -> dict:
    # One name per place: the schema must not meet two different components of the same name.
    count = serializers.IntegerField
    rate = lambda: serializers.FloatField(allow_null=True)  # noqa: E731
    return {
        "received": inline_serializer(f"{prefix}Received", {k: count() for k in ("total", "carried_over", "new", "online", "counter", "post")}),
        "resolved": inline_serializer(f"{prefix}Resolved", {k: count() for k in ("total", "early", "on_time", "late")}),
        "in_progress": inline_serializer(f"{prefix}InProgress", {k: count() for k in ("total", "within_deadline", "overdue")}),
        "awaiting_supplement": count(),
        "returned": count(),
        "refused": count(),
        "withdrawn": count(),
        "on_time_rate": rate(),
        "online_rate": rate(),
        "satisfaction": inline_serializer(f"{prefix}Satisfaction", {"ratings": count(), "satisfied": count(), "rate": rate()}),
    }


StatsGroupSerializer = inline_serializer(
    "StatsGroup", {"key": serializers.CharField(), "name": serializers.CharField(), **_figures_fields("StatsGroup")}
)
StatsSerializer = inline_serializer(
    "Stats",
    {
        "unit": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        **_figures_fields(),
        "payments": inline_serializer("StatsPayments", {
            "paid": serializers.IntegerField(), "online": serializers.IntegerField(),
            "online_rate": serializers.FloatField(allow_null=True),
        }),
        "groups": serializers.ListField(child=StatsGroupSerializer),
    },
)


class StatsView(APIView):
    """The figures of domain.md §8 for a unit and its subtree over a period of local dates (inclusive)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="mã đơn vị (mặc định: đơn vị cao nhất người gọi được xem)"),
            OpenApiParameter("from", date, description="từ ngày (YYYY-MM-DD, giờ Việt Nam; mặc định 1/1 của năm `to`)"),
            OpenApiParameter("to", date, description="đến ngày, tính cả ngày này (mặc định hôm nay)"),
            OpenApiParameter("group_by", str, enum=list(GROUP_BYS), description="nhóm theo đơn vị trực thuộc, thủ tục, lĩnh vực, tháng hoặc kênh"),
        ],
        responses={200: StatsSerializer, 400: OpenApiResponse(description="problem+json, `errors[].field` names the parameter")},
    )
    def get(self, request):
        unit, date_from, date_to = read_request(request)
        return Response(selectors.figures(unit, date_from, date_to, request.query_params.get("group_by") or None))


def read_request(request) -> tuple[Unit, date, date]:
    """The unit (checked against what the caller may read) and the period of a statistics request."""
    params = request.query_params
    root = selectors.scope_of(request.user)
    if root is None:
        raise NotAllowed(_("Tài khoản này không được xem số liệu thống kê."))
    code = (params.get("unit") or "").strip()
    unit = root
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise StatsError(_("Không có đơn vị mã “{code}”.").format(code=code), field="unit")
        if not selectors.may_read(request.user, unit):
            raise NotAllowed(_("Bạn không được xem số liệu của đơn vị {code}.").format(code=code))
    date_to = parse_date(params["to"], "to") if "to" in params else timezone.localdate()
    date_from = parse_date(params["from"], "from") if "from" in params else date_to.replace(month=1, day=1)
    return unit, date_from, date_to


class Decision766View(APIView):
    """The Decision 766/QĐ-TTg indicators that come from dossiers (docs/statistics.md §4); same access."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="mã đơn vị"),
            OpenApiParameter("from", date, description="từ ngày (YYYY-MM-DD)"),
            OpenApiParameter("to", date, description="đến ngày, tính cả ngày này"),
        ],
        responses={200: OpenApiResponse(description="{unit, from, to, indicators: [{indicator, name, group, "
                                                    "group_name, group_max_points, max_points, numerator, "
                                                    "denominator, rate, points, rule}]}")},
    )
    def get(self, request):
        unit, date_from, date_to = read_request(request)
        return Response(selectors.decision766(unit, date_from, date_to))
