"""API of the slips issued at the counter without a dossier (Mẫu 02, Mẫu 03): parse, call, render."""
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotFound
from motcua.dossiers.api import ApplicantSerializer
from motcua.dossiers.models import Channel

from . import selectors, services
from .models import IntakeSlip
from .rendering import render_intake_slip


class IntakeSlipSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IntakeSlip.Kind.choices)
    procedure = serializers.CharField(max_length=64)
    unit = serializers.CharField(max_length=32)
    channel = serializers.ChoiceField(choices=[Channel.COUNTER, Channel.POST, Channel.KIOSK], default=Channel.COUNTER)
    applicant = ApplicantSerializer()
    checklist = serializers.DictField(child=serializers.DictField(), required=False)
    missing = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def slip_body(slip: IntakeSlip, request) -> dict:
    return {
        "id": slip.pk, "kind": slip.kind, "form": slip.form_kind, "number": slip.number,
        "unit": slip.unit.code, "procedure": slip.procedure.code, "officer": slip.officer.username,
        "issued_at": slip.issued_at, "applicant": {"name": slip.applicant_name},
        "missing": slip.missing, "reasons": slip.reason_lines,
        "pdf": request.build_absolute_uri(reverse("api:intake-slip-pdf", args=[slip.pk])),
    }


class IntakeSlipListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Lập phiếu tại quầy khi không tiếp nhận hồ sơ (Mẫu 02, Mẫu 03)",
        description=(
            "Cán bộ tiếp nhận của đơn vị: `supplement` → Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) liệt kê "
            "mọi giấy tờ còn thiếu theo `checklist` (hoặc `missing`); `refusal` → Phiếu từ chối tiếp nhận "
            "(Mẫu 03), `reasons` bắt buộc (mỗi dòng một lý do). Không tạo hồ sơ, không cấp mã. 201 với số phiếu "
            "và địa chỉ tệp PDF; lặp lại cùng `Idempotency-Key` → 200 với phiếu đã lập."
        ),
        request=IntakeSlipSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: dict, 200: dict},
    )
    def post(self, request):
        s = IntakeSlipSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        slip, replayed = services.issue_intake_slip(
            actor=request.user, kind=v["kind"], procedure_code=v["procedure"], unit_code=v["unit"],
            applicant=dict(v["applicant"]), channel=v["channel"], checklist=v.get("checklist"),
            missing=v.get("missing"), reasons=v["reasons"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(slip_body(slip, request), status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


class IntakeSlipPdfView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Tệp PDF của phiếu tại quầy", responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        slip = selectors.intake_slip_for(request.user, pk)
        if slip is None:
            raise NotFound(_("Không tìm thấy phiếu hoặc bạn không có quyền xem phiếu này."))
        response = HttpResponse(render_intake_slip(slip), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="phieu-mau-{slip.form_kind}-{slip.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
