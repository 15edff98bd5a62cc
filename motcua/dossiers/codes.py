"""Dossier codes: `{unit code}-{yymmdd}-{4-digit sequence}`, per reception unit and day (docs/decisions/0010)."""
from datetime import datetime

from django.utils import timezone

from motcua.units.models import Unit

from .models import DossierCodeSequence


def next_code(unit: Unit, received_at: datetime) -> str:
    """The next code of the unit for the day of `received_at`. Call inside the intake's transaction: the
    sequence row stays locked until commit, so concurrent intakes wait, and a rolled-back intake gives
    its number back (gap-free). Product rule, domain.md §4; legal-notes §2.8."""
    day = timezone.localtime(received_at).date()
    DossierCodeSequence.objects.bulk_create([DossierCodeSequence(unit=unit, day=day)], ignore_conflicts=True)
    seq = DossierCodeSequence.objects.select_for_update().get(unit=unit, day=day)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{unit.code}-{day:%y%m%d}-{seq.last:04d}"
