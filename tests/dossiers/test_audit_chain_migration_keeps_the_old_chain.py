"""The events written before decision 0048 stay one chain (key 0) with their hashes untouched: migrating
back gives the single head row, migrating forward makes it chain 0's head, the old chain still verifies,
and new events go to the chains of their reception units."""
import pytest
from django.db import connection

from motcua.dossiers.audit import GENESIS, HASHED_FIELDS, LEGACY_CHAIN, event_hash, verify_chain
from motcua.dossiers.models import AuditChainHead, DossierEvent
from motcua.units.models import Unit

from .conftest import BIRTH, act, local, migrate, receive

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dossiers", "0012_dossier_form_data")


def as_one_old_chain() -> list[tuple[int, str]]:
    """Make the events what the single chain wrote: all in chain 0, linked in id order, one head."""
    prev = GENESIS
    rows = list(DossierEvent.objects.order_by("id").values("id", "at", *HASHED_FIELDS))
    for row in rows:
        digest = event_hash(row, row["at"], prev)
        DossierEvent.objects.filter(pk=row["id"]).update(chain=LEGACY_CHAIN, prev_hash=prev, hash=digest)
        prev = digest
    AuditChainHead.objects.all().delete()
    AuditChainHead.objects.create(id=LEGACY_CHAIN, last_id=rows[-1]["id"], last_hash=prev)
    return list(DossierEvent.objects.order_by("id").values_list("id", "hash"))


def test_the_old_single_chain_survives_the_migration_and_still_verifies(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 9, 5))
    act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    old = as_one_old_chain()
    try:
        migrate(BEFORE)
        with connection.cursor() as cur:
            cur.execute(f"SELECT id, last_id, last_hash FROM {AuditChainHead._meta.db_table}")
            assert cur.fetchall() == [(1, old[-1][0], old[-1][1])]  # the single head row of decision 0009
            columns = [c.name for c in connection.introspection.get_table_description(cur, DossierEvent._meta.db_table)]
        assert "chain" not in columns
    finally:
        migrate()
    assert list(DossierEvent.objects.order_by("id").values_list("id", "hash")) == old  # hashes untouched
    assert set(DossierEvent.objects.values_list("chain", flat=True)) == {LEGACY_CHAIN}
    assert list(AuditChainHead.objects.values_list("id", "last_id", "last_hash")) == [(LEGACY_CHAIN, *old[-1])]
    report = verify_chain()
    assert report.ok and report.count == 3 and report.chains == 1

    ward = Unit.objects.get(code="CP-CTR-MC")
    later = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 11, 0))
    event = DossierEvent.objects.get(dossier=later)
    assert event.chain == ward.pk and event.prev_hash == GENESIS  # a new chain, not the frozen one
    assert AuditChainHead.objects.get(pk=LEGACY_CHAIN).last_id == old[-1][0]
    report = verify_chain()
    assert report.ok and report.count == 4 and report.chains == 2
