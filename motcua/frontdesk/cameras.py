"""The cameras of the reception points, for the monitoring wall (decision 0032): the server fetches each
camera's snapshot with its credentials, under a short timeout, and keeps it a few seconds in the shared
cache, so that any number of open walls costs each camera one request per SNAPSHOT_TTL and the browser
never learns a camera's address or password. A camera that cannot be reached is remembered as down for
DOWN_TTL, so a dead camera does not make every wall wait for the timeout."""
from __future__ import annotations

import struct
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Camera

# Seconds: how long one fetched snapshot serves every wall; how long a failure is remembered; how long the
# server waits for a camera (a wall's poll must never hang on one); the largest snapshot accepted.
SNAPSHOT_TTL = 20
DOWN_TTL = 30
# How long a tile keeps saying "down" without trying again: the tile then shows the image address once
# more, and the browser's request tries the camera again (a camera back up shows within this time).
DOWN_STATE_TTL = 120
TIMEOUT = 2.0
MAX_BYTES = 2 * 1024 * 1024
# Only raster images are passed on: an SVG or HTML from a camera's address would run in our origin.
IMAGE_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
DOWN_MESSAGE = gettext_lazy("Không kết nối được camera")  # shown on the wall, in the viewer's language
_DOWN = "Không kết nối được camera"  # the snapshot's diagnostic (cached, shared by every viewer)


@dataclass(frozen=True)
class Snapshot:
    ok: bool
    body: bytes = b""
    content_type: str = ""
    taken_at: str = ""  # ISO instant of the fetch
    error: str = ""


def _key(unit_id: int) -> str:
    return f"wall:snapshot:{unit_id}"


def _state_key(unit_id: int) -> str:
    return f"wall:camera-state:{unit_id}"


def stream_url_error(url: str) -> str | None:
    """Why a live-stream address cannot be recorded, or None. The page shows it as it is, so it must be a
    path on this site (a relay behind the same proxy: the page's security policy allows only this origin)
    and carry no credentials."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        return _("Nhập đường dẫn trên chính trang này (bắt đầu bằng /), ví dụ /relay/api/stream.mjpeg?src=cam1.")
    if "@" in url or "password" in parts.query.lower() or "pass=" in parts.query.lower():
        return _("Đường dẫn luồng trực tiếp không được chứa tên đăng nhập hay mật khẩu.")
    return None


def image_type(body: bytes) -> str | None:
    """The content type of a JPEG or PNG by its first bytes; None for anything else."""
    return next((t for magic, t in IMAGE_TYPES.items() if body.startswith(magic)), None)


def download(url: str, username: str, password: str, timeout: float) -> bytes:
    """The bytes at `url`, with HTTP basic or digest credentials when given (cameras use either)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("only http(s) cameras")  # never file:, ftp: or anything urllib would also open
    handlers: list = []
    if username or password:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, username, password)
        handlers = [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    opener = urllib.request.build_opener(*handlers)
    with opener.open(url, timeout=timeout) as response:
        body: bytes = response.read(MAX_BYTES + 1)
    return body


def fetch(camera: Camera, now: datetime | None = None, max_age: float = SNAPSHOT_TTL) -> Snapshot:
    """The camera's snapshot, from the cache when at most `max_age` seconds old, else from the camera
    (TIMEOUT seconds at most)."""
    now = now or timezone.now()
    cached = cache.get(_key(camera.unit_id))
    if cached is not None and (now - datetime.fromisoformat(cached["taken_at"])).total_seconds() <= max_age:
        return Snapshot(**cached)
    taken_at = timezone.localtime(now).isoformat()
    if not camera.is_active or not camera.snapshot_url:
        return Snapshot(ok=False, taken_at=taken_at, error="Chưa ghi địa chỉ ảnh chụp của camera.")
    try:
        body = download(camera.snapshot_url, camera.username, camera.password, TIMEOUT)
    except (OSError, ValueError, urllib.error.URLError) as exc:  # refused, timed out, DNS, HTTP 4xx/5xx
        snap = Snapshot(ok=False, taken_at=taken_at, error=f"{_DOWN} ({type(exc).__name__}).")
    else:
        kind = image_type(body)
        if len(body) > MAX_BYTES:
            snap = Snapshot(ok=False, taken_at=taken_at, error=f"{_DOWN} (ảnh quá lớn).")
        elif kind is None:
            snap = Snapshot(ok=False, taken_at=taken_at, error=f"{_DOWN} (không phải ảnh JPEG/PNG).")
        else:
            snap = Snapshot(ok=True, body=body, content_type=kind, taken_at=taken_at)
    cache.set(_key(camera.unit_id), snap.__dict__, SNAPSHOT_TTL if snap.ok else DOWN_TTL)
    # The last known state lives longer than the image: the tiles' poll reads it without fetching.
    cache.set(_state_key(camera.unit_id), {"ok": snap.ok, "at": taken_at}, 10 * 60 if snap.ok else DOWN_STATE_TTL)
    return snap


def states(unit_ids: list[int]) -> dict[int, bool | None]:
    """The last known state of the cameras of these units in one cache read: True up, False down, None
    not known yet (no wall has fetched it lately)."""
    found = cache.get_many([_state_key(i) for i in unit_ids])
    return {i: (found[_state_key(i)]["ok"] if _state_key(i) in found else None) for i in unit_ids}


# -- the demo's cameras ------------------------------------------------------------------------------------
def demo_png(seed: str, second: int, width: int = 320, height: int = 180) -> bytes:
    """A small PNG the app draws itself, so that the demo wall works offline: a colour per desk and a bar
    that moves with the clock (each snapshot differs from the last)."""
    digest = zlib.crc32(seed.encode())
    base = ((digest >> 16) & 0x7F) + 40, ((digest >> 8) & 0x7F) + 40, (digest & 0x7F) + 40
    bar = (second * 7) % width
    rows = []
    for y in range(height):
        shade = y * 60 // height
        line = bytearray(b"\x00")
        for x in range(width):
            if bar <= x < bar + 24 and height // 3 <= y < 2 * height // 3:
                line += b"\xf0\xf0\xf0"
            else:
                line += bytes((min(255, base[0] + shade), min(255, base[1] + shade), min(255, base[2] + shade)))
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
