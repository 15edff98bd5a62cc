"""An officer or administrator who needs a second factor and has not given one in this session
reaches only the two-factor page, sign-out and what needs no session (static files, the API with its
own tokens, health checks) — every other page sends them to the two-factor page first."""
from django.shortcuts import redirect
from django.urls import reverse

from motcua.accounts.twofactor import needs_two_factor

EXEMPT = ("/tai-khoan/xac-thuc/", "/dang-xuat/", "/dang-nhap/", "/static/", "/i18n/", "/api/", "/healthz",
          "/readyz", "/favicon.ico")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(EXEMPT)
            and needs_two_factor(user)
            and not user.is_verified()
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
