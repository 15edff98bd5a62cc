"""On PostgreSQL the generator's COPYs are sent from a thread of their own while the rows of the next days
are produced (bulk._Copier). A COPY that fails fails the whole load: the error reaches the caller, nothing
is left written, and the connection serves the next query."""
import pytest
from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent, UnitHolding
from motcua.history import bulk
from motcua.history.models import HistoryLoad


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY thread: PostgreSQL only")
def test_a_failing_copy_fails_the_whole_load(city, monkeypatch):
    monkeypatch.setattr(bulk, "FLUSH_ROWS", 50)  # many batches: the failing one is not the last
    sent = []
    submit = bulk._Copier.submit

    def submit_one_broken(self, sql, payload):
        sent.append(sql)
        if len(sent) == 6:
            payload += "not a row\n"
        submit(self, sql, payload)

    monkeypatch.setattr(bulk._Copier, "submit", submit_one_broken)
    before = (Dossier.objects.count(), DossierEvent.objects.count(), UnitHolding.objects.count())
    with pytest.raises(Exception) as raised:
        bulk.generate(300, [2019], 3, workers=1)
    assert "not a row" in str(raised.value), raised.value
    assert len(sent) > 6  # the producing went on while the COPYs were under way
    assert (Dossier.objects.count(), DossierEvent.objects.count(), UnitHolding.objects.count()) == before
    assert not HistoryLoad.objects.exists()


def test_the_copies_keep_their_order_and_all_arrive(city, monkeypatch):
    monkeypatch.setattr(bulk, "FLUSH_ROWS", 40)
    outcome = bulk.generate(300, [2019], 4, workers=1)
    assert Dossier.objects.count() == outcome.dossiers == 300
    assert DossierEvent.objects.count() == outcome.events
    assert UnitHolding.objects.count() == outcome.holdings
