"""Bearer tokens for the REST API (`Authorization: Bearer <token>`)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate_credentials(self, key):
        from rest_framework import exceptions

        from motcua.accounts.backends import demo_account_refused

        user, token = super().authenticate_credentials(key)
        if demo_account_refused(user):
            raise exceptions.AuthenticationFailed("Tài khoản demo chỉ dùng được ở chế độ demo.")
        return user, token


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "motcua.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
