"""The payment gateway adapter (decision 0042): what the services need of any gateway (`PaymentGateway`),
and the adapter for the signed-redirect protocol Vietnamese gateways use (VNPAY 2.1.0 and its like,
`VnpayGateway`). A real gateway is configuration only: `MOTCUA_PAYMENT_*` in settings.

The protocol: the browser is sent to the gateway with the order's parameters in a query string, sorted by
name and signed with HMAC-SHA512 of a secret shared with the gateway (`vnp_SecureHash`); the gateway sends
the browser back to the return URL with the result, signed the same way, and — what counts — calls the
IPN URL server to server with the same signed result, to which the merchant answers `{"RspCode", "Message"}`.
Refunds go to the gateway's API as a signed JSON request (the fields joined by `|`, HMAC-SHA512).
Standard library only: hmac, hashlib, urllib, json."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from motcua.dossiers.permissions import online_payment_configured

logger = logging.getLogger(__name__)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HASH_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
# The fields of a refund request and of its answer, in the order they are joined to be signed (VNPAY 2.1.0).
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef",
    "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo",
)


class GatewayUnavailable(Exception):
    """The gateway could not be reached or answered nonsense (a refund stays `requested`, to be retried)."""


# -- signing ------------------------------------------------------------------------------------------------
def canonical_query(params: Mapping[str, str]) -> str:
    """The signed text: every parameter but the hash, sorted by name, URL-encoded (spaces as `+`), as VNPAY does."""
    items = sorted((k, str(v)) for k, v in params.items() if k not in HASH_FIELDS and v not in (None, ""))
    return urlencode(items, quote_via=quote_plus)


def hmac_sha512(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, canonical_query(params))


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash") or "")
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


def signed_query(params: Mapping[str, str], secret: str) -> str:
    return f"{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


def sign_fields(values: Mapping[str, str], fields: tuple[str, ...], secret: str) -> str:
    return hmac_sha512(secret, "|".join(str(values.get(f, "")) for f in fields))


def gateway_time(at: datetime) -> str:
    return at.astimezone(VN).strftime("%Y%m%d%H%M%S")


def parse_gateway_time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=VN)
    except (TypeError, ValueError):
        return None


# -- what the services send and read ------------------------------------------------------------------------
@dataclass(frozen=True)
class OrderRequest:
    order_ref: str
    amount: int  # đồng
    info: str
    return_url: str
    ipn_url: str
    client_ip: str
    created_at: datetime


@dataclass(frozen=True)
class PaymentResult:
    """A gateway's report on an order (IPN or return), once its signature was checked."""

    order_ref: str
    amount: int  # đồng
    success: bool
    transaction_no: str
    bank_code: str
    response_code: str
    paid_at: datetime | None


@dataclass(frozen=True)
class RefundRequest:
    request_id: str
    order_ref: str
    amount: int
    transaction_no: str
    paid_at: datetime
    created_by: str
    reason: str


@dataclass(frozen=True)
class RefundResult:
    ok: bool
    response_code: str
    message: str
    transaction_no: str


class PaymentGateway(Protocol):
    """What the payment services need of a gateway; one adapter per protocol, configured by settings."""

    code: str

    def payment_url(self, order: OrderRequest) -> str:
        """Where to send the browser to pay `order`."""

    def verify(self, params: Mapping[str, str]) -> bool:
        """The parameters (IPN or return) carry the gateway's valid signature."""

    def read_result(self, params: Mapping[str, str]) -> PaymentResult:
        """The result these (verified) parameters report."""

    def refund(self, request: RefundRequest) -> RefundResult:
        """Ask the gateway to refund; raises GatewayUnavailable when it cannot be asked."""


def post_json(url: str, body: dict, timeout: float = 15) -> dict:
    """POST `body` as JSON server to server; the decoded JSON answer."""
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (an https URL from settings)
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise GatewayUnavailable(str(exc)) from exc


def page_locale() -> str:
    """VNPAY's vnp_Locale for the payer's page: its own page in English for a payer reading ours in English."""
    return "en" if (get_language() or "").lower().startswith("en") else "vn"


class VnpayGateway:
    """VNPAY 2.1.0's signed redirect, IPN and refund API (and every gateway that speaks it, the sandbox too)."""

    code = "vnpay"
    version = "2.1.0"

    def __init__(self, *, url: str, api_url: str, merchant: str, secret: str, send_ipn_url: bool = False,
                 locale: str = ""):
        self.url, self.api_url, self.merchant, self.secret = url, api_url, merchant, secret
        self.send_ipn_url, self.locale = send_ipn_url, locale

    def payment_params(self, order: OrderRequest) -> dict[str, str]:
        params = {
            "vnp_Version": self.version, "vnp_Command": "pay", "vnp_TmnCode": self.merchant,
            "vnp_Amount": str(order.amount * 100),  # in hundredths of a đồng, as VNPAY counts
            "vnp_CurrCode": "VND", "vnp_TxnRef": order.order_ref, "vnp_OrderInfo": order.info,
            "vnp_OrderType": "other", "vnp_Locale": self.locale or page_locale(), "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip or "127.0.0.1", "vnp_CreateDate": gateway_time(order.created_at),
        }
        if self.send_ipn_url:  # VNPAY registers the IPN URL with the merchant; the sandbox reads it here
            params["vnp_IpnUrl"] = order.ipn_url
        return params

    def payment_url(self, order: OrderRequest) -> str:
        return f"{self.url}?{signed_query(self.payment_params(order), self.secret)}"

    def verify(self, params: Mapping[str, str]) -> bool:
        return verify(params, self.secret)

    def read_result(self, params: Mapping[str, str]) -> PaymentResult:
        try:
            amount = int(str(params.get("vnp_Amount", ""))) // 100
        except ValueError:
            amount = -1
        code, status = str(params.get("vnp_ResponseCode", "")), str(params.get("vnp_TransactionStatus", ""))
        return PaymentResult(
            order_ref=str(params.get("vnp_TxnRef", "")), amount=amount, success=code == "00" and status in ("00", ""),
            transaction_no=str(params.get("vnp_TransactionNo", ""))[:64],
            bank_code=str(params.get("vnp_BankCode", ""))[:32], response_code=code[:8],
            paid_at=parse_gateway_time(str(params.get("vnp_PayDate", ""))),
        )

    def refund(self, request: RefundRequest) -> RefundResult:
        from django.utils import timezone

        body = {
            "vnp_RequestId": request.request_id, "vnp_Version": self.version, "vnp_Command": "refund",
            "vnp_TmnCode": self.merchant, "vnp_TransactionType": "02", "vnp_TxnRef": request.order_ref,
            "vnp_Amount": str(request.amount * 100), "vnp_TransactionNo": request.transaction_no,
            "vnp_TransactionDate": gateway_time(request.paid_at), "vnp_CreateBy": request.created_by[:64],
            "vnp_CreateDate": gateway_time(timezone.now()), "vnp_IpAddr": "127.0.0.1",
            "vnp_OrderInfo": request.reason[:255],
        }
        body["vnp_SecureHash"] = sign_fields(body, REFUND_REQUEST_FIELDS, self.secret)
        answer = post_json(self.api_url, body)
        expected = sign_fields(answer, REFUND_RESPONSE_FIELDS, self.secret)
        if not hmac.compare_digest(str(answer.get("vnp_SecureHash", "")).lower(), expected):
            raise GatewayUnavailable("the refund answer's signature is not valid")
        code = str(answer.get("vnp_ResponseCode", ""))
        return RefundResult(ok=code == "00", response_code=code[:8], message=str(answer.get("vnp_Message", ""))[:255],
                            transaction_no=str(answer.get("vnp_TransactionNo", ""))[:64])


ADAPTERS = {"vnpay": VnpayGateway}


def online_payment_enabled() -> bool:
    return online_payment_configured()


def get_gateway() -> PaymentGateway:
    """The configured gateway: `MOTCUA_PAYMENT_GATEWAY` names an adapter (`vnpay`) or a dotted class path."""
    name = settings.MOTCUA_PAYMENT_GATEWAY
    cls = ADAPTERS.get(name) or import_string(name)
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    url = settings.MOTCUA_PAYMENT_URL or "/cong-thanh-toan-thu/thanh-toan/"  # the sandbox: this site
    api_url = settings.MOTCUA_PAYMENT_API_URL or f"{base}/cong-thanh-toan-thu/api/giao-dich/"
    return cls(url=url, api_url=api_url, merchant=settings.MOTCUA_PAYMENT_MERCHANT,
               secret=settings.MOTCUA_PAYMENT_SECRET, send_ipn_url=settings.MOTCUA_PAYMENT_SEND_IPN_URL)
