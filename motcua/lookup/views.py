"""The public status lookup by dossier code (domain.md §6): the API (`GET /api/v1/lookup/{code}`) and the
portal page (/tra-cuu/<code>/), both rate-limited per IP, over the domain's selector
`motcua.dossiers.lookup.public_status` (its docstring tells what each tier of reader sees)."""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.common.errors import NotFound
from motcua.dossiers.lookup import (  # noqa: F401  (the lookup's names, where callers found them)
    NOT_FOUND,
    PublicStatus,
    mask_name,
    normalise_code,
    public_status,
)
from motcua.dossiers.schemas import LookupStatus
from motcua.dossiers_web.throttles import LookupThrottle, lookup_allowed  # noqa: F401


def _signed_in(request):
    """The caller's account, or None: a missing, wrong or expired credential leaves the anonymous tier,
    never an error (the lookup needs no sign-in, api-contract.md)."""
    try:
        return request.user if request.user.is_authenticated else None
    except AuthenticationFailed:
        return None


class LookupView(APIView):
    """GET /api/v1/lookup/{code}: the public status of a dossier (api-contract.md); the dossier's owner,
    signed in (bearer token or session), also gets `detail`."""

    permission_classes = [AllowAny]
    throttle_classes = [LookupThrottle]

    def perform_authentication(self, request):
        pass  # lazily, in `_signed_in`: a bad credential must not turn a public lookup into a 401

    @extend_schema(
        summary="Tra cứu tình trạng hồ sơ theo mã và mã kiểm tra in trên giấy tiếp nhận (không cần đăng nhập, giới hạn số lần)",
        parameters=[OpenApiParameter("check", str, description="mã kiểm tra 6 ký tự in cạnh mã hồ sơ (hoặc k)")],
        responses={200: LookupStatus}, tags=["lookup"],
    )
    def get(self, request, code: str):
        check = request.query_params.get("check") or request.query_params.get("k")
        status = public_status(code, check, _signed_in(request))
        response = Response(status.as_json())
        _private_to_the_caller(response)
        return response


def _private_to_the_caller(response):
    """The answer depends on who asks: no shared cache may hand the owner's tier to someone else."""
    patch_vary_headers(response, ("Authorization", "Cookie"))
    add_never_cache_headers(response)


# -- the portal pages -----------------------------------------------------------------------------------
def lookup_page(request):
    """/tra-cuu/: the form; ?ma=<code>&k=<check> goes to the result page."""
    code = normalise_code(request.GET.get("ma", ""))
    if code:
        check = (request.GET.get("k") or "").strip().upper()
        return HttpResponseRedirect(f"{reverse('public:lookup_result', args=[code])}?{urlencode({'k': check})}")
    return render(request, "lookup/lookup.html", {"code": ""})


def lookup_result(request, code: str):
    """/tra-cuu/<code>/: the status, or a 404 / 429 page (Vietnamese unless English was chosen)."""
    allowed, wait = lookup_allowed(request)
    if not allowed:
        response = render(request, "lookup/429.html", {"wait": wait}, status=429)
        if wait:
            response["Retry-After"] = str(wait)
        return response
    check = request.GET.get("k", "")
    try:
        status = public_status(code, check, request.user)
    except NotFound:
        return render(
            request, "lookup/lookup.html",
            {"code": normalise_code(code), "check": check.strip().upper(), "not_found": str(NOT_FOUND)}, status=404,
        )
    response = render(request, "lookup/result.html", {"s": status, "code": status.code})
    _private_to_the_caller(response)
    return response
