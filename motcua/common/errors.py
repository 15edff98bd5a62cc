"""Domain errors shared by every app; the API maps them once to problem+json, the UI to messages."""
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain was broken. `detail` is for people (Vietnamese, or English when chosen)."""

    status = 400
    type = "about:blank"
    title = _("Yêu cầu không hợp lệ")

    def __init__(self, detail: str, *, field: str | None = None, errors: list | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.errors = errors or []


class ValidationFailed(DomainError):
    type = "https://motcua.vn/problems/validation"
    title = _("Dữ liệu không hợp lệ")


class NotFound(DomainError):
    status = 404
    type = "https://motcua.vn/problems/not-found"
    title = _("Không tìm thấy")


class NotAllowed(DomainError):
    status = 403
    type = "https://motcua.vn/problems/forbidden"
    title = _("Không có quyền")


class Conflict(DomainError):
    status = 409
    type = "https://motcua.vn/problems/conflict"
    title = _("Xung đột dữ liệu")
