"""`POST /api/v1/auth/token`: a username and password for a bearer token."""
from django.contrib.auth import authenticate
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.common.errors import DomainError


class BadCredentials(DomainError):
    status = 401
    type = "https://motcua.vn/problems/bad-credentials"
    title = "Đăng nhập không thành công"


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=16, required=False, allow_blank=True)


class TokenResponse(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class OtpRequired(DomainError):
    status = 401
    type = "https://motcua.vn/problems/otp-required"
    title = "Cần mã xác thực hai bước"


class EnrolFirst(DomainError):
    status = 403
    type = "https://motcua.vn/problems/two-factor-not-enrolled"
    title = "Chưa bật xác thực hai bước"


class LoginThrottle(AnonRateThrottle):
    rate = "30/minute"

    def get_ident(self, request):
        from motcua.common.clientip import client_ip

        return client_ip(request)


class TokenView(APIView):
    """POST: a bearer token for a username, a password and, for accounts with two-factor sign-in, the
    one-time code `otp`; the token expires (MOTCUA_TOKEN_TTL_HOURS). DELETE: revoke the caller's token."""

    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    def get_authenticators(self):
        from motcua.api.auth import BearerTokenAuthentication

        request = getattr(self, "request", None)
        return [BearerTokenAuthentication()] if request is not None and request.method == "DELETE" else []

    @extend_schema(request=TokenRequest, responses={200: TokenResponse})
    def post(self, request):
        from motcua.accounts import twofactor
        from motcua.api.auth import issue_token

        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes marks the plain Django request when it locks out (its middleware answers 429).
        user = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            raise BadCredentials(gettext("Tên đăng nhập hoặc mật khẩu không đúng."))
        if twofactor.needs_two_factor(user):
            if not twofactor.has_device(user):
                raise EnrolFirst(gettext("Tài khoản này cần xác thực hai bước: hãy đăng nhập trên trang web một lần để bật nó."))
            code = data.validated_data.get("otp", "")
            if not code:
                raise OtpRequired(gettext("Tài khoản này dùng xác thực hai bước: gửi kèm mã một lần trong trường otp."))
            if twofactor.check_code(user, code, request._request) is None:
                raise OtpRequired(gettext("Mã xác thực (otp) không đúng hoặc đã được dùng."))
        token, expires_at = issue_token(user)
        return Response({"token": token.key, "expires_at": expires_at})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        from rest_framework.exceptions import NotAuthenticated

        if request.auth is None:
            raise NotAuthenticated()
        request.auth.delete()
        return Response(status=204)


class MeResponse(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)


class MeView(APIView):
    """GET: who the bearer of this token is (username, name, role, unit id). A client checks its token with
    it; it reads nothing but the token and its user, so the benchmarks use it as the trivial authenticated
    view every other path is compared with (bench/scale.py)."""

    @extend_schema(responses={200: MeResponse})
    def get(self, request):
        from rest_framework.exceptions import NotAuthenticated

        user = request.user
        if not user.is_authenticated:
            raise NotAuthenticated()
        return Response({"username": user.username, "full_name": user.full_name, "role": user.role, "unit": user.unit_id})
