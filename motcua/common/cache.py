"""The shared cache in the database (MOTCUA_CACHE_URL=db) and its housekeeping.

`SharedDatabaseCache` is Django's database cache with `set` as one statement: Django's `set` counts the
whole table (to cull it), then reads the key and writes it inside a transaction — five round trips, for
every throttled request (a lookup's history is read and written back each time). Here the table is never
culled (settings: a throttle's history must not be forgotten), so the count is useless, and the write is
one `INSERT … ON CONFLICT (cache_key) DO UPDATE` on SQLite and PostgreSQL alike. Expired rows are deleted
by `prune_expired`, every minute (notify.tasks.PERIODIC). Redis and the in-process cache expire their own
keys: nothing to do for them."""
from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone


class SharedDatabaseCache(DatabaseCache):
    """Django's DatabaseCache without culling, whose `set` is one upsert (see the module docstring)."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        connection = connections[router.db_for_write(self.cache_model_class)]
        q = connection.ops.quote_name
        table = q(self._table)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({q('cache_key')}, {q('value')}, {q('expires')}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({q('cache_key')}) DO UPDATE SET {q('value')} = excluded.{q('value')}, "
                f"{q('expires')} = excluded.{q('expires')}",
                [key, encoded, connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))],
            )


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
