"""The database cache that `make run` shares between its processes (MOTCUA_CACHE_URL=db) forgets nothing
while it is valid: Django's default would cull a third of the table past 300 rows — a throttle's history
among them, so past a few hundred clients a minute the public lookup limit would stop biting. Expired rows
are deleted by the periodic `prune_expired_cache` instead."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from motcua.common.cache import prune_expired
from motcua.notify.tasks import PERIODIC, prune_expired_cache
from motcua.settings import _cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {"default": _cache("db")}
    settings.MOTCUA_LOOKUP_RATE = "30/minute"
    call_command("createcachetable")
    cache.clear()
    yield cache
    cache.clear()


def _lookup(client: Client, ip: str) -> int:
    return client.get("/api/v1/lookup/CP-HCC-241125-9999?k=AAAAAA", REMOTE_ADDR=ip).status_code


def test_a_clients_limit_holds_after_hundreds_of_other_clients(database_cache):
    client = Client()
    first = "10.0.0.1"
    assert _lookup(client, first) == 404
    for n in range(2, 402):  # 400 other clients: more rows than Django's default MAX_ENTRIES
        assert _lookup(client, f"10.0.{n // 256}.{n % 256}") == 404
    answers = [_lookup(client, first) for _ in range(30)]
    assert answers[:29] == [404] * 29 and answers[29] == 429  # the 31st lookup in the minute


def _keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM motcua_cache")
        return {row[0].rsplit(":", 1)[-1] for row in cursor.fetchall()}


def test_prune_deletes_the_expired_rows_only(database_cache):
    for key, timeout in (("stale", 60), ("fresh", 60), ("kept", None)):
        database_cache.set(key, 1, timeout=timeout)
    past = timezone.now() - timedelta(minutes=1)
    with connection.cursor() as cursor:  # as if set two minutes ago
        cursor.execute("UPDATE motcua_cache SET expires = %s WHERE cache_key LIKE %s",
                       [connection.ops.adapt_datetimefield_value(past), "%:stale"])
    assert _keys() == {"stale", "fresh", "kept"}
    assert prune_expired() == 1
    assert _keys() == {"fresh", "kept"}
    assert prune_expired() == 0


def test_prune_is_a_periodic_task_and_does_nothing_for_another_cache(settings):
    assert prune_expired_cache in PERIODIC
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert prune_expired() == 0
