"""API of the unit tree: `GET /api/v1/units`."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotFound, ValidationFailed

from .models import Unit, UnitKind
from .selectors import subtree, unit_tree


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "address", "phone", "email", "is_active"]


class UnitListView(APIView):
    """The unit tree, parents first: `[{code, name, kind, parent}]`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=UnitKind.values, description="chỉ các đơn vị thuộc loại này"),
            OpenApiParameter("under", str, description="chỉ cây con của đơn vị có mã này (kể cả đơn vị đó)"),
            OpenApiParameter("active", bool, description="true: chỉ đơn vị đang hoạt động"),
        ],
        responses=UnitSerializer(many=True),
    )
    def get(self, request):
        qs = unit_tree()
        under = request.query_params.get("under")
        if under:
            root = Unit.objects.filter(code=under).first()
            if root is None:
                raise NotFound(_("Không có đơn vị mã “%(code)s”.") % {"code": under}, field="under")
            qs = qs & subtree(root)
        kind = request.query_params.get("kind")
        if kind:
            if kind not in UnitKind.values:
                raise ValidationFailed(
                    _("Loại đơn vị “%(kind)s” không hợp lệ; chọn một trong: %(choices)s.")
                    % {"kind": kind, "choices": ", ".join(UnitKind.values)},
                    field="kind",
                )
            qs = qs.filter(kind=kind)
        if request.query_params.get("active", "").lower() in ("1", "true"):
            qs = qs.filter(is_active=True)
        return Response(UnitSerializer(qs, many=True).data)
