"""The SMS gateway interface (`SmsBackend`) and its adapters: console and file for development, a fake
for tests. A real gateway (a telecom's brand-name SMS API) is one more class with `send(to, text)`;
`MOTCUA_SMS_BACKEND` names the class to use."""
from __future__ import annotations

import logging
import sys
import uuid
from pathlib import Path
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message; the outbox retries later."""


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> None:
        """Send one message or raise (any exception counts as a failed attempt)."""


class ConsoleSmsBackend:
    """Prints each message (development)."""

    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"[SMS → {to}] {text}\n")
        sys.stdout.flush()


class FileSmsBackend:
    """Writes each message to its own file under var/sms/ (development, demos)."""

    def send(self, to: str, text: str) -> None:
        folder = Path(settings.VAR_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        (folder / name).write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


class FakeSmsBackend:
    """Keeps what it was asked to send (tests). `fail_next = n` makes the next n sends raise."""

    sent: ClassVar[list[tuple[str, str]]] = []
    fail_next: ClassVar[int] = 0

    def send(self, to: str, text: str) -> None:
        if FakeSmsBackend.fail_next > 0:
            FakeSmsBackend.fail_next -= 1
            raise SmsError("Cổng SMS không phản hồi (giả lập).")
        FakeSmsBackend.sent.append((to, text))

    @classmethod
    def reset(cls) -> None:
        cls.sent = []
        cls.fail_next = 0


def get_backend() -> SmsBackend:
    return import_string(settings.MOTCUA_SMS_BACKEND)()
