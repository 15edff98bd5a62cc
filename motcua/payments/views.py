"""The merchant side of online payment (decision 0042): the citizen starts a payment, the gateway's IPN
arrives here, the browser comes back to see the result, the receipt is printed. Views parse and render;
`services` decides."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import role_required
from motcua.accounts.models import Role
from motcua.common.errors import DomainError

from . import services
from .models import OrderStatus, PaymentOrder

citizen_required = role_required(
    lambda user: user.role == Role.CITIZEN, gettext_lazy("Trang này dành cho công dân, tổ chức nộp hồ sơ trực tuyến.")
)


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_POST
@citizen_required
def start(request, pk):
    """“Thanh toán trực tuyến”: a new order, and the browser goes to the gateway's page."""
    try:
        url = services.start_payment(
            pk, request.user, return_url=request.build_absolute_uri(reverse("payments:return")),
            ipn_url=request.build_absolute_uri(reverse("payments:ipn")), client_ip=_client_ip(request),
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("citizen:dossier", pk)
    return redirect(url)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ipn(request):
    """The gateway's server-to-server notification (VNPAY sends a GET; the sandbox POSTs a form)."""
    params = request.POST if request.method == "POST" else request.GET
    return JsonResponse(services.handle_ipn(params.dict(), remote_addr=_client_ip(request)))


@require_GET
@login_required
def payment_return(request):
    """Where the gateway sends the browser back: shows what the IPN established; changes nothing."""
    order = services.order_for_return(request.GET.dict(), request.user)
    context = {"order": order, "valid": order is not None,
               "waiting": order is not None and order.status == OrderStatus.PENDING}
    return render(request, "payments/return.html", context, status=200 if order is not None else 400)


@require_GET
@login_required
def receipt(request, order_ref):
    """The electronic receipt (biên lai điện tử) of a paid order, for its payer and whoever sees the dossier."""
    order = PaymentOrder.objects.select_related("dossier__procedure", "dossier__procedure_version").filter(
        order_ref=order_ref, status__in=[OrderStatus.PAID, OrderStatus.REFUNDED]
    ).first()
    if order is None or not services.may_see_order(request.user, order):
        raise Http404
    return render(request, "payments/receipt.html", {"r": services.receipt(order), "order": order})
