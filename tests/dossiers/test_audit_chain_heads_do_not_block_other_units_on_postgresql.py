"""Two reception units at once (PostgreSQL): while one unit's audit head is locked by another transaction,
the other unit's intake completes; an intake at the locked unit waits (decision 0048)."""
import threading

import pytest
from django.db import OperationalError, connection, transaction

from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import AuditChainHead, DossierEvent
from motcua.units.models import Unit

from .conftest import BIRTH, local, receive

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL only"),
]


def holding_head(chain: int):
    """Another connection holding the row lock of one chain's head until released."""
    locked, release = threading.Event(), threading.Event()

    def run():
        try:
            with transaction.atomic():
                AuditChainHead.objects.select_for_update().get(pk=chain)
                locked.set()
                release.wait(15)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert locked.wait(10)
    return release, thread


def intake_within(seconds: float, city, *args, **kw):
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
        return receive(city, *args, **kw)


def test_a_units_intake_completes_while_another_units_head_is_locked(city):
    centre = Unit.objects.get(code="CP-HCC")
    ward = Unit.objects.get(code="CP-CTR-MC")
    receive(city, at=local(2024, 11, 25, 9, 0))  # the centre's head exists
    receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 9, 1))
    release, thread = holding_head(centre.pk)
    try:
        d = intake_within(3, city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 9, 30))
        assert DossierEvent.objects.get(dossier=d).chain == ward.pk
        with pytest.raises(OperationalError):  # the held head really is held: the centre's intake waits
            intake_within(0.5, city, at=local(2024, 11, 25, 9, 45))
    finally:
        release.set()
        thread.join()
    receive(city, at=local(2024, 11, 25, 10, 0))
    report = verify_chain()
    assert report.ok and report.count == 4 and report.chains == 2


def test_two_first_intakes_of_a_new_unit_at_once_make_one_head(city):
    """The head row is made on first use without a race (INSERT … ON CONFLICT DO NOTHING, then lock)."""
    ward = Unit.objects.get(code="CP-CTR-MC")
    errors, barrier = [], threading.Barrier(2)

    def intake(minute):
        try:
            barrier.wait(5)
            receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 9, minute))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake, args=(m,)) for m in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditChainHead.objects.filter(pk=ward.pk).count() == 1
    assert DossierEvent.objects.filter(chain=ward.pk).count() == 2
    assert verify_chain().ok
