"""Database connections are kept open between requests by default (issue 10: opening a PostgreSQL
connection per request cost more than most requests), and checked before reuse."""
import os

from django.conf import settings


def test_connections_live_ten_minutes_by_default_and_are_checked_before_reuse():
    db = settings.DATABASES["default"]
    expected = int(os.environ.get("MOTCUA_DB_CONN_MAX_AGE", "600"))
    assert db["CONN_MAX_AGE"] == expected
    assert "MOTCUA_DB_CONN_MAX_AGE" in os.environ or db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True
