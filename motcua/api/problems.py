"""RFC 9457 problem details: every API error is `application/problem+json` with a title in the request's
language (Vietnamese unless the client asks for English: the language cookie, or Accept-Language under
/api/); `type` URIs and status codes never change with the language."""
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from motcua.common.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
BASE = "https://motcua.vn/problems/"

_TITLES = {
    400: ("validation", _("Dữ liệu không hợp lệ")),
    401: ("unauthenticated", _("Chưa đăng nhập")),
    403: ("forbidden", _("Không có quyền")),
    404: ("not-found", _("Không tìm thấy")),
    405: ("method-not-allowed", _("Phương thức không được hỗ trợ")),
    406: ("not-acceptable", _("Định dạng không được hỗ trợ")),
    409: ("conflict", _("Xung đột dữ liệu")),
    415: ("unsupported-media-type", _("Kiểu dữ liệu không được hỗ trợ")),
    413: ("content-too-large", _("Nội dung quá lớn")),
    429: ("rate-limited", _("Quá nhiều yêu cầu")),
    500: ("server-error", _("Lỗi hệ thống")),
    503: ("unavailable", _("Tạm thời không phục vụ được")),
}

_DETAILS = {
    exceptions.NotAuthenticated: _("Cần đăng nhập (Authorization: Bearer <token>)."),
    exceptions.AuthenticationFailed: _("Thông tin xác thực không đúng."),
    exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: _("Không tìm thấy tài nguyên yêu cầu."),
    exceptions.MethodNotAllowed: _("Phương thức HTTP này không được hỗ trợ tại địa chỉ này."),
    exceptions.UnsupportedMediaType: _("Kiểu dữ liệu gửi lên không được hỗ trợ; hãy gửi JSON."),
    exceptions.ParseError: _("Nội dung gửi lên không phải JSON hợp lệ."),
    exceptions.Throttled: _("Bạn đã gửi quá nhiều yêu cầu; vui lòng thử lại sau."),
}


def problem(status_code: int, detail: str, *, type_: str | None = None, title: str | None = None, **extra) -> dict:
    slug, default_title = _TITLES.get(status_code, ("error", _("Lỗi")))
    body = {
        "type": type_ or BASE + slug, "title": str(title or default_title), "status": status_code, "detail": str(detail),
    }
    body.update({k: v for k, v in extra.items() if v not in (None, [], {})})
    return body


def _flatten(errors, prefix="") -> list[dict]:
    """DRF's nested error dict → [{field, message}] with dotted field names."""
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            out.extend(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
    elif isinstance(errors, list):
        for i, value in enumerate(errors):
            if isinstance(value, dict | list):
                out.extend(_flatten(value, f"{prefix}[{i}]"))
            else:
                out.append({"field": prefix or None, "message": str(value)})
    else:
        out.append({"field": prefix or None, "message": str(errors)})
    return out


def exception_handler(exc, context):
    """DRF's exception handler: domain errors and DRF errors become problem+json."""
    headers = {}
    if isinstance(exc, DomainError):
        # Every problem when the error lists them (e.g. each field of `form_data` at fault), else the one field.
        errors = exc.errors or ([{"field": exc.field, "message": str(exc.detail)}] if exc.field else [])
        body = problem(exc.status, exc.detail, type_=exc.type, title=exc.title, errors=errors)
        return Response(body, status=exc.status, content_type=PROBLEM_CONTENT_TYPE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = errors[0] if errors else {"field": None, "message": ""}
        detail = (
            gettext("Trường “%(field)s”: %(message)s") % first if first["field"] else first["message"]
        )
        body = problem(status.HTTP_400_BAD_REQUEST, detail, errors=errors)
    else:
        if getattr(exc, "own_detail", False):  # raised by our code with its own Vietnamese sentence
            detail = str(exc.detail)
        else:
            detail = next((msg for cls, msg in _DETAILS.items() if isinstance(exc, cls)), str(exc.detail))
        body = problem(code, detail)
    return Response(body, status=code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(request, status_code: int, detail: str) -> JsonResponse:
    return JsonResponse(problem(status_code, detail), status=status_code, content_type=PROBLEM_CONTENT_TYPE)
