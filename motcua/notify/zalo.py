"""Zalo Notification Service (ZNS): template messages to a phone number's Zalo account
(docs/decisions/0046). `MOTCUA_ZALO_BACKEND` names the adapter: `ZaloZnsBackend` over HTTP, or
`ConsoleZaloBackend` in development.

`send(phone, template_id, template_data, tracking_id)` returns Zalo's msg_id or raises: `NoZaloAccount`
(the number has no Zalo account: the outbox may send an SMS instead), `PermanentSendError` (no retry),
`SmsError` or any other exception (temporary, retried with backoff). An expired access token is
refreshed once through Zalo's OAuth endpoint (the refresh token rotates: both are kept in `ZaloToken`),
then the message is sent again."""
from __future__ import annotations

import json
import logging
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import ZaloToken
from .sms import PermanentSendError, SmsError, classify_http, normalise_phone, post_json

logger = logging.getLogger(__name__)


class NoZaloAccount(PermanentSendError):
    """The phone number has no (active) Zalo account."""


class ZaloBackend(Protocol):
    def send(self, phone: str, template_id: str, template_data: dict, tracking_id: str) -> str | None: ...


class ConsoleZaloBackend:
    """Prints each message (development)."""

    def send(self, phone: str, template_id: str, template_data: dict, tracking_id: str) -> None:
        sys.stdout.write(f"[Zalo → {phone}] {template_id} {json.dumps(template_data, ensure_ascii=False)}\n")
        sys.stdout.flush()


DEFAULT_ZALO = {
    "URL": "https://business.openapi.zalo.me/message/template",
    "OAUTH_URL": "https://oauth.zaloapp.com/v4/oa/access_token",
    "APP_ID": "", "SECRET_KEY": "", "ACCESS_TOKEN": "", "REFRESH_TOKEN": "", "TIMEOUT": 10,
    # kind of notice → ZNS template id (approved by Zalo); "default" for the kinds not listed. A kind
    # without a template goes by SMS.
    "TEMPLATES": {},
    # Zalo's error codes (check them against Zalo's current table): an invalid or expired access token,
    # a number without a Zalo account, and refusals no retry changes (invalid number, template problems,
    # the user blocked the OA's messages). Any other error is retried.
    "TOKEN_ERRORS": (-124,),
    "NO_ACCOUNT_ERRORS": (-118,),
    "PERMANENT_ERRORS": (-108, -109, -111, -112, -131, -139),
    "RECEIPT_SECRET": "",
}


def config() -> dict:
    return {**DEFAULT_ZALO, **getattr(settings, "MOTCUA_ZALO", {})}


def template_for(kind: str) -> str:
    templates = config()["TEMPLATES"]
    return str(templates.get(kind) or templates.get("default") or "")


class TokenExpired(Exception):
    pass


class ZaloZnsBackend:
    def __init__(self, conf: dict | None = None):
        self.config = {**DEFAULT_ZALO, **(conf or getattr(settings, "MOTCUA_ZALO", {}))}

    # -- tokens ---------------------------------------------------------------------------------------
    def _tokens(self) -> ZaloToken:
        token, _ = ZaloToken.objects.get_or_create(
            app_id=self.config["APP_ID"],
            defaults={"access_token": self.config["ACCESS_TOKEN"], "refresh_token": self.config["REFRESH_TOKEN"]},
        )
        return token

    def refresh(self, used: str) -> str:
        """A new access token from the refresh token (kept, with the new refresh token Zalo returns). If
        another worker refreshed meanwhile (the stored access token is no longer `used`), take its token."""
        c = self.config
        with transaction.atomic():
            token = ZaloToken.objects.select_for_update().get(pk=self._tokens().pk)
            if token.access_token != used:
                return token.access_token
            data = urllib.parse.urlencode({
                "refresh_token": token.refresh_token, "app_id": c["APP_ID"], "grant_type": "refresh_token",
            }).encode()
            request = urllib.request.Request(
                c["OAUTH_URL"], data=data, method="POST",
                headers={"secret_key": c["SECRET_KEY"], "Content-Type": "application/x-www-form-urlencoded"},
            )
            try:
                with urllib.request.urlopen(request, timeout=float(c["TIMEOUT"])) as response:  # noqa: S310
                    body = json.loads(response.read().decode("utf-8") or "{}")
            except (urllib.error.URLError, TimeoutError, ValueError) as exc:
                raise SmsError(f"Không làm mới được mã truy cập Zalo: {exc}") from exc
            if not body.get("access_token"):
                logger.error("Zalo token refresh refused: %s", body)
                raise SmsError(f"Zalo không cấp mã truy cập mới: {body.get('error')} {body.get('error_description', '')}")
            token.access_token = body["access_token"]
            token.refresh_token = body.get("refresh_token") or token.refresh_token
            token.save(update_fields=["access_token", "refresh_token", "updated_at"])
            return token.access_token

    # -- sending --------------------------------------------------------------------------------------
    def _post(self, access_token: str, payload: dict) -> str | None:
        c = self.config
        status, body = post_json(c["URL"], payload, {"access_token": access_token}, float(c["TIMEOUT"]))
        error = body.get("error")
        try:
            error = int(error) if error is not None else None
        except (TypeError, ValueError):
            error = None
        message = str(body.get("message", ""))
        if error in c["TOKEN_ERRORS"]:
            raise TokenExpired(message)
        if error in c["NO_ACCOUNT_ERRORS"]:
            raise NoZaloAccount(f"{error}: {message}")
        if error in c["PERMANENT_ERRORS"]:
            raise PermanentSendError(f"{error}: {message}")
        classify_http(status, f"{error} {message}")
        if error != 0:
            raise SmsError(f"{error}: {message}")
        return str((body.get("data") or {}).get("msg_id") or "") or None

    def send(self, phone: str, template_id: str, template_data: dict, tracking_id: str) -> str | None:
        if not self.config["URL"] or not template_id:
            raise PermanentSendError("Chưa cấu hình Zalo ZNS (MOTCUA_ZALO).")
        payload = {
            "phone": normalise_phone(phone), "template_id": template_id, "template_data": template_data,
            "tracking_id": tracking_id,
        }
        access = self._tokens().access_token
        try:
            return self._post(access, payload)
        except TokenExpired:
            access = self.refresh(access)
        try:
            return self._post(access, payload)
        except TokenExpired as exc:  # refreshed and still refused: try again later
            raise SmsError(f"Zalo từ chối mã truy cập mới: {exc}") from exc


def get_backend() -> ZaloBackend:
    return import_string(getattr(settings, "MOTCUA_ZALO_BACKEND", "motcua.notify.zalo.ConsoleZaloBackend"))()
