"""Sign-in and sign-out pages (Django's auth views with Vietnamese templates); officers land on their worklist.
Citizens' own accounts: registration with verification codes, password reset, sign-in through the identity
provider (decision 0044)."""
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from motcua.accounts import oidc, services, twofactor
from motcua.accounts.forms import CodeForm, PhoneResetConfirmForm, PhoneResetForm, RegistrationForm
from motcua.accounts.models import Role, User
from motcua.accounts.verification import CodeError, too_many

log = logging.getLogger("motcua.accounts")

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

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc": _oidc_configured()}

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


# -- citizens' own accounts: registration, verification, password reset, OIDC (decision 0044) --------------
PENDING = "motcua_registration_user"
# Requests that send messages, per client address and hour (verification.too_many).
REGISTRATIONS_PER_HOUR = 10
RESETS_PER_HOUR = 10
RESET_PHONE = "motcua_reset_phone"


def register(request):
    """/dang-ky/: a citizen's account, inactive until the codes sent to its e-mail and/or phone are given."""
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    form = RegistrationForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if too_many(request, "registration", REGISTRATIONS_PER_HOUR):
            error = gettext("Có quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau.")
        else:
            try:
                user = services.register_citizen(
                    full_name=data["full_name"], email=data["email"], phone=data["phone"], password=data["password1"],
                    identity_number=data["identity_number"],
                )
            except CodeError as exc:
                error = exc.message
            else:
                # The password's hash goes with it: whoever registers the same address again (a new password)
                # voids this browser's verification, so a code never switches on someone else's password.
                request.session[PENDING] = [user.pk, user.get_session_auth_hash()]
                return redirect("accounts:register_verify")
    return render(request, "accounts/register.html", {"form": form, "error": error, "oidc": _oidc_configured()},
                  status=(429 if error else 400) if form.is_bound else 200)


def _pending_user(request):
    pk, auth_hash = (request.session.get(PENDING) or [None, ""])[:2]
    user = User.objects.filter(pk=pk, registration_pending=True, is_active=False).first() if pk else None
    if user is None or not constant_time_compare(auth_hash, user.get_session_auth_hash()):
        return None
    return user


def register_verify(request):
    """/dang-ky/xac-minh/: the codes; right ones switch the account on and sign it in."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:register")
    channels = services.registration_channels(user)
    form = CodeForm(request.POST or None, channels=channels)
    error = ""
    if request.method == "POST" and request.POST.get("resend"):
        form = CodeForm(channels=channels)
        try:
            services.resend_registration_codes(user)
        except CodeError as exc:
            error = exc.message
        else:
            messages.success(request, gettext("Đã gửi mã xác minh mới."))
            return redirect("accounts:register_verify")
    elif request.method == "POST" and form.is_valid():
        try:
            services.confirm_registration(user, form.cleaned_data)
        except CodeError as exc:
            error = exc.message
        else:
            request.session.pop(PENDING, None)
            login(request, user, backend="motcua.accounts.backends.AccountBackend")
            messages.success(request, gettext("Đã xác minh tài khoản. Bạn đã đăng nhập."))
            return redirect(home_for(user))
    context = {"form": form, "error": error, "pending": user, "channels": channels,
               "pending_destinations": ", ".join(_masked(d) for d in (user.email, user.phone) if d)}
    return render(request, "accounts/register_verify.html", context, status=400 if (error or form.errors) else 200)


def _masked(destination: str) -> str:
    """An address shown half hidden: ng***@example.vn, ******5678."""
    if "@" in destination:
        name, _at, domain = destination.partition("@")
        return f"{name[:2]}***@{domain}"
    return "*" * max(len(destination) - 4, 0) + destination[-4:]


def reset_by_phone(request):
    """/quen-mat-khau/so-dien-thoai/: a code by SMS to a verified phone (the same answer whether or not an
    account has it)."""
    form = PhoneResetForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        phone = services.normalize_phone(form.cleaned_data["phone"])
        try:
            if too_many(request, "password_reset", RESETS_PER_HOUR):
                raise CodeError(gettext("Có quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau."), "throttled")
            services.send_reset_code(phone)
        except CodeError as exc:
            error = exc.message
        else:
            request.session[RESET_PHONE] = phone
            return redirect("accounts:reset_phone_confirm")
    return render(request, "accounts/reset_phone.html", {"form": form, "error": error},
                  status=400 if (error or form.errors) else 200)


def reset_by_phone_confirm(request):
    phone = request.session.get(RESET_PHONE)
    if not phone:
        return redirect("accounts:reset_phone")
    form = PhoneResetConfirmForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password_with_code(phone, form.cleaned_data["code"], form.cleaned_data["password1"])
        except CodeError as exc:
            error = exc.message
        else:
            request.session.pop(RESET_PHONE, None)
            messages.success(request, gettext("Đã đặt mật khẩu mới; hãy đăng nhập bằng mật khẩu mới."))
            return redirect("accounts:login")
    return render(request, "accounts/reset_phone_confirm.html", {"form": form, "error": error, "phone": phone},
                  status=400 if (error or form.errors) else 200)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = "/quen-mat-khau/da-gui/"

    def form_valid(self, form):
        if too_many(self.request, "password_reset", RESETS_PER_HOUR):
            form.add_error(None, gettext("Có quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = "/dat-lai-mat-khau/xong/"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _oidc_configured() -> bool:
    return oidc.configured()


def oidc_start(request):
    """/dang-nhap/dinh-danh/: to the identity provider (authorization code flow with PKCE, state, nonce)."""
    if not oidc.configured():
        raise Http404(gettext("Chưa cấu hình đăng nhập bằng tài khoản định danh điện tử."))
    try:
        return oidc.start(request, request.build_absolute_uri(reverse("accounts:oidc_callback")))
    except oidc.UNREACHABLE as exc:  # the provider's metadata is unreachable or malformed
        log.warning("OIDC sign-in not started: %s: %s", type(exc).__name__, exc)
        return _oidc_failed(request)


def _oidc_failed(request):
    form = VietnameseAuthenticationForm(request)
    message = gettext("Đăng nhập bằng tài khoản định danh điện tử không thành công; chưa có gì thay đổi. "
                      "Vui lòng thử lại hoặc đăng nhập bằng mật khẩu.")
    return render(request, "accounts/login.html", {"form": form, "oidc_error": message, "oidc": _oidc_configured()},
                  status=400)


def oidc_callback(request):
    """/dang-nhap/dinh-danh/ve/: the provider's answer, checked (oidc.finish), then the account signed in."""
    if not oidc.configured():
        return redirect("accounts:login")
    try:
        claims = oidc.finish(request)
        user = oidc.sign_in_user(claims, current_user=request.user)
    except oidc.OidcRefused:
        return _oidc_failed(request)
    login(request, user, backend=oidc.BACKEND)
    return redirect(home_for(user))
