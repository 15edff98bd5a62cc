"""API of the catalog: `GET /api/v1/procedures` and `GET /api/v1/procedures/{code}`."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotFound, ValidationFailed
from motcua.common.text import MAX_QUERY, check_text
from motcua.units.models import Unit

from . import selectors
from .models import Fee, IntakeField, Level, ProcedureVersion, ProcessStep, RequiredDocument


class ProcessingTimeSerializer(serializers.Serializer):
    amount = serializers.FloatField()
    time_unit = serializers.CharField()
    online_amount = serializers.FloatField(allow_null=True, required=False)


class FeeSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Fee
        fields = ["name", "text", "amount", "per", "formula"]


def _processing_time(v: ProcedureVersion) -> dict:
    return {
        "amount": float(v.processing_amount),
        "time_unit": v.time_unit,
        "online_amount": float(v.online_processing_amount) if v.online_processing_amount is not None else None,
    }


def _fee_summary(v: ProcedureVersion) -> dict | None:
    fees = list(v.fees.all())
    if not fees:
        return None
    first = fees[0]
    return {
        "text": "; ".join(f.text for f in fees),
        "amount": int(first.amount) if first.amount is not None and len(fees) == 1 else None,
    }


class ProcedureSummarySerializer(serializers.Serializer):
    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField()
    field = serializers.CharField(source="field.name")
    field_code = serializers.CharField(source="field.code")
    unit_level = serializers.CharField(source="level")
    processing_time = serializers.SerializerMethodField()
    online = serializers.CharField(source="online_level")
    fee = serializers.SerializerMethodField()

    def get_processing_time(self, v) -> ProcessingTimeSerializer:
        return _processing_time(v)

    def get_fee(self, v) -> dict | None:
        return _fee_summary(v)


class DocumentSerializer(serializers.ModelSerializer):
    variant = serializers.CharField(source="variant.name", allow_null=True, default=None)
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = ["order", "name", "originals", "copies", "is_optional", "template_name", "template_url", "variant", "note"]

    def get_template_url(self, d) -> str | None:
        return d.template_file.url if d.template_file else None


class StepSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit_ref")
    share = serializers.FloatField()
    variant = serializers.CharField(source="variant.name", allow_null=True, default=None)

    class Meta:
        model = ProcessStep
        fields = ["order", "name", "role", "unit", "share", "variant"]


class IntakeFieldSerializer(serializers.ModelSerializer):
    """What `form_data` of POST /api/v1/dossiers takes for this procedure (decision 0045)."""

    min_value = serializers.FloatField(allow_null=True)
    max_value = serializers.FloatField(allow_null=True)
    choices = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = IntakeField
        fields = ["order", "key", "label", "label_en", "kind", "required", "choices", "max_length", "min_value",
                  "max_value", "pattern", "help_text", "help_text_en"]


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    version = serializers.IntegerField(source="number")
    effective_from = serializers.DateField()
    implementing_unit = serializers.CharField(source="implementing_unit_ref")
    implementing_unit_name = serializers.CharField(source="implementing_unit.name", default=None, allow_null=True)
    received_at = serializers.ListField(child=serializers.CharField())
    same_day_cutoff = serializers.TimeField(allow_null=True)
    pause_policy = serializers.CharField()
    dossier_sets = serializers.IntegerField()
    result = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    conditions = serializers.CharField()
    subjects = serializers.CharField()
    steps_text = serializers.CharField()
    legacy_online_level = serializers.IntegerField(allow_null=True)
    lienthong = serializers.SerializerMethodField()
    note = serializers.CharField()
    fees = FeeSerializer(many=True)
    variants = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True)
    steps = StepSerializer(many=True)
    intake_fields = IntakeFieldSerializer(many=True)

    def get_lienthong(self, v) -> dict:
        return {"kind": v.lienthong_kind, "units": v.lienthong_units, "note": v.lienthong_note}

    def get_variants(self, v) -> list[dict]:
        return [
            {
                "order": x.order,
                "name": x.name,
                "processing_time": {"amount": float(x.processing_amount), "time_unit": x.time_unit}
                if x.processing_amount is not None
                else None,
                "note": x.note,
            }
            for x in v.variants.all()
        ]


class ProcedureListView(ListAPIView):
    """The published catalog, paged. `q` ignores Vietnamese diacritics, đ/Đ and case."""

    serializer_class = ProcedureSummarySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description=f"tìm theo tên, mã, lĩnh vực (không phân biệt dấu, hoa thường); tối đa {MAX_QUERY} ký tự"
            ),
            OpenApiParameter("unit", str, description="mã đơn vị: thủ tục đơn vị đó thực hiện hoặc tiếp nhận"),
            OpenApiParameter("online", str, description="full | partial | none | true | false"),
            OpenApiParameter("field", str, description="mã lĩnh vực"),
            OpenApiParameter("level", str, enum=Level.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        check_text(params.get("q", ""), "q", MAX_QUERY)
        unit = None
        if params.get("unit"):
            unit = Unit.objects.filter(code=params["unit"]).first()
            if unit is None:
                raise ValidationFailed(_("Không có đơn vị mã “{code}”.").format(code=params["unit"]), field="unit")
        level = params.get("level", "")
        if level and level not in Level.values:
            raise ValidationFailed(_("Cấp thực hiện “{level}” không hợp lệ.").format(level=level), field="level")
        online = params.get("online", "")
        if online and online.lower() not in selectors.ONLINE_FILTERS:
            raise ValidationFailed(
                _("Tham số online phải là full, partial, none, true hoặc false."), field="online"
            )
        qs = selectors.filter_procedures(
            selectors.published_procedures(),
            q=params.get("q", ""),
            field=params.get("field", ""),
            level=level,
            unit=unit,
            online=online,
        )
        return qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        versions = []
        for procedure in page:
            version = procedure.current_version
            version.procedure = procedure  # already loaded: no query per row
            versions.append(version)
        return self.get_paginated_response(ProcedureSummarySerializer(versions, many=True).data)


class ProcedureDetailView(APIView):
    @extend_schema(responses=ProcedureDetailSerializer)
    def get(self, request, code: str):
        procedure = selectors.procedure_detail(code)
        if procedure is None:
            raise NotFound(_("Không có thủ tục mã “{code}”.").format(code=code))
        return Response(ProcedureDetailSerializer(procedure.current_version).data)
