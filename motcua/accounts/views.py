"""Sign-in and sign-out pages (Django's auth views with Vietnamese templates); officers land on their worklist."""
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.http import url_has_allowed_host_and_scheme

from motcua.accounts.models import Role

OFFICER_HOME = "/can-bo/"
CITIZEN_HOME = "/ca-nhan/"
PORTAL_HOME = "/"


class VietnameseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = VietnameseAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = self.get_redirect_url()
        if url:
            return url
        return home_for(self.request.user)

    def get_redirect_url(self):
        url = self.request.POST.get("next", self.request.GET.get("next", ""))
        safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts=self.get_success_url_allowed_hosts(), require_https=self.request.is_secure()
        )
        return url if safe else ""


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def home_for(user) -> str:
    """Where a user goes after signing in: officers to their worklist, citizens to their dossiers,
    anyone else (an administrator without a unit) to the portal."""
    if getattr(user, "is_officer", False):
        return OFFICER_HOME
    return CITIZEN_HOME if getattr(user, "role", None) == Role.CITIZEN else PORTAL_HOME
