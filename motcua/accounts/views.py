"""Sign-in and sign-out pages (Django's auth views with Vietnamese templates); officers land on their worklist."""
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

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
