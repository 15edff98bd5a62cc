"""The gate of the signed-in web pages by role, used by every audience's views (desk, citizen, stats,
frontdesk, feedback, evaluation): anonymous users go to sign in, others get the 403 page with a reason."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def role_required(allowed, reason: str, hint: str | None = None):
    """A view for signed-in users that `allowed(user)` accepts: anonymous users go to sign in, anyone
    else gets the Vietnamese 403 page with the reason (and a hint where to go instead)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                return render(request, "accounts/403.html", {"reason": reason, "hint": hint}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


officer_required = role_required(
    lambda user: user.is_officer,
    _("Trang này dành cho cán bộ, công chức của các đơn vị giải quyết thủ tục hành chính."),
)
