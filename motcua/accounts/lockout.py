"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): 429 with Retry-After,
problem+json under /api/, the sign-in page with a Vietnamese message elsewhere."""
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.api.problems import problem_response

MESSAGE = _("Đăng nhập sai quá nhiều lần; tài khoản hoặc địa chỉ của bạn tạm bị khóa %(minutes)s phút.")


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = str(MESSAGE) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        result = problem_response(request, 429, detail)
    else:
        from motcua.accounts.views import VietnameseAuthenticationForm

        form = VietnameseAuthenticationForm(request)
        result = render(request, "accounts/login.html", {"form": form, "locked_out": detail}, status=429)
    result["Retry-After"] = str(minutes * 60)
    return result
