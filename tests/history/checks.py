"""Checks that several history tests make of what was written."""
from motcua.dossiers.models import Dossier, DossierEvent


def rated_at_is_the_rate_events_instant() -> int:
    """Every rated dossier carries its `rate` event's instant, and only those; the number rated."""
    events = dict(DossierEvent.objects.filter(action="rate").values_list("dossier_id", "at"))
    rows = dict(Dossier.objects.filter(rated_at__isnull=False).values_list("id", "rated_at"))
    assert rows == events
    assert not Dossier.objects.exclude(rating="").filter(rated_at__isnull=True).exists()
    return len(rows)
