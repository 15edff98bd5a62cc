"""Open311 GeoReport v2, read only (http://wiki.open311.org/GeoReport_v2; docs/decisions/0041).

    GET /open311/v2/services.{json,xml}                    the published procedures
    GET /open311/v2/services/{service_code}.{json,xml}     an error: no service has metadata to define
    GET /open311/v2/requests/{code}.{json,xml}?check=…     a dossier's public status (code + check element)
    GET /open311/v2/requests.{json,xml}?service_request_id=A,B&check=a,b   the same for up to 10 dossiers

`jurisdiction_id` is accepted everywhere (this endpoint serves one jurisdiction: any value, or only
MOTCUA_OPEN311_JURISDICTION when it is set). Errors are Open311's list of {code, description} with the same
HTTP status. Reads of dossiers share the public lookup's throttle (one lookup per dossier asked for): the
check element must not be guessable faster through this door than through the lookup's.
"""
from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.common.errors import NotFound
from motcua.dossiers.lookup import NOT_FOUND
from motcua.dossiers_web.throttles import lookup_allowed

from . import selectors

MAX_IDS = 10
# The fields of a service request, in the spec's order (no description, address, position or media: a
# dossier's are personal data and the public lookup does not show them).
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "agency_responsible",
    "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
)
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")


class Open311Error(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


# -- rendering -------------------------------------------------------------------------------------------
def _xml_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml(root: str, item: str, rows: list[dict], fields) -> bytes:
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for name in fields:
            if name in row:
                ET.SubElement(element, name).text = _xml_text(row[name])
    # The declaration as the spec's examples write it (ElementTree's own uses single quotes).
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="unicode").encode("utf-8")


def _respond(rows: list[dict], fmt: str, root: str, item: str, fields, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        response = HttpResponse(_xml(root, item, rows, fields), content_type="text/xml; charset=utf-8", status=status)
    else:
        body = json.dumps([{k: row[k] for k in fields if k in row} for row in rows], ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8", status=status)
    response["Access-Control-Allow-Origin"] = "*"  # anonymous reads, no credentials: any civic web app may read
    return response


def error_response(error: Open311Error, fmt: str) -> HttpResponse:
    rows = [{"code": error.status, "description": error.description}]
    response = _respond(rows, fmt, "errors", "error", ("code", "description"), status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def _iso(t) -> str | None:
    return timezone.localtime(t).replace(microsecond=0).isoformat() if t else None


def _request_row(found: selectors.ServiceRequest) -> dict:
    s = found.status
    notes = [s.status_label, s.step, s.pause_reason]
    return {
        "service_request_id": s.code,
        "status": selectors.open311_status(s.status),
        "status_notes": ". ".join(str(n) for n in notes if n),
        "service_name": s.procedure_name_en if s.procedure_name_en and _english() else s.procedure_name,
        "service_code": s.procedure_code,
        "agency_responsible": s.unit_name or "",  # the unit holding it while it is worked on
        "service_notice": "",
        "requested_datetime": _iso(s.received_at),
        "updated_datetime": _iso(found.updated_at),
        "expected_datetime": _iso(s.new_appointment_at or s.due_at),
    }


def _english() -> bool:
    from motcua.catalog.localized import english_wanted

    return english_wanted()


# -- the views -------------------------------------------------------------------------------------------
def _check_jurisdiction(request) -> None:
    ours = getattr(settings, "MOTCUA_OPEN311_JURISDICTION", "")
    given = (request.GET.get("jurisdiction_id") or "").strip()
    if ours and given and given != ours:
        raise Open311Error(404, _("Không có jurisdiction_id này; máy chủ này chỉ phục vụ: %(id)s") % {"id": ours})


def _throttle(request) -> None:
    allowed, wait = lookup_allowed(request)
    if not allowed:
        raise Open311Error(429, _("Quá nhiều lượt tra cứu; vui lòng thử lại sau."), retry_after=wait)


def _check_of(request) -> str:
    return request.GET.get("check") or request.GET.get("k") or ""


def open311_view(view):
    """GET (and HEAD) only, jurisdiction checked, errors as Open311 errors in the format asked for."""

    @csrf_exempt
    def wrapper(request, *args, fmt: str | None = "json", **kwargs):
        fmt = fmt or "json"
        try:
            if request.method not in ("GET", "HEAD"):
                response = error_response(Open311Error(405, _("API Open311 này chỉ cho phép đọc (GET).")), fmt)
                response["Allow"] = "GET, HEAD"
                return response
            _check_jurisdiction(request)
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return error_response(error, fmt)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@open311_view
def services(request, fmt: str):
    return _respond(selectors.services(), fmt, "services", "service", SERVICE_FIELDS)


@open311_view
def service_definition(request, code: str, fmt: str):
    """No service has attributes (metadata=false), so there is no definition to give (spec: a definition
    exists only where metadata is true)."""
    if selectors.service(code) is None:
        raise Open311Error(404, _("Không tìm thấy dịch vụ (thủ tục) có mã này."))
    raise Open311Error(404, _("Dịch vụ này không có thuộc tính bổ sung (metadata=false)."))


def _find(request, code: str, check: str) -> selectors.ServiceRequest:
    _throttle(request)
    try:
        return selectors.service_request(code, check)
    except NotFound as exc:
        raise Open311Error(404, str(NOT_FOUND)) from exc


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@open311_view
def service_request(request, code: str, fmt: str):
    found = _find(request, code, _check_of(request))
    return _private(_respond([_request_row(found)], fmt, "service_requests", "request", REQUEST_FIELDS))


@open311_view
def service_requests(request, fmt: str):
    """Only the dossiers asked for by code, each with its check element (`check`, comma-separated in the
    same order): listing or searching dossiers would open them to anyone. Unknown codes and wrong checks
    are left out, alike. `service_code` and `status` filter what was found."""
    ids = [i.strip() for i in (request.GET.get("service_request_id") or "").split(",") if i.strip()]
    checks = [c.strip() for c in _check_of(request).split(",")]
    if not ids or not _check_of(request).strip():
        raise Open311Error(400, _("Cần mã hồ sơ (service_request_id) và mã kiểm tra (check) in trên giấy tiếp nhận."))
    if len(ids) > MAX_IDS:
        raise Open311Error(400, _("Mỗi lần hỏi tối đa %(n)d mã hồ sơ.") % {"n": MAX_IDS})
    if len(checks) != len(ids):
        raise Open311Error(400, _("Mỗi mã hồ sơ cần một mã kiểm tra (check), cùng thứ tự, cách nhau bằng dấu phẩy."))
    rows = []
    for code, check in zip(ids, checks, strict=True):
        try:
            rows.append(_request_row(_find(request, code, check)))
        except Open311Error as error:
            if error.status != 404:
                raise
    service_code = (request.GET.get("service_code") or "").strip()
    status = (request.GET.get("status") or "").strip().lower()
    rows = [
        r for r in rows
        if (not service_code or r["service_code"] in service_code.split(","))
        and (not status or r["status"] in status.split(","))
    ]
    return _private(_respond(rows, fmt, "service_requests", "request", REQUEST_FIELDS))


@open311_view
def not_found(request, fmt: str, rest: str = ""):
    raise Open311Error(404, _("Không tìm thấy địa chỉ yêu cầu."))
