"""API of dossiers: intake, one dossier, its actions, the caller's list. Parse, call the services, render."""
import json
import logging

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.pagination import KeysetPagination
from motcua.common.errors import NotAllowed, ValidationFailed
from motcua.common.text import MAX_NAME, MAX_NOTE, check_structure, no_control_characters

from . import deadlines, schemas, selectors, services
from .models import Channel, Dossier, Status
from .permissions import dossier_for_user, find_dossier, visible_dossiers

# Every free text: bounded, no control characters (motcua.common.text, issue 11).
TEXT = [no_control_characters]

logger = logging.getLogger(__name__)


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, validators=TEXT)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=TEXT)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=TEXT)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, validators=TEXT)
    representative_name = serializers.CharField(max_length=255, required=False, allow_blank=True, validators=TEXT)
    representative_id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=TEXT)
    representative_relation = serializers.CharField(max_length=255, required=False, allow_blank=True, validators=TEXT)


class IntakeSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=64, validators=TEXT)
    unit = serializers.CharField(max_length=32, validators=TEXT)
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant = ApplicantSerializer()
    received_at = serializers.DateTimeField(required=False)
    variant = serializers.IntegerField(required=False)
    checklist = serializers.DictField(child=serializers.DictField(), required=False)
    refusal_reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE, validators=TEXT)
    # The procedure-specific information its version declares (decision 0045), checked by the services.
    form_data = serializers.DictField(required=False)

    def validate_checklist(self, value):
        check_structure(value, "checklist")
        return value

    def validate_form_data(self, value):
        check_structure(value, "form_data")
        return value


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=services.PUBLIC_ACTIONS)
    version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_NOTE, validators=TEXT)
    to_unit = serializers.CharField(required=False, allow_null=True, default=None, max_length=MAX_NAME, validators=TEXT)
    to_user = serializers.CharField(required=False, allow_null=True, default=None, max_length=MAX_NAME, validators=TEXT)
    data = serializers.DictField(required=False, default=dict)
    # Bringing in history: when the action happened (only accounts that may import history).
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


def _history(user) -> dict:
    """The marks of an action of the past sent through the API; 403 for accounts that may not import history."""
    if not services.may_import_history(user):
        raise NotAllowed(str(services.HISTORY_NOT_ALLOWED))
    return {"by": user.username}

    def validate_data(self, value):
        check_structure(value, "data")
        return value


def _split_multipart(request) -> tuple[dict, list]:
    """The body and the files of a request.

    JSON requests carry no files. A `multipart/form-data` request carries the same JSON body in its
    `data` part, and scans as file parts: `attachment` (repeatable) for a file of the dossier, or
    `document:<id>` for the scan of one required document of the procedure.
    """
    if not request.content_type.startswith("multipart/form-data"):
        return request.data, []
    raw = request.data.get("data", "")
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        raise ValidationFailed(_("Phần “data” phải là JSON hợp lệ."), field="data") from None
    if not isinstance(body, dict):
        raise ValidationFailed(_("Phần “data” phải là một đối tượng JSON."), field="data")
    files = []
    for key in request.FILES:
        if key == "attachment":
            document_id = None
        elif key.startswith("document:") and key.removeprefix("document:").isdigit():
            document_id = int(key.removeprefix("document:"))
        else:
            raise ValidationFailed(
                _("Tên phần tệp “%(name)s” không hợp lệ; dùng “attachment” hoặc “document:<mã giấy tờ>”.")
                % {"name": key},
                field=key,
            )
        files.extend((document_id, f) for f in request.FILES.getlist(key))
    return body, files


# The multipart form of a request body: the JSON body in `data`, scans as file parts.
MULTIPART_SCHEMA = {
    "type": "object",
    "properties": {
        "data": {"type": "string", "description": "the JSON body, as text"},
        "attachment": {"type": "array", "items": {"type": "string", "format": "binary"}},
    },
    "additionalProperties": {"type": "string", "format": "binary", "description": "document:<id> → its scan"},
    "required": ["data"],
}


def _iso(t):
    return timezone.localtime(t).isoformat() if t else None


def dossier_body(d: Dossier, user, *, full: bool = True) -> dict:
    body = {
        "code": d.code,
        "id": d.pk,
        "procedure": d.procedure.code,
        "procedure_name": d.procedure_version.name,
        "status": d.status,
        "status_label": d.status_label,
        "unit": d.current_unit.code,
        "reception_unit": d.reception_unit.code,
        "channel": d.channel,
        "version": d.version,
        "applicant": {"name": d.applicant_name},
        "submitted_at": _iso(d.submitted_at),
        "received_at": _iso(d.received_at),
        "due_at": _iso(d.due_at),
        "new_appointment_at": _iso(d.new_appointment_at),
        "resolved_at": _iso(d.resolved_at),
        "returned_at": _iso(d.returned_at),
        "timeliness": d.timeliness or None,
        "assignee": d.assignee.username if d.assignee_id else None,
    }
    if not full:
        return body
    body["allowed_actions"] = services.allowed_actions(user, d)
    body["form_data"] = d.form_data or {}
    body["current_step"] = (
        {"order": d.current_step.order, "name": d.current_step.name, "role": d.current_step.role}
        if d.current_step_id else None
    )
    rules = selectors.time_rules(d)
    body["deadlines"] = {
        "due_at": _iso(d.due_at),
        # Decree 61/2018: hand-over by the desk (art. 18(2)), supplement request (art. 19(4)), apology (19(9))
        "handover": {
            "due_at": _iso(rules.handover_due), "handed_over_at": _iso(rules.handover_at),
            "on_time": rules.handover_on_time,
        } if rules.handover_due else None,
        "supplement_request_due_at": _iso(rules.supplement_request_due),
        "supplement_request_overdue": rules.supplement_request_overdue,
        "apology_due_at": _iso(rules.apology_due),
        "explanation": rules.clock,
        "steps": [
            {"order": s.order, "name": s.name, "budget_minutes": seconds // 60, "due_at": _iso(due)}
            for s, seconds, due in (deadlines.step_budgets(d) if d.received_at else [])
        ],
        "units": [
            {"unit": h.unit.code, "started_at": _iso(h.started_at), "ended_at": _iso(h.ended_at),
             "budget_minutes": h.budget_minutes, "due_at": _iso(h.due_at), "late": h.is_late}
            for h in selectors.holdings(d)
        ],
    }
    body["opinions"] = [
        {"unit": o.unit.code, "due_at": _iso(o.due_at), "answered_at": _iso(o.answered_at), "answer": o.answer}
        for o in d.opinions.select_related("unit")
    ]
    body["history"] = [
        {
            "action": e.action, "at": _iso(e.at), "actor": e.actor.username if e.actor_id else None,
            "actor_role": e.actor_role, "from_status": e.from_status or None, "to_status": e.to_status,
            "from_unit": e.from_unit.code if e.from_unit_id else None,
            "to_unit": e.to_unit.code if e.to_unit_id else None,
            "to_user": e.to_user.username if e.to_user_id else None, "note": e.note, "data": e.data,
        }
        for e in selectors.timeline(d)
    ]
    # The result as a thing: its number, date and files (taken in by the desk with `resolve`).
    body["result"] = {
        "kind": d.result_kind or None,
        "number": d.result_number or None,
        "date": d.result_date.isoformat() if d.result_date else None,
        "files": [
            {"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in selectors.result_files(d)
        ],
    } if d.resolved_at else None
    body["result_at_desk"] = d.result_at_desk
    body["attachments"] = [
        {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
        for a in d.attachments.all()
    ]
    body["regime"] = regime_body(d)
    return body


def regime_body(d: Dossier) -> dict:
    """The regime the dossier lives under (chosen by its receipt instant, docs/decisions/0020-regimes.md) and
    the forms its history calls for, each with the URL of its PDF — the officer's print buttons, as data."""
    from motcua.forms.selectors import applicable_forms, form_labels, regime_for

    regime = regime_for(d)
    return {
        "key": regime.key, "name": regime.name, "circular": regime.circular,
        "forms": [
            {"number": n, "label": label, "url": f"/api/v1/dossiers/{d.ref}/forms/{n}"}
            for n, label in form_labels(d, applicable_forms(d)).items()
        ],
    }


# The related rows `dossier_body` reads.
RELATED = ("procedure", "procedure_version", "current_unit", "reception_unit", "current_step", "assignee", "variant")


def _load(d: Dossier) -> Dossier:
    return Dossier.objects.select_related(*RELATED).get(pk=d.pk)


class DossierListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Hồ sơ người gọi được xem",
        operation_id="dossiers_list",
        description=(
            "Mới nhất trước (`-id`). Trang sau: theo liên kết `next` (`after=<id hồ sơ cuối trang>`, phân trang "
            "theo khóa, trang sâu nhanh như trang đầu); `page=N` vẫn dùng được. `count` đếm tối đa 1 000: quá "
            "số đó trả 1 000 và `count_capped: true` (quyết định 0028)."
        ),
        parameters=[
            OpenApiParameter("status", str), OpenApiParameter("unit", str),
            OpenApiParameter("after", int, description="id của hồ sơ cuối trang trước (liên kết `next`)"),
            OpenApiParameter("page", int), OpenApiParameter("page_size", int),
        ],
        responses={200: schemas.PaginatedDossierSummary},
    )
    def get(self, request):
        # The permission gate tested row by row: a page reads its rows, not the unit's whole history.
        qs = visible_dossiers(request.user, rowwise=True).select_related(
            "procedure", "procedure_version", "current_unit", "reception_unit", "assignee"
        )
        status_filter = request.query_params.get("status", "")
        if status_filter:
            if status_filter not in Status.values:
                raise ValidationFailed(_("Trạng thái không hợp lệ."), field="status")
            qs = qs.filter(status=status_filter)
        unit = request.query_params.get("unit", "")
        if unit:
            qs = qs.filter(current_unit__code=unit)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs.order_by("-id"), request, view=self)
        return paginator.get_paginated_response([dossier_body(d, request.user, full=False) for d in page])

    @extend_schema(
        summary="Tiếp nhận hồ sơ",
        description=(
            "Cán bộ tiếp nhận: đủ hồ sơ → 201, trạng thái `received`, có mã và hạn giải quyết. Thiếu giấy tờ → "
            "422 problem+json liệt kê mọi giấy tờ còn thiếu (`errors`), không ghi gì. Công dân (trực tuyến) → "
            "201, trạng thái `submitted`. `form_data` `{mã trường: giá trị}`: thông tin tờ khai riêng của thủ tục "
            "(các trường phiên bản thủ tục khai báo); sai → 400 problem+json, `errors` nêu từng trường "
            "`form_data.<mã>`, không ghi gì. Lặp lại cùng `Idempotency-Key` với cùng nội dung → 200 với hồ sơ đã "
            "tạo; cùng khóa, nội dung khác → 409."
        ),
        request={"application/json": IntakeSerializer, "multipart/form-data": MULTIPART_SCHEMA},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: schemas.DossierDetail, 200: schemas.DossierDetail},
    )
    def post(self, request):
        body, files = _split_multipart(request)
        s = IntakeSerializer(data=body)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        history = _history(request.user) if v.get("received_at") is not None else None
        result = services.receive_dossier(
            actor=request.user,
            procedure_code=v["procedure"],
            unit_code=v["unit"],
            channel=v["channel"],
            applicant=dict(v["applicant"]),
            checklist=v.get("checklist"),
            received_at=v.get("received_at"),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            variant=v.get("variant"),
            refusal_reason=v.get("refusal_reason", ""),
            attachments=files,
            history=history,
            form_data=v.get("form_data"),
        )
        code = status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
        return Response(_committed_body(result.dossier, request.user), status=code)


def _committed_body(d, user) -> dict:
    """The body after a committed change. The change is done whatever happens now: if reading it back
    fails (the database went away just after the commit), the client still gets the success with what is
    known in memory — a 500 would make a client without an Idempotency-Key send the intake again."""
    try:
        return dossier_body(_load(d), user)
    except DatabaseError:
        logger.exception("dossier %s committed; its full body could not be read back", d.code or d.pk)
        return {
            "id": d.pk, "code": d.code, "status": d.status, "version": d.version,
            "received_at": d.received_at, "due_at": d.due_at, "partial": True,
        }


class DossierDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Một hồ sơ, với thao tác được phép và toàn bộ lịch sử",
        description="`{code}`: mã hồ sơ; hồ sơ chưa được tiếp nhận (nháp, nộp trực tuyến chờ kiểm tra) chưa có mã "
        "nên dùng `id` của nó.",
        responses={200: schemas.DossierDetail},
    )
    def get(self, request, code):
        # The steps are read twice by the body (the supplement request's due date, the step budgets): once.
        d = find_dossier(
            visible_dossiers(request.user, rowwise=True).select_related(*RELATED).prefetch_related("procedure_version__steps"), code
        )
        return Response(dossier_body(d, request.user))


class DossierFormView(APIView):
    """A form of the dossier's regime as PDF (the same document as the officer's print button)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Một mẫu biểu của hồ sơ (PDF), theo chế độ của hồ sơ",
        description="`{number}`: số mẫu trong chế độ của hồ sơ (`regime.forms` của hồ sơ): hồ sơ tiếp nhận đến "
        "30/06/2025 in mẫu Thông tư 01/2018, từ 01/07/2025 mẫu Thông tư 03/2025. 404 khi mẫu không áp dụng cho hồ sơ.",
        responses={(200, "application/pdf"): bytes},
    )
    def get(self, request, code, number):
        from django.http import HttpResponse

        from motcua.common.errors import NotFound
        from motcua.forms.rendering import render_form
        from motcua.forms.selectors import applicable_forms, form_labels, regime_for

        d = find_dossier(visible_dossiers(request.user, rowwise=True).select_related(*RELATED), code)
        if number not in applicable_forms(d):
            known = form_labels(d, [number])
            raise NotFound(
                _("%(form)s không áp dụng cho hồ sơ này.") % {"form": known[number]} if known
                else _("Chế độ của hồ sơ (%(circular)s) không có mẫu số “%(number)s”.")
                % {"circular": regime_for(d).circular, "number": number}
            )
        response = HttpResponse(render_form(number, d), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{d.code or f"ho-so-{d.pk}"}-mau-{number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class DossierActionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Một thao tác trên hồ sơ",
        description="409: phiên bản cũ hoặc sai trạng thái; 403: không có quyền; 404: không được xem hồ sơ. "
        "`{code}`: mã hồ sơ, hoặc `id` khi hồ sơ chưa có mã. `resolve` (bộ phận một cửa nhận kết quả, chỉ khi quy "
        "trình nội bộ đã chạy đến bước cuối): `data` `{result_number, result_date?, result_kind?}`, tệp kết quả "
        "(bản quét, PDF ký số) gửi dạng multipart, phần `attachment`. `return_result` `{method: online}` cần tệp kết quả.",
        request={"application/json": ActionSerializer, "multipart/form-data": MULTIPART_SCHEMA},
        responses={200: schemas.DossierDetail},
    )
    def post(self, request, code):
        dossier_for_user(request.user, code)  # 404 before anything else, even on bad input
        body, files = _split_multipart(request)
        s = ActionSerializer(data=body)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        history = _history(request.user) if v["at"] is not None else None
        d = services.transition(
            code, v["action"], actor=request.user, expected_version=v["version"], note=v["note"],
            to_unit=v["to_unit"], to_user=v["to_user"], data=v["data"], files=files, at=v["at"], history=history,
        )
        return Response(_committed_body(d, request.user))
