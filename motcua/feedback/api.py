"""API of feedback (beyond api-contract.md): file one (no account needed; rate-limited per client like the
portal form), follow it by its tracking code, rate the handling. Parse, call, render; domain errors are
problem+json (motcua/api/problems.py)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Feedback
from .throttling import FeedbackThrottle

# Lengths and required fields are the services' rules (the same sentences as the portal form).
FeedbackRequest = inline_serializer("FeedbackRequest", {
    name: serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    for name in ("unit", "dossier_code", "subject", "content", "name", "phone", "email", "address")
})
FeedbackBody = inline_serializer("Feedback", {
    "code": serializers.CharField(help_text=gettext_lazy("mã theo dõi")),
    "unit": serializers.CharField(), "unit_name": serializers.CharField(),
    "dossier_code": serializers.CharField(allow_null=True), "subject": serializers.CharField(),
    "content": serializers.CharField(), "status": serializers.CharField(),
    "received_at": serializers.DateTimeField(), "due_at": serializers.DateTimeField(),
    "answer": serializers.CharField(allow_null=True), "answered_at": serializers.DateTimeField(allow_null=True),
    "satisfaction": serializers.CharField(allow_null=True),
})
RatingRequest = inline_serializer("FeedbackRating", {"satisfaction": serializers.CharField()})


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def feedback_body(f: Feedback) -> dict:
    """What the holder of the tracking code sees (never the contact details)."""
    return {
        "code": f.code, "unit": f.unit.code, "unit_name": f.unit.name,
        "dossier_code": f.dossier.code if f.dossier_id else None, "subject": f.subject, "content": f.content,
        "status": f.status, "received_at": _iso(f.received_at), "due_at": _iso(f.due_at),
        "answer": f.answer or None, "answered_at": _iso(f.answered_at), "satisfaction": f.satisfaction or None,
    }


def _fields(request) -> dict:
    data = request.data if hasattr(request.data, "get") else {}
    return {k: v for k, v in data.items() if isinstance(v, str)}


class FeedbackCreateView(APIView):
    """POST /api/v1/feedback: file feedback; a signed-in citizen is recorded as the filer."""

    permission_classes = [AllowAny]
    throttle_classes = [FeedbackThrottle]

    @extend_schema(request=FeedbackRequest, responses={201: FeedbackBody, 400: OpenApiResponse(description="problem+json"),
                                                      429: OpenApiResponse(description="problem+json")}, tags=["feedback"])
    def post(self, request):
        feedback = services.submit_feedback(_fields(request), filer=request.user)
        return Response(feedback_body(feedback), status=status.HTTP_201_CREATED)


class FeedbackDetailView(APIView):
    """GET /api/v1/feedback/{code}: the feedback by its tracking code."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: FeedbackBody, 404: OpenApiResponse(description="problem+json")}, tags=["feedback"])
    def get(self, request, code: str):
        return Response(feedback_body(selectors.by_tracking_code(code)))


class FeedbackRatingView(APIView):
    """POST /api/v1/feedback/{code}/rating: the filer's satisfaction with the handling (once, after the answer)."""

    permission_classes = [AllowAny]

    @extend_schema(request=RatingRequest, responses={200: FeedbackBody, 409: OpenApiResponse(description="problem+json")},
                   tags=["feedback"])
    def post(self, request, code: str):
        services.rate_feedback(code, str(_fields(request).get("satisfaction", "")), actor=request.user)
        return Response(feedback_body(selectors.by_tracking_code(code)))
