"""The HTTP side of the portal: a bearer token (OAuth2 client credentials, cached until shortly before it
expires, or a static token) and one POST per notice with its Idempotency-Key. Standard library only.

`push` returns nothing when the portal took the notice and raises `Transient` (try again later: the portal
or the network is down, overloaded, or the token was refused) or `Rejected` (the portal refused this notice
for good: a 4xx other than 401, 408, 425 and 429). A 409 means the portal already holds a notice under this
key: taken (the push is idempotent on the portal's side).
"""
from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

TOKEN_CACHE_KEY = "nationalportal:token"
TOKEN_MARGIN_SECONDS = 60  # a cached token is renewed this long before the portal says it expires
RETRYABLE_4XX = {401, 408, 425, 429}


class PushError(Exception):
    pass


class Transient(PushError):
    """Try again later."""


class Rejected(PushError):
    """The portal refused this notice; retrying it unchanged will not help."""


def _timeout() -> float:
    return float(getattr(settings, "MOTCUA_DVCQG_TIMEOUT", 10))


def _read_error(exc: urllib.error.HTTPError) -> str:
    """HTTP <code>: the portal's answer, readable (JSON re-written without \\u escapes)."""
    try:
        body = exc.read().decode("utf-8", "replace")[:2000]
    except Exception:  # the body is a courtesy
        body = ""
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    return f"HTTP {exc.code}: {body}".strip()


def _fetch_token() -> tuple[str, float]:
    data = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_id": settings.MOTCUA_DVCQG_CLIENT_ID,
        "client_secret": settings.MOTCUA_DVCQG_CLIENT_SECRET,
    }).encode()
    request = urllib.request.Request(
        settings.MOTCUA_DVCQG_TOKEN_URL, data=data, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        # A token refused is a configuration or an outage of the token service: the notices wait either way.
        raise Transient("token: " + _read_error(exc)) from exc
    except (OSError, ValueError) as exc:
        raise Transient(f"token: {type(exc).__name__}: {exc}") from exc
    token = body.get("access_token")
    if not token:
        raise Transient("token: the answer has no access_token")
    return token, float(body.get("expires_in") or 300)


def bearer_token(*, renew: bool = False) -> str:
    """The token to send: the static one without a token URL, else a client-credentials token from the cache
    or, when missing, expired or `renew`, freshly fetched."""
    if not settings.MOTCUA_DVCQG_TOKEN_URL:
        return settings.MOTCUA_DVCQG_TOKEN
    if not renew:
        cached = cache.get(TOKEN_CACHE_KEY)
        if cached:
            return cached
    token, lifetime = _fetch_token()
    cache.set(TOKEN_CACHE_KEY, token, timeout=max(1, int(lifetime - TOKEN_MARGIN_SECONDS)))
    return token


def _post(payload: dict, key: str, token: str) -> None:
    request = urllib.request.Request(
        settings.MOTCUA_DVCQG_URL, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
            "Authorization": f"Bearer {token}", "Idempotency-Key": key,
        },
    )
    with urllib.request.urlopen(request, timeout=_timeout()) as response:
        response.read()


def push(payload: dict, key: str) -> None:
    """POST one notice (see the module docstring for what it raises)."""
    if not settings.MOTCUA_DVCQG_URL:
        raise Transient("MOTCUA_DVCQG_URL is not set")
    started = time.monotonic()
    renewed = False
    while True:
        try:
            _post(payload, key, bearer_token(renew=renewed))
            return
        except urllib.error.HTTPError as exc:
            if exc.code == 409:
                return
            if exc.code == 401 and not renewed and settings.MOTCUA_DVCQG_TOKEN_URL:
                renewed = True  # the cached token expired early or was revoked: one fresh token, once
                continue
            if 400 <= exc.code < 500 and exc.code not in RETRYABLE_4XX:
                raise Rejected(_read_error(exc)) from exc
            raise Transient(_read_error(exc)) from exc
        except (OSError, ValueError) as exc:  # refused, reset, timed out, DNS…
            raise Transient(f"{type(exc).__name__}: {exc} ({time.monotonic() - started:.1f}s)") from exc
