"""The SMS gateway interface (`SmsBackend`) and its adapters: console and file for development, a fake
for tests, and `HttpSmsBackend`, a brand-name SMS gateway over HTTP (docs/decisions/0046).
`MOTCUA_SMS_BACKEND` names the class to use.

`send(to, text, reference=...)` returns the gateway's message id (or None when there is none) or raises:
`SmsError` (or any other exception) is a temporary failure the outbox retries with backoff,
`PermanentSendError` a refusal that no retry can change (the row fails at once)."""
from __future__ import annotations

import base64
import json
import logging
import re
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message this time (busy, rate limited, timed out); the outbox
    retries later."""


class PermanentSendError(Exception):
    """The gateway refused the message for good (invalid number, brand name not registered, credentials
    refused): the outbox fails the row at once, without more attempts."""


class SmsBackend(Protocol):
    def send(self, to: str, text: str, *, reference: str = "") -> str | None:
        """Send one message; return the gateway's message id, or raise (`PermanentSendError`: no retry;
        any other exception: a failed attempt, retried). `reference` is the sender's request id, the same
        at every attempt of one outbox row."""


_PHONE = re.compile(r"84[35789]\d{8}")


def normalise_phone(phone: str) -> str:
    """A Vietnamese mobile number as the gateways want it: 84 and nine digits (0912 345 678, +84912345678,
    84-912-345-678 → 84912345678). Anything else (a landline, a typo) is a `PermanentSendError`."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0084"):
        digits = digits[2:]
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    if not _PHONE.fullmatch(digits):
        raise PermanentSendError(f"Số điện thoại không hợp lệ: {phone!r}")
    return digits


class ConsoleSmsBackend:
    """Prints each message (development)."""

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        sys.stdout.write(f"[SMS → {to}] {text}\n")
        sys.stdout.flush()


class FileSmsBackend:
    """Writes each message to its own file under var/sms/ (development, demos)."""

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        folder = Path(settings.VAR_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        (folder / name).write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


class FakeSmsBackend:
    """Keeps what it was asked to send (tests). `fail_next = n` makes the next n sends raise."""

    sent: ClassVar[list[tuple[str, str]]] = []
    fail_next: ClassVar[int] = 0

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        if FakeSmsBackend.fail_next > 0:
            FakeSmsBackend.fail_next -= 1
            raise SmsError("Cổng SMS không phản hồi (giả lập).")
        FakeSmsBackend.sent.append((to, text))

    @classmethod
    def reset(cls) -> None:
        cls.sent = []
        cls.fail_next = 0


def post_json(url: str, payload: dict, headers: dict[str, str], timeout: float) -> tuple[int, dict]:
    """POST `payload` as JSON; return (HTTP status, decoded JSON body or {}). A timeout or a network error
    is an `SmsError` (temporary); the caller classifies the status and the body."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except TimeoutError as exc:
        raise SmsError(f"Cổng không trả lời sau {timeout} giây") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise SmsError(f"Cổng không trả lời sau {timeout} giây") from exc
        raise SmsError(f"Không kết nối được cổng: {exc.reason}") from exc
    try:
        body = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        body = {}
    return status, body if isinstance(body, dict) else {}


def classify_http(status: int, detail: str) -> None:
    """Raise for an HTTP status that is not a success: 408, 425, 429 and 5xx are temporary, other 4xx
    (credentials refused, request rejected) permanent."""
    if 200 <= status < 300:
        return
    if status in (408, 425, 429) or status >= 500:
        raise SmsError(f"HTTP {status}: {detail}")
    raise PermanentSendError(f"HTTP {status}: {detail}")


class HttpSmsBackend:
    """A brand-name SMS gateway over HTTP (the common shape of the Vietnamese carriers' and aggregators'
    APIs): POST JSON {brandname, phone: 84…, message, request_id} with HTTP basic auth (API key, secret)
    to `MOTCUA_SMS_GATEWAY["URL"]`; the answer is JSON {code, message, message_id}. The code lists are
    settings, since each gateway numbers its answers its own way."""

    def __init__(self, config: dict | None = None):
        self.config = {**DEFAULT_SMS_GATEWAY, **(config or getattr(settings, "MOTCUA_SMS_GATEWAY", {}))}

    def send(self, to: str, text: str, *, reference: str = "") -> str | None:
        c = self.config
        if not c["URL"]:
            raise PermanentSendError("Chưa cấu hình địa chỉ cổng SMS (MOTCUA_SMS_GATEWAY).")
        payload = {
            "brandname": c["BRANDNAME"], "phone": normalise_phone(to), "message": text,
            "request_id": reference or uuid.uuid4().hex,
        }
        credentials = base64.b64encode(f"{c['API_KEY']}:{c['API_SECRET']}".encode()).decode("ascii")
        status, body = post_json(c["URL"], payload, {"Authorization": f"Basic {credentials}"}, float(c["TIMEOUT"]))
        code, message = str(body.get("code", "")), str(body.get("message", ""))
        if code in c["PERMANENT_CODES"]:
            raise PermanentSendError(f"{code}: {message}" + (f" (HTTP {status})" if status != 200 else ""))
        classify_http(status, f"{code} {message}".strip())
        if code not in c["SUCCESS_CODES"]:
            raise SmsError(f"{code}: {message}")  # busy, rate limited, or a code not in the lists: retried
        return str(body.get("message_id") or "") or None


# The defaults of MOTCUA_SMS_GATEWAY (settings.py reads them from the environment): codes as strings.
DEFAULT_SMS_GATEWAY = {
    "URL": "", "BRANDNAME": "", "API_KEY": "", "API_SECRET": "", "TIMEOUT": 10,
    "SUCCESS_CODES": ("00",),
    # invalid number, brand name not registered, credentials refused, content refused (template)
    "PERMANENT_CODES": ("10", "11", "12", "13"),
    "RECEIPT_SECRET": "",
}


def get_backend() -> SmsBackend:
    return import_string(settings.MOTCUA_SMS_BACKEND)()
