"""`GET /api/v1/stats/evaluation?unit=&from=&to=&group_by=unit`: the evaluation results of Circular 01/2018
Art. 13–14 for a unit and period; the same access as the statistics (stats.api.read_request)."""
from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.stats.api import read_request
from motcua.stats.selectors import StatsError

from . import selectors


class EvaluationStatsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="mã đơn vị"),
            OpenApiParameter("from", date, description="từ ngày (YYYY-MM-DD)"),
            OpenApiParameter("to", date, description="đến ngày, tính cả ngày này"),
            OpenApiParameter("group_by", str, enum=["unit"], description="nhóm theo đơn vị trực thuộc"),
        ],
        responses={200: OpenApiResponse(description="{unit, from, to, evaluations, indicators: [{number, name, "
                                                    "per_dossier, per_unit, scored, average}], average_total, "
                                                    "average_maximum, score: {points, maximum, out_of_18, level, "
                                                    "complete}, levels: [{level, count}], without_criteria, "
                                                    "satisfaction: [{level, name, count}], groups: [...]}")},
    )
    def get(self, request):
        unit, date_from, date_to = read_request(request)
        group_by = request.query_params.get("group_by") or None
        if group_by not in (None, "unit"):
            raise StatsError(_("Cách nhóm chỉ có thể là “unit”."), field="group_by")
        return Response(selectors.results(unit, date_from, date_to, by_unit=group_by == "unit"))
