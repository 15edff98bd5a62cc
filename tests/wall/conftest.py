"""The demo city with its queue and its cameras, for the leaders' monitoring wall (issue 13 item 4)."""
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.utils import timezone

from motcua.demo.services import load_demo_accounts, load_demo_cameras, load_demo_queue, load_demo_units
from tests.factories import load_demo_city

CENTER = "CP-HCC"
WARD_DESK = "CP-CTR-MC"
DOWN_DESK = "CP-DH-MC"  # the demo's camera that answers nowhere
# A Tuesday and a Wednesday: working days of the demo calendar.
DAY1, DAY2 = (2024, 11, 26), (2024, 11, 27)


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Snapshots and camera states live in the cache: no test sees another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db, settings):
    """Units, accounts, the queue and the cameras (no catalog; fast)."""
    from motcua.accounts.models import User

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_units()
    load_demo_accounts()
    load_demo_queue()
    load_demo_cameras("http://cameras.test")
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def full_city(db, settings, tmp_path):
    """The whole demo city with its catalog, to receive dossiers."""
    users = load_demo_city(settings, tmp_path)
    load_demo_queue()
    load_demo_cameras("http://cameras.test")
    return users


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


class _Camera(BaseHTTPRequestHandler):
    """A camera on the local network: a JPEG behind basic authentication; counts what it served."""

    body = b"\xff\xd8\xff\xe0" + b"JFIF-test-image" + b"\xff\xd9"
    expected_auth = "Basic dmFuOmItbWF0LWtoYXU="  # van:b-mat-khau
    served: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.headers.get("Authorization") != self.expected_auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="camera"')
            self.end_headers()
            return
        type(self).served.append(self.path)
        if self.path.startswith("/not-an-image"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<script>alert(1)</script>")
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_camera():
    """A camera server on 127.0.0.1 (user `van`, password `b-mat-khau`): its base URL and its served list."""
    _Camera.served = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Camera)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Camera.served
    server.shutdown()
    server.server_close()
