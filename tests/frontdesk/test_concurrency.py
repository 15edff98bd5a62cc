"""Several kiosks issuing and several counters calling at once: numbers stay gap-free and no ticket is
ever called to two counters. Real threads on the file database (settings: SQLite's BEGIN IMMEDIATE
queues writers; on PostgreSQL the conditional UPDATE and SKIP LOCKED do the same job)."""
import threading
from collections import Counter as Tally

import pytest
from django.db import connection

from motcua.frontdesk import services
from motcua.frontdesk.models import Ticket, TicketStatus
from motcua.units.models import Counter

from .conftest import CENTER, _queue_city, local

AT = local(2026, 3, 2, 8, 0)


def run_together(n, work):
    errors, barrier = [], threading.Barrier(n)

    def target(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_kiosks_get_distinct_gap_free_numbers(settings):
    _queue_city(settings)

    def work(i):
        for _ in range(3):
            services.issue_ticket(CENTER, "A", at=AT)

    run_together(8, work)
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 25))


@pytest.mark.django_db(transaction=True)
def test_concurrent_counters_never_call_the_same_ticket(settings):
    users = _queue_city(settings)
    officer = users["tiepnhan.hcc"]
    for i in range(30):
        services.issue_ticket(CENTER, "A", at=local(2026, 3, 2, 7, 30, i))
    counters = list(Counter.objects.filter(unit__code=CENTER, number__lte=8).order_by("number"))
    called: list[tuple[int, int]] = []
    lock = threading.Lock()

    def work(i):
        while True:
            ticket = services.call_next(officer, counters[i].pk, at=AT)
            if ticket is None:
                return
            with lock:
                called.append((ticket.pk, counters[i].pk))

    run_together(len(counters), work)
    tally = Tally(pk for pk, _ in called)
    assert len(called) == 30 and max(tally.values()) == 1
    # What each counter was told it called is what the database says (none called twice, none lost).
    in_db = dict(Ticket.objects.exclude(status=TicketStatus.WAITING).values_list("pk", "counter_id"))
    assert in_db == dict(called)
