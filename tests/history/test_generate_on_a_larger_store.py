"""A run of the generator on a store larger than what it adds keeps the tables' foreign keys (its bulk mode
drops them only for small tables), checked at once on PostgreSQL: the dossiers must reach the database
before the events, holdings and opinions that refer to them, whatever order the buffers fill in."""
from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.history import bulk


def test_a_small_run_after_a_large_one_writes_the_dossiers_before_their_events(city, monkeypatch):
    bulk.generate(400, [2019], 1, workers=1)  # the store now holds more dossiers than the next run adds
    # Small buffers: the events' buffer (≈ 4.6 a dossier) fills long before the dossiers' does.
    monkeypatch.setattr(bulk, "FLUSH_ROWS", 50)
    bulk.generate(100, [2019], 2, workers=1)
    assert Dossier.objects.count() == 500
    assert not DossierEvent.objects.exclude(dossier__in=Dossier.objects.all()).exists()
    assert verify_chain().ok

