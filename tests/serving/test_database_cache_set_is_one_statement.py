"""The shared database cache (MOTCUA_CACHE_URL=db) writes a key in one statement — an upsert — instead of
Django's count of the table, read and write in a transaction: every throttled request (the public lookup)
writes its client's history back, so this is most of the lookup's database work. It still behaves as a
cache: a value replaces the previous one, an expired key is gone and is written again, no timeout keeps it,
and add, touch, delete and get_many are Django's own."""
import time

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.common.cache import SharedDatabaseCache
from motcua.settings import _cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {"default": _cache("db")}
    call_command("createcachetable")
    cache.clear()
    yield cache
    cache.clear()


def test_the_setting_uses_it(database_cache):
    assert isinstance(caches["default"], SharedDatabaseCache)


def test_a_set_is_one_statement_and_replaces_the_value(database_cache):
    with CaptureQueriesContext(connection) as first:
        database_cache.set("throttle_lookup_10.0.0.1", [1.5, 2.5], 60)
    with CaptureQueriesContext(connection) as second:
        database_cache.set("throttle_lookup_10.0.0.1", [3.5], 60)
    assert len(first) == len(second) == 1 and "ON CONFLICT" in second[0]["sql"]
    assert database_cache.get("throttle_lookup_10.0.0.1") == [3.5]


def test_expiry_and_no_timeout(database_cache):
    database_cache.set("brief", "x", 1)
    database_cache.set("kept", {"n": 1}, None)
    time.sleep(2.1)
    assert database_cache.get("brief") is None and database_cache.get("kept") == {"n": 1}
    database_cache.set("brief", "again", 60)  # over the expired row
    assert database_cache.get("brief") == "again"


def test_the_other_operations_are_djangos(database_cache):
    assert database_cache.add("a", 1, 60) and not database_cache.add("a", 2, 60)
    database_cache.set_many({"b": 2, "c": 3}, 60)
    assert database_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    assert database_cache.touch("a", 120)
    database_cache.delete("b")
    assert database_cache.get("b", "gone") == "gone"
    assert database_cache.incr("c") == 4
