"""Effective-dated rules: a period of local days in force, and the instant that decides which rules a
dossier lives under (its receipt, never today's date — docs/decisions/0020-regimes.md). Shared by the
forms' regimes (forms/regimes.py) and the notices' (notify/regimes.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class InForce:
    valid_from: date  # first local day in force
    valid_to: date | None  # last local day in force; None: still in force

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def local_day(instant: datetime) -> date:
    """The local day in Việt Nam of an aware instant (30/06/2025 23:59 is still 30/06)."""
    return timezone.localtime(instant).date()


def deciding_instant(dossier) -> datetime:
    """The instant whose rules a dossier keeps: its receipt, or, never received (refused at the counter,
    an online submission not yet checked), its submission or creation; an unsaved draft would be
    received now."""
    return dossier.received_at or dossier.submitted_at or dossier.created_at or timezone.now()
