"""A local fake of the National Public Service Portal: an OAuth2 token endpoint and the status endpoint, on
127.0.0.1 at a random port, in a thread. It records every notice it took (one per Idempotency-Key, like
the portal) and every request; it can be down (`stop()`: connection refused; `mode = "503"`), come back
(`start()` on the same port; `mode = "ok"`), and reject notices (`reject` = a predicate → 400)."""
from __future__ import annotations

import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePortal:
    def __init__(self):
        self.port = 0
        self.server = None
        self.thread = None
        self.mode = "ok"  # "ok" | "503"
        self.reject = lambda payload: False
        self.client_id, self.client_secret = "motcua-campha", "s3cret"
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.notices: list[dict] = []  # what the portal holds, in the order it took them
        self.keys: set[str] = set()
        self.requests: list[tuple[str, str | None]] = []  # (path, Idempotency-Key) of every status POST

    # -- addresses --------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/hoso/trangthai"

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth2/token"

    # -- life -------------------------------------------------------------------------------------------
    def start(self) -> FakePortal:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Down: the port refuses connections until `start()`."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(5)
            self.server = None

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def statuses(self, code: str) -> list[str]:
        return [n["TrangThaiHoSo"] for n in self.notices if n["MaHoSo"] == code]


def _handler(portal: FakePortal):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet tests
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self):
            body = self._body()
            if portal.mode == "503":
                return self._answer(503, {"error": "Hệ thống đang bảo trì"})
            if self.path == "/oauth2/token":
                form = urllib.parse.parse_qs(body.decode())
                portal.token_requests += 1
                if form.get("grant_type") != ["client_credentials"] or form.get("client_id") != [portal.client_id] \
                        or form.get("client_secret") != [portal.client_secret]:
                    return self._answer(401, {"error": "invalid_client"})
                token = secrets.token_hex(8)
                portal.tokens.add(token)
                return self._answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
            if self.path != "/api/hoso/trangthai":
                return self._answer(404, {"error": "not found"})
            key = self.headers.get("Idempotency-Key")
            portal.requests.append((self.path, key))
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth[7:] not in portal.tokens:
                return self._answer(401, {"error": "invalid_token"})
            notice = json.loads(body.decode("utf-8"))
            if portal.reject(notice):
                return self._answer(400, {"error_code": "-1", "message": "Mã thủ tục không có trong CSDL quốc gia"})
            if not key or key != notice.get("MaDongBo"):
                return self._answer(400, {"error_code": "-2", "message": "Thiếu khóa đồng bộ"})
            if key in portal.keys:
                return self._answer(200, {"error_code": "0", "message": "Đã có (trùng khóa)"})
            portal.keys.add(key)
            portal.notices.append(notice)
            return self._answer(200, {"error_code": "0", "message": "Thành công"})

    return Handler
