"""API of the queue (api-contract.md): tickets from the kiosk, the counters of a reception point, a call
to a counter; beyond the contract, the counter's other actions and the queue figures. Parse, call, render."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotAllowed, ValidationFailed

from . import selectors, services
from .models import Ticket


class TicketRequestSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=32)
    service_group = serializers.CharField(max_length=4, required=False, allow_blank=True, allow_null=True)


TicketSerializer = inline_serializer(
    "QueueTicket",
    {
        "id": serializers.IntegerField(),
        "number": serializers.IntegerField(),
        "label": serializers.CharField(help_text=gettext_lazy("số in trên vé và hiện trên màn hình, ví dụ A007")),
        "unit": serializers.CharField(),
        "service_group": serializers.CharField(),
        "status": serializers.CharField(),
        "issued_at": serializers.DateTimeField(),
        "called_at": serializers.DateTimeField(allow_null=True),
        "counter": serializers.IntegerField(allow_null=True),
        "counter_number": serializers.IntegerField(allow_null=True),
    },
)
CounterSerializer = inline_serializer(
    "QueueCounter",
    {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
        "number": serializers.IntegerField(),
        "unit": serializers.CharField(),
        "open": serializers.BooleanField(),
    },
)


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def ticket_body(t: Ticket) -> dict:
    return {
        "id": t.pk,
        "number": t.number,
        "label": t.label,
        "unit": t.unit.code,
        "service_group": t.group.code,
        "status": t.status,
        "issued_at": _iso(t.issued_at),
        "called_at": _iso(t.called_at),
        "counter": t.counter_id,
        "counter_number": t.counter.number if t.counter_id else None,
    }


class TicketCreateView(APIView):
    """The next ticket of a reception point today (the kiosk; no account needed)."""

    authentication_classes: list = []  # a public kiosk: no session, hence no CSRF token to carry

    @extend_schema(request=TicketRequestSerializer, responses={201: TicketSerializer, 404: OpenApiResponse(description="problem+json")})
    def post(self, request):
        s = TicketRequestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        ticket = services.issue_ticket(s.validated_data["unit"], s.validated_data.get("service_group") or None)
        return Response(ticket_body(ticket), status=status.HTTP_201_CREATED)


def _officer(request):
    if not request.user.is_officer and not request.user.is_superuser:
        raise NotAllowed(_("Chỉ cán bộ được xem và thao tác quầy."))


class CounterListView(APIView):
    """The counters of a reception point: `[{id, name, unit, open}]`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("unit", str, required=True, description="mã điểm tiếp nhận")],
                   responses=serializers.ListSerializer(child=CounterSerializer))
    def get(self, request):
        _officer(request)
        code = (request.query_params.get("unit") or "").strip()
        if not code:
            raise ValidationFailed(_("Thiếu mã điểm tiếp nhận (unit)."), field="unit")
        unit = services.reception_point(code)
        return Response([
            {"id": c.pk, "name": c.name or _("Quầy {number}").format(number=c.number), "number": c.number, "unit": unit.code, "open": c.is_open}
            for c in selectors.counters_of(unit)
        ])


class CounterActionView(APIView):
    """`call` (the contract), and `recall`, `skip`, `serve`, `open`, `close` of one counter."""

    permission_classes = [IsAuthenticated]
    action = "call"

    @extend_schema(request=None, responses={200: TicketSerializer, 204: OpenApiResponse(description="không còn ai chờ"),
                                            409: OpenApiResponse(description="quầy đang đóng (problem+json)")})
    def post(self, request, pk):
        _officer(request)
        if self.action in ("open", "close"):
            counter = getattr(services, f"{self.action}_counter")(request.user, pk)
            return Response({"id": counter.pk, "name": counter.name or _("Quầy {number}").format(number=counter.number), "number": counter.number,
                             "unit": counter.unit.code, "open": counter.is_open})
        ticket = getattr(services, {"call": "call_next"}.get(self.action, self.action))(request.user, pk)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ticket_body(ticket))


class QueueFiguresView(APIView):
    """Waiting time (issued → called) and service time (called → served) of a reception point's tickets."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[
        OpenApiParameter("unit", str, required=True), OpenApiParameter("from", str), OpenApiParameter("to", str),
        OpenApiParameter("group_by", str, enum=list(selectors.GROUP_BY)),
    ], responses={200: OpenApiResponse(description="{unit, from, to, tickets, called, served, skipped, waiting, "
                                                    "with_dossier, wait_avg_seconds, wait_max_seconds, "
                                                    "service_avg_seconds, service_max_seconds, groups: [{key, name, …}]}")})
    def get(self, request):
        from motcua.stats.api import read_request  # the same scope and period rules as the statistics

        unit, date_from, date_to = read_request(request)
        return Response(selectors.queue_figures(unit, date_from, date_to, request.query_params.get("group_by") or None))
