"""Sign-in and sign-out pages (Django's auth views with Vietnamese templates); officers land on their worklist."""
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from motcua.accounts import twofactor
from motcua.accounts.models import Role

OFFICER_HOME = "/can-bo/"
CITIZEN_HOME = "/ca-nhan/"
PORTAL_HOME = "/"


class VietnameseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    otp = forms.CharField(required=False, max_length=16, strip=True)

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["otp"].label = _("Mã xác thực (nếu tài khoản dùng xác thực hai bước)")
        self.otp_device = None

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and twofactor.needs_two_factor(user) and twofactor.has_device(user):
            code = cleaned.get("otp", "")
            if not code:
                raise forms.ValidationError(
                    _("Tài khoản này dùng xác thực hai bước: hãy nhập mã 6 số từ ứng dụng xác thực (hoặc một mã khôi phục)."),
                    code="otp_required",
                )
            self.otp_device = twofactor.check_code(user, code, self.request)
            if self.otp_device is None:
                raise forms.ValidationError(_("Mã xác thực không đúng hoặc đã được dùng."), code="otp_invalid")
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = VietnameseAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response

    def get_default_redirect_url(self):
        # Without a safe "next" (Django checks it), a user lands on the home of their role.
        return home_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def home_for(user) -> str:
    """Where a user goes after signing in: officers to their worklist, citizens to their dossiers,
    anyone else (an administrator without a unit) to the portal."""
    if getattr(user, "is_officer", False):
        return OFFICER_HOME
    return CITIZEN_HOME if getattr(user, "role", None) == Role.CITIZEN else PORTAL_HOME


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return home_for(request.user)


@login_required
def two_factor(request):
    """/tai-khoan/xac-thuc/: enrol an authenticator app (QR code, then a first code; recovery codes are
    shown once), or give a code for a session that has none yet."""
    user = request.user
    if not twofactor.needs_two_factor(user) or user.is_verified():
        return redirect(_safe_next(request))
    error = ""
    if twofactor.has_device(user):
        if request.method == "POST":
            device = twofactor.check_code(user, request.POST.get("otp", ""), request)
            if device is not None:
                otp_login(request, device)
                return redirect(_safe_next(request))
            error = gettext("Mã xác thực không đúng hoặc đã được dùng.")
        return render(request, "accounts/two_factor.html", {"mode": "verify", "error": error, "next": _safe_next(request)})
    if request.method == "POST":
        confirmed = twofactor.confirm_enrolment(user, request.POST.get("otp", ""))
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            return render(request, "accounts/two_factor.html", {"mode": "codes", "codes": codes, "next": _safe_next(request)})
        error = gettext("Mã xác thực không đúng: hãy nhập mã 6 số đang hiện trong ứng dụng.")
    device = twofactor.pending_device(user)
    return render(request, "accounts/two_factor.html", {
        "mode": "enrol", "error": error, "qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret_text(device),
        "next": _safe_next(request),
    }, status=400 if error else 200)
