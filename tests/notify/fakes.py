"""Local fakes of the gateways the notify adapters talk to: small HTTP servers (the standard library's
http.server, in a thread, on 127.0.0.1 and a free port) behaving like a brand-name SMS gateway and Zalo's
ZNS with its OAuth token endpoint. Each answers from a script of behaviours (one per request, "ok" when
the script is empty) and records what it was sent; each can sign and POST a delivery receipt back, to the
Django test client or to a live server."""
from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from motcua.notify.receipts import sms_signature, zalo_signature

SMS_RECEIPT_PATH = "/api/v1/notify/receipts/sms"
ZALO_RECEIPT_PATH = "/api/v1/notify/receipts/zalo"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fake = self.server.fake
        request = {"path": self.path, "headers": self.headers, "raw": raw}  # names: any case
        fake.requests.append(request)
        status, body = fake.answer(request)
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def log_message(self, *args):  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class FakeServer:
    slow_seconds = 2.0  # how long "timeout" keeps the client waiting (tests set the client's timeout lower)

    def __init__(self):
        self.requests: list[dict] = []
        self.script: list[str] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_behaviour(self) -> str:
        return self.script.pop(0) if self.script else "ok"

    def json(self, i: int = -1) -> dict:
        return json.loads(self.requests[i]["raw"])

    def answer(self, request: dict) -> tuple[int, dict]:
        raise NotImplementedError


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


class FakeSmsGateway(FakeServer):
    """POST /send {brandname, phone, message, request_id} with basic auth → {code, message, message_id}.
    Behaviours: ok, busy (503), rate_limited (429), invalid_phone (code 10), brandname (code 11),
    auth (401, code 12), timeout (answers after `slow_seconds`)."""

    def __init__(self, api_key="motcua", api_secret="s3cret", receipt_secret="receipt-secret"):
        super().__init__()
        self.api_key, self.api_secret, self.receipt_secret = api_key, api_secret, receipt_secret
        self.sent: list[dict] = []

    @property
    def send_url(self) -> str:
        return self.url + "/send"

    def answer(self, request):
        expected = "Basic " + base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
        behaviour = self.next_behaviour()
        if request["headers"].get("Authorization") != expected or behaviour == "auth":
            return 401, {"code": "12", "message": "Unauthorized"}
        if behaviour == "busy":
            return 503, {"code": "99", "message": "System busy"}
        if behaviour == "rate_limited":
            return 429, {"code": "20", "message": "Too many requests"}
        if behaviour == "invalid_phone":
            return 200, {"code": "10", "message": "Invalid phone number"}
        if behaviour == "brandname":
            return 200, {"code": "11", "message": "Brandname not registered"}
        if behaviour == "timeout":
            time.sleep(self.slow_seconds)
        payload = json.loads(request["raw"])
        message_id = f"SMS-{len(self.sent) + 1:04d}"
        self.sent.append({**payload, "message_id": message_id})
        return 200, {"code": "00", "message": "Success", "message_id": message_id}

    def receipt(self, message_id: str, status: str = "DELIVERED", *, delivered_at: str = "",
                secret: str | None = None) -> tuple[bytes, dict[str, str]]:
        body = json.dumps({"message_id": message_id, "status": status, "delivered_at": delivered_at}).encode()
        return body, {"X-Signature": sms_signature(body, self.receipt_secret if secret is None else secret)}

    def post_receipt(self, client, message_id: str, **kw):
        """POST a signed receipt to the Django test client; the response."""
        body, headers = self.receipt(message_id, **kw)
        return client.post(SMS_RECEIPT_PATH, data=body, content_type="application/json", headers=headers)

    def post_receipt_live(self, base_url: str, message_id: str, **kw) -> tuple[int, dict]:
        """POST a signed receipt to a running server (pytest-django's live_server)."""
        body, headers = self.receipt(message_id, **kw)
        return _post(base_url + SMS_RECEIPT_PATH, body, headers)


class FakeZalo(FakeServer):
    """POST /message/template (header access_token) {phone, template_id, template_data, tracking_id} →
    {error: 0, data: {msg_id}}, and POST /v4/oa/access_token (header secret_key, form refresh_token,
    app_id, grant_type) → {access_token, refresh_token, expires_in}, rotating both tokens.
    Behaviours: ok, no_zalo (-118), invalid_phone (-108), busy (503), quota (error -32, HTTP 200), timeout.
    `expire_token()` makes the access token the client holds invalid (-124 until it refreshes)."""

    def __init__(self, app_id="1234567890", secret_key="zalo-secret", access_token="AT-1", refresh_token="RT-1",
                 receipt_secret="oa-secret"):
        super().__init__()
        self.app_id, self.secret_key, self.receipt_secret = app_id, secret_key, receipt_secret
        self.access_token, self.refresh_token = access_token, refresh_token
        self.refreshes = 0
        self.sent: list[dict] = []

    @property
    def send_url(self) -> str:
        return self.url + "/message/template"

    @property
    def oauth_url(self) -> str:
        return self.url + "/v4/oa/access_token"

    def expire_token(self) -> None:
        self.access_token = self.access_token + "-expired-by-zalo"

    def answer(self, request):
        if request["path"] == "/v4/oa/access_token":
            return self._refresh(request)
        if request["headers"].get("access_token") != self.access_token:
            return 200, {"error": -124, "message": "Access token is invalid"}
        behaviour = self.next_behaviour()
        if behaviour == "no_zalo":
            return 200, {"error": -118, "message": "Zalo account not existed or is disabled"}
        if behaviour == "invalid_phone":
            return 200, {"error": -108, "message": "Phone number is invalid"}
        if behaviour == "busy":
            return 503, {"error": -1, "message": "Service unavailable"}
        if behaviour == "quota":
            return 200, {"error": -32, "message": "Exceeded rate limit"}
        if behaviour == "timeout":
            time.sleep(self.slow_seconds)
        payload = json.loads(request["raw"])
        msg_id = f"zns-{len(self.sent) + 1:04d}"
        self.sent.append({**payload, "msg_id": msg_id})
        return 200, {"error": 0, "message": "Success", "data": {"msg_id": msg_id, "sent_time": "1733130000000"}}

    def _refresh(self, request):
        from urllib.parse import parse_qs

        form = {k: v[0] for k, v in parse_qs(request["raw"].decode()).items()}
        if (
            request["headers"].get("secret_key") != self.secret_key or form.get("app_id") != self.app_id
            or form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token
        ):
            return 200, {"error": -14014, "error_name": "Invalid refresh token", "error_description": "invalid"}
        self.refreshes += 1
        self.access_token, self.refresh_token = f"AT-{self.refreshes + 1}", f"RT-{self.refreshes + 1}"
        return 200, {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def receipt(self, msg_id: str, *, delivery_time: int = 1733130060000, app_id: str | None = None,
                secret: str | None = None, event: str = "user_received_message") -> tuple[bytes, dict[str, str]]:
        app = self.app_id if app_id is None else app_id
        timestamp = str(delivery_time + 500)
        body = json.dumps({
            "event_name": event, "app_id": app, "timestamp": timestamp,
            "message": {"msg_id": msg_id, "delivery_time": str(delivery_time), "tracking_id": ""},
        }).encode()
        mac = zalo_signature(app, body, timestamp, self.receipt_secret if secret is None else secret)
        return body, {"X-ZEvent-Signature": mac}

    def post_receipt(self, client, msg_id: str, **kw):
        body, headers = self.receipt(msg_id, **kw)
        return client.post(ZALO_RECEIPT_PATH, data=body, content_type="application/json", headers=headers)

    def post_receipt_live(self, base_url: str, msg_id: str, **kw) -> tuple[int, dict]:
        body, headers = self.receipt(msg_id, **kw)
        return _post(base_url + ZALO_RECEIPT_PATH, body, headers)
