"""Delivery receipts: the SMS gateway and Zalo call these endpoints back when a message reached (or could
not reach) the phone (docs/decisions/0046). Both are authenticated by a signature over the raw body with a
secret shared with the gateway; a forged or unsigned receipt is refused (403) and changes nothing.

- SMS: `X-Signature: <hex HMAC-SHA256(body, MOTCUA_SMS_GATEWAY["RECEIPT_SECRET"])>`; body
  {"message_id", "status": "DELIVERED" | anything else, "delivered_at": ISO 8601 (optional)}.
- Zalo: `X-ZEvent-Signature: mac=<hex SHA-256(app_id + body + timestamp + MOTCUA_ZALO["RECEIPT_SECRET"])>`
  (Zalo's webhook signature); body {"event_name": "user_received_message", "app_id", "timestamp",
  "message": {"msg_id", "delivery_time": milliseconds}}. Other events are acknowledged and ignored.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.api.problems import problem_response

from . import services, sms, zalo
from .models import ChannelKind

logger = logging.getLogger(__name__)


def sms_signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def zalo_signature(app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    return "mac=" + hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode()).hexdigest()


def _sms_config() -> dict:
    return {**sms.DEFAULT_SMS_GATEWAY, **getattr(settings, "MOTCUA_SMS_GATEWAY", {})}


def _json(body: bytes) -> dict | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _forged(request: HttpRequest) -> JsonResponse:
    logger.warning("delivery receipt refused (signature) at %s from %s", request.path, request.META.get("REMOTE_ADDR"))
    return problem_response(request, 403, _("Chữ ký của báo cáo nhận tin không hợp lệ."))


def _record(request: HttpRequest, channel: str, message_id: str, delivered: bool, at: datetime | None) -> JsonResponse:
    row, changed = services.record_receipt(channel, message_id, delivered, at)
    if row is None:
        logger.warning("delivery receipt for an unknown %s message id %r", channel, message_id)
        return problem_response(request, 404, _("Không có tin nhắn nào mang mã này."))
    return JsonResponse({"id": row.pk, "delivery_status": row.delivery_status, "changed": changed})


@csrf_exempt
@require_POST
def sms_receipt(request: HttpRequest) -> JsonResponse:
    secret = _sms_config()["RECEIPT_SECRET"]
    given = request.headers.get("X-Signature", "")
    if not secret or not hmac.compare_digest(given, sms_signature(request.body, secret)):
        return _forged(request)
    data = _json(request.body)
    if data is None:
        return problem_response(request, 400, _("Nội dung báo cáo nhận tin không hợp lệ."))
    at = parse_datetime(str(data.get("delivered_at") or "")) if data.get("delivered_at") else None
    delivered = str(data.get("status", "")).upper() == "DELIVERED"
    return _record(request, ChannelKind.SMS, str(data.get("message_id") or ""), delivered, at)


@csrf_exempt
@require_POST
def zalo_receipt(request: HttpRequest) -> JsonResponse:
    conf = zalo.config()
    data = _json(request.body) or {}
    given = request.headers.get("X-ZEvent-Signature", "")
    expected = zalo_signature(str(data.get("app_id", "")), request.body, str(data.get("timestamp", "")),
                              conf["RECEIPT_SECRET"])
    if not conf["RECEIPT_SECRET"] or not data or not hmac.compare_digest(given, expected) or (
        conf["APP_ID"] and str(data.get("app_id")) != conf["APP_ID"]
    ):
        return _forged(request)
    if data.get("event_name") != "user_received_message":
        return JsonResponse({"ignored": str(data.get("event_name", ""))})
    message = data.get("message") or {}
    at = None
    with contextlib.suppress(TypeError, ValueError, OverflowError):
        at = datetime.fromtimestamp(int(message.get("delivery_time")) / 1000, tz=UTC)
    return _record(request, ChannelKind.ZALO, str(message.get("msg_id") or ""), True, at)
