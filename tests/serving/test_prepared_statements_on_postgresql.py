"""On PostgreSQL a statement repeated on a kept connection is prepared, so the server plans it once
(decision 0053); MOTCUA_DB_PREPARE_THRESHOLD sets after how many runs, 0 turns it off (PgBouncer)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from motcua.units.models import Unit
from tests.processes import installation_env

ROOT = Path(__file__).resolve().parents[2]
READ_OPTIONS = (
    "import json, django; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def _options(**env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", READ_OPTIONS], cwd=ROOT, capture_output=True, text=True, check=True,
        env=installation_env(DJANGO_SETTINGS_MODULE="motcua.settings", **env),
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(None, {"server_side_binding": True, "prepare_threshold": 2}),
     ("5", {"server_side_binding": True, "prepare_threshold": 5}),
     ("0", {})],
)
def test_the_threshold_comes_from_the_environment(threshold, expected):
    env = {"DATABASE_URL": "postgres://u:p@db.example:5432/motcua"}
    if threshold is not None:
        env["MOTCUA_DB_PREPARE_THRESHOLD"] = threshold
    options = _options(**env)
    assert options["options"] == "-c jit=off"
    assert {k: options[k] for k in ("server_side_binding", "prepare_threshold") if k in options} == expected


def test_sqlite_has_no_such_options():
    options = _options(DATABASE_URL="sqlite:////tmp/motcua-options-check.sqlite3")
    assert "server_side_binding" not in options and "prepare_threshold" not in options


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements of a PostgreSQL connection")
def test_a_repeated_query_is_prepared_on_the_connection():
    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if "units_unit" in row[0]]

    before = prepared()
    for _ in range(3):
        list(Unit.objects.filter(code="CP-HCC").values_list("id", flat=True))
    after = prepared()
    assert len(after) == len(before) + 1 and '"units_unit"."code" = $1' in after[-1]
