"""Dossier codes: `{agency identifier}-{yymmdd}-{4-digit sequence}`, per reception unit and day (Circular
01/2018/TT-VPCP, art. 19; docs/decisions/0010 and 0026). The identifier is the unit's code in the national
list (Circular 10/2016/TT-BTTTT) where recorded, else its readable code."""
import hashlib
import hmac
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from motcua.units.models import Unit

from .models import DossierCodeSequence


def code_prefix(unit: Unit) -> str:
    """The first part of the unit's dossier codes: its national agency identifier (Circular 01/2018/TT-VPCP,
    art. 19; Circular 10/2016/TT-BTTTT), or its readable code where none is recorded."""
    return str(unit.agency_identifier or unit.code)


def next_code(unit: Unit, received_at: datetime) -> str:
    """The next code of the unit for the day of `received_at`. Call inside the intake's transaction: the
    sequence row stays locked until commit, so concurrent intakes wait, and a rolled-back intake gives
    its number back (gap-free). Product rule, domain.md §4; legal-notes §2.8."""
    day = timezone.localtime(received_at).date()
    DossierCodeSequence.objects.bulk_create([DossierCodeSequence(unit=unit, day=day)], ignore_conflicts=True)
    seq = DossierCodeSequence.objects.select_for_update().get(unit=unit, day=day)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{code_prefix(unit)}-{day:%y%m%d}-{seq.last:04d}"


CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def lookup_check(code: str) -> str:
    """The 6-character check element printed beside the dossier code on the receipt (ADR 0021): codes
    are sequential, so the code alone must not open a dossier's status to anyone who counts."""
    digest = hmac.new(str(settings.MOTCUA_LOOKUP_KEY).encode(), code.strip().upper().encode(), hashlib.sha256).digest()
    return "".join(CHECK_ALPHABET[b % len(CHECK_ALPHABET)] for b in digest[:6])


def check_matches(code: str, check: str) -> bool:
    given = (check or "").strip().upper().replace(" ", "").replace("-", "")
    # Bytes: compare_digest refuses non-ASCII str (a "µ" in the query gave a 500, found by schemathesis).
    return bool(given) and hmac.compare_digest(given.encode(), lookup_check(code).encode())
