"""Two senders at once (PostgreSQL): the notices another sender holds are skipped (FOR UPDATE SKIP LOCKED),
and a dossier whose earlier notice is held elsewhere waits: its later notice never overtakes it."""
import threading

import pytest
from django.db import connection, transaction

from motcua.nationalportal import services
from motcua.nationalportal.models import PortalPush

from .conftest import act, local, receive

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks with SKIP LOCKED: PostgreSQL only"),
]


def holding(rows_query):
    """Another sender: a thread holding row locks on `rows_query()` until released."""
    locked, release = threading.Event(), threading.Event()

    def run():
        try:
            with transaction.atomic():
                list(rows_query().select_for_update())
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert locked.wait(10)
    return release, thread


@pytest.fixture
def queued_only(settings, portal):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no push at commit
    return portal


def test_a_dossier_held_by_another_sender_is_skipped(city, queued_only):
    portal = queued_only
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    e = receive(city, at=local(2024, 11, 25, 9, 30))
    release, thread = holding(lambda: PortalPush.objects.filter(dossier=d))
    try:
        assert services.send_pending().sent == 1
    finally:
        release.set()
        thread.join()
    assert portal.statuses(e.code) == ["2"] and portal.statuses(d.code) == []
    assert PortalPush.objects.get(dossier=d).attempts == 0
    assert services.send_pending().sent == 1 and portal.statuses(d.code) == ["2"]


def test_a_later_notice_waits_while_an_earlier_one_is_held(city, queued_only):
    portal = queued_only
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    release, thread = holding(lambda: PortalPush.objects.filter(dossier=d, sequence=1))
    try:
        assert services.send_pending().sent == 0  # the second notice is free, but the first is not sent yet
    finally:
        release.set()
        thread.join()
    assert portal.notices == []
    assert services.send_pending().sent == 2 and portal.statuses(d.code) == ["2", "4"]
