"""`POST /api/v1/auth/token`: a username and password for a bearer token."""
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
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


class TokenResponse(serializers.Serializer):
    token = serializers.CharField()


class LoginThrottle(AnonRateThrottle):
    rate = "30/minute"


class TokenView(APIView):
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=TokenRequest, responses={200: TokenResponse})
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            raise BadCredentials("Tên đăng nhập hoặc mật khẩu không đúng.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
