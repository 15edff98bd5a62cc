"""The shared cache's housekeeping: a database cache (MOTCUA_CACHE_URL=db) deletes an expired row only
when it is read again, and is never culled (settings: a throttle's history must not be forgotten), so its
expired rows are deleted here, every minute (notify.tasks.PERIODIC). Redis and the in-process cache expire
their own keys: nothing to do for them."""
from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone


def prune_expired(alias: str = "default") -> int:
    """Delete the expired rows of a database cache; the number deleted (0 for any other cache)."""
    cache = caches[alias]
    if not isinstance(cache, DatabaseCache):
        return 0
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE expires < %s",
            [connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))],
        )
        return cursor.rowcount
