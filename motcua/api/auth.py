"""Bearer tokens for the REST API (`Authorization: Bearer <token>`): they expire and can be revoked."""
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


class TokenRefused(AuthenticationFailed):
    """401 with our own Vietnamese sentence (problem+json keeps it)."""

    own_detail = True


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.MOTCUA_TOKEN_TTL_HOURS)


def issue_token(user) -> tuple[Token, datetime]:
    """The user's token (one per user), made anew when the old one has expired."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and token.created + token_lifetime() <= timezone.now():
        token.delete()
        token = Token.objects.create(user=user)
    return token, token.created + token_lifetime()


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate_credentials(self, key):
        from motcua.accounts.backends import demo_account_refused

        user, token = super().authenticate_credentials(key)
        if token.created + token_lifetime() <= timezone.now():
            token.delete()
            raise TokenRefused(_("Token đã hết hạn; hãy xin token mới (POST /api/v1/auth/token)."))
        if demo_account_refused(user):
            raise TokenRefused(_("Tài khoản demo chỉ dùng được ở chế độ demo."))
        return user, token


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "motcua.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
