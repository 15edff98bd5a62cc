"""Sign-in backends: demo accounts (published password) are refused unless demo mode is on."""
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_account_refused(user) -> bool:
    return bool(getattr(user, "is_demo", False)) and not settings.DEMO_MODE


class AccountBackend(ModelBackend):
    """Django's model backend, except that a demo account cannot sign in, nor keep a session, once
    demo mode is off — even before `enforce_demo_mode` has switched it off in the database."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not demo_account_refused(user)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request (the web form, the token
    endpoint). A call without one (a management command, a test client) is not a sign-in from a
    client address and goes straight to the account backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
