"""Vietnamese first: the language is Vietnamese unless the user chose another one explicitly."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def language_of(request) -> str:
    """The language a request is answered in: the language cookie if it names a supported language; under
    /api/ otherwise Accept-Language; otherwise Vietnamese (LANGUAGE_CODE)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    if chosen in supported:
        return chosen
    if request.path.startswith("/api/") and request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return translation.get_language_from_request(request)  # Accept-Language, else LANGUAGE_CODE
    return settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored.

    A public-service site in Vietnam speaks Vietnamese to everyone, whatever the browser's settings
    (a borrowed phone, a kiosk, an officer's English-language Windows); English is shown only to
    whoever picks it with the language switcher (the language cookie). The API (/api/) is read by
    programs, not people at a kiosk: there a client without the cookie may ask for English with
    Accept-Language (problem+json titles and details); without either it is Vietnamese too.
    """

    def process_request(self, request):
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()


# Control characters have no place in a path or a query (a NUL byte made PostgreSQL raise and the
# request answer 500). Tab, CR and LF are refused too: no identifier or search term contains them.
_CONTROL = {chr(c) for c in range(0x20)} | {"\x7f"}


def _has_control(text: str) -> bool:
    return any(ch in _CONTROL for ch in text)


class EdgeGuardMiddleware:
    """Refuses, before any view runs, what no view should have to handle: control characters in the
    path or the query, and bodies larger than the limits (problem+json under /api/, a Vietnamese page
    elsewhere). Placed first, so nothing is read or written for such a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from urllib.parse import unquote_plus

        if _has_control(request.path) or _has_control(unquote_plus(request.META.get("QUERY_STRING", ""))):
            return _refuse(request, 400, _("Địa chỉ yêu cầu chứa ký tự điều khiển không hợp lệ."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("Độ dài nội dung (Content-Length) không hợp lệ."))
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.MOTCUA_MAX_UPLOAD_REQUEST_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            mb = limit // (1024 * 1024)
            return _refuse(request, 413, format_lazy(_("Nội dung gửi lên quá lớn (tối đa {mb} MB)."), mb=mb))
        return self.get_response(request)


def database_unavailable(exc: BaseException | None) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request):
    """A database that is down or busy answers 503 with Retry-After, not 500."""
    response = _refuse(
        request, 503, _("Hệ thống tạm thời không truy cập được cơ sở dữ liệu; vui lòng thử lại sau ít phút.")
    )
    response["Retry-After"] = "30"
    return response


def _refuse(request, status: int, detail):
    """The refusal in the request's language (the edge guard runs before the locale middleware)."""
    with translation.override(language_of(request)):
        return _refusal(request, status, str(detail))


def _refusal(request, status: int, detail: str):
    from django.http import HttpResponse

    from motcua.api.problems import problem_response

    if request.path.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", ""):
        return problem_response(request, status, detail)
    from django.template.loader import render_to_string
    from django.utils.html import escape

    try:
        html = render_to_string("error.html", {"status": status, "detail": detail})
    except Exception:  # a broken template must not hide the refusal
        html = f"<!doctype html><title>{status}</title><p>{escape(detail)}</p>"
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
