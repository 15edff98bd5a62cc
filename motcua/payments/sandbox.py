"""The sandbox payment gateway (cổng thanh toán thử, decision 0042): a gateway speaking the same signed
protocol as VNPAY, running inside the project for demo, development and tests (MOTCUA_PAYMENT_SANDBOX; off
by default in production). Its pages show the order and let the payer pay or cancel; on either it calls the
merchant's IPN URL over real HTTP (server to server), then sends the browser back to the return URL with the
signed result. Its API refunds a transaction it recorded. Every incoming request's signature is checked."""
from __future__ import annotations

import hmac
import json
import logging
import secrets
import urllib.request
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import gateway as gw
from .models import SandboxTransaction

logger = logging.getLogger(__name__)

PAYMENT_FIELDS = (
    "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode", "vnp_TxnRef", "vnp_OrderInfo",
    "vnp_OrderType", "vnp_Locale", "vnp_ReturnUrl", "vnp_IpAddr", "vnp_CreateDate", "vnp_ExpireDate",
    "vnp_IpnUrl", "vnp_BankCode", "vnp_SecureHash",
)


def _require_sandbox() -> None:
    if not settings.MOTCUA_PAYMENT_SANDBOX:
        raise Http404(_("Cổng thanh toán thử không được bật."))


def _checked(params) -> dict[str, str] | None:
    """The payment request's parameters if they are signed with the merchant's secret; else None."""
    values = {k: str(params[k]) for k in PAYMENT_FIELDS if params.get(k)}
    if values.get("vnp_TmnCode") != settings.MOTCUA_PAYMENT_MERCHANT or not gw.verify(values, settings.MOTCUA_PAYMENT_SECRET):
        return None
    try:
        if int(values.get("vnp_Amount", "")) <= 0:
            return None
    except ValueError:
        return None
    return values


def _refused(request, status: int = 400):
    return render(request, "payments/sandbox_error.html", {}, status=status)


@require_GET
def pay_page(request):
    _require_sandbox()
    values = _checked(request.GET)
    if values is None:
        return _refused(request)
    context = {
        "values": values, "amount": int(values["vnp_Amount"]) // 100, "merchant": values["vnp_TmnCode"],
    }
    return render(request, "payments/sandbox_pay.html", context)


def _ipn_url(values: dict[str, str]) -> str:
    if values.get("vnp_IpnUrl"):
        return values["vnp_IpnUrl"]
    parts = urlsplit(values["vnp_ReturnUrl"])
    return urljoin(f"{parts.scheme}://{parts.netloc}", reverse("payments:ipn"))


def _result(values: dict[str, str], paid: SandboxTransaction | None) -> dict[str, str]:
    now = gw.gateway_time(timezone.now())
    result = {
        "vnp_TmnCode": values["vnp_TmnCode"], "vnp_Amount": values["vnp_Amount"], "vnp_TxnRef": values["vnp_TxnRef"],
        "vnp_OrderInfo": values.get("vnp_OrderInfo", ""), "vnp_PayDate": now,
    }
    if paid is not None:
        result.update({
            "vnp_BankCode": "NCB", "vnp_BankTranNo": f"VNP{paid.transaction_no}", "vnp_CardType": "ATM",
            "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00", "vnp_TransactionNo": paid.transaction_no,
        })
    else:  # the payer cancelled (VNPAY: 24)
        result.update({"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02", "vnp_TransactionNo": "0"})
    result["vnp_SecureHash"] = gw.sign(result, settings.MOTCUA_PAYMENT_SECRET)
    return result


def _record(values: dict[str, str]) -> SandboxTransaction:
    """The sandbox's own transaction for this order: one, however often the payer presses pay."""
    merchant, ref = values["vnp_TmnCode"], values["vnp_TxnRef"]
    found = SandboxTransaction.objects.filter(merchant=merchant, txn_ref=ref).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return SandboxTransaction.objects.create(
                merchant=merchant, txn_ref=ref, amount=int(values["vnp_Amount"]) // 100,
                transaction_no=str(10_000_000 + secrets.randbelow(89_999_999)), status="paid",
            )
    except IntegrityError:
        return SandboxTransaction.objects.get(merchant=merchant, txn_ref=ref)


def deliver_ipn(url: str, params: dict[str, str], timeout: float = 15) -> dict:
    """POST the signed result to the merchant's IPN URL (form-encoded), as the gateway's server does."""
    req = urllib.request.Request(
        url, data=urlencode(params).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (the merchant's own URL)
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("sandbox: IPN to %s failed: %s", url, exc)
        return {"RspCode": "", "Message": str(exc)}


@require_POST
def decide(request):
    """The payer pressed “Thanh toán” or “Hủy”: the IPN first (server to server), then the browser back."""
    _require_sandbox()
    values = _checked(request.POST)
    if values is None:
        return _refused(request)
    paid = _record(values) if request.POST.get("decision") == "pay" else None
    result = _result(values, paid)
    answer = deliver_ipn(_ipn_url(values), result)
    logger.info("sandbox: IPN for %s answered %s", values["vnp_TxnRef"], answer)
    separator = "&" if "?" in values["vnp_ReturnUrl"] else "?"
    return HttpResponseRedirect(values["vnp_ReturnUrl"] + separator + urlencode(result))


def _refund_answer(code: str, message: str, body: dict, txn: SandboxTransaction | None) -> JsonResponse:
    answer = {
        "vnp_ResponseId": secrets.token_hex(8), "vnp_Command": "refund", "vnp_ResponseCode": code,
        "vnp_Message": message, "vnp_TmnCode": str(body.get("vnp_TmnCode", "")), "vnp_TxnRef": str(body.get("vnp_TxnRef", "")),
        "vnp_Amount": str(body.get("vnp_Amount", "")), "vnp_BankCode": "NCB" if txn else "",
        "vnp_PayDate": gw.gateway_time(txn.at) if txn else "",
        "vnp_TransactionNo": f"R{txn.transaction_no}" if txn and code == "00" else "",
        "vnp_TransactionType": "02", "vnp_TransactionStatus": "05" if code == "00" else "",
        "vnp_OrderInfo": str(body.get("vnp_OrderInfo", "")),
    }
    answer["vnp_SecureHash"] = gw.sign_fields(answer, gw.REFUND_RESPONSE_FIELDS, settings.MOTCUA_PAYMENT_SECRET)
    return JsonResponse(answer)


@csrf_exempt
@require_POST
def api(request):
    """The gateway's transaction API, refunds only (VNPAY's `refund` command): a signed JSON request."""
    _require_sandbox()
    try:
        body = json.loads(request.body.decode("utf-8"))
        assert isinstance(body, dict)
    except (ValueError, AssertionError):
        return _refund_answer("03", "Invalid request", {}, None)
    expected = gw.sign_fields(body, gw.REFUND_REQUEST_FIELDS, settings.MOTCUA_PAYMENT_SECRET)
    if body.get("vnp_TmnCode") != settings.MOTCUA_PAYMENT_MERCHANT or not hmac.compare_digest(
        str(body.get("vnp_SecureHash", "")).lower(), expected
    ):
        return _refund_answer("97", "Invalid signature", body, None)
    if body.get("vnp_Command") != "refund":
        return _refund_answer("02", "Invalid command", body, None)
    with transaction.atomic():
        txn = SandboxTransaction.objects.select_for_update().filter(
            merchant=body["vnp_TmnCode"], txn_ref=str(body.get("vnp_TxnRef", "")),
            transaction_no=str(body.get("vnp_TransactionNo", "")),
        ).first()
        if txn is None:
            return _refund_answer("91", "Transaction not found", body, None)
        if txn.status == "refunded":
            return _refund_answer("94", "Already refunded", body, txn)
        if str(body.get("vnp_Amount")) != str(txn.amount * 100):
            return _refund_answer("03", "Invalid amount", body, txn)
        txn.status = "refunded"
        txn.save(update_fields=["status"])
    return _refund_answer("00", "Refund success", body, txn)
