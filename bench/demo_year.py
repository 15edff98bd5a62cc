"""Benchmark of loading the demo year (issue 9 item 8: Cẩm Phả's 2018 in under a minute on SQLite).

Run: `.venv/bin/python bench/demo_year.py` — in a throw-away SQLite file: migrate, load the demo city
(units, calendar, catalog, accounts) without the year, then time `load_demo_year` (113,060 dossiers,
their ~526,000 chained audit events and ~268,000 holdings, every deadline from the engine) with the
phases it reports. Baseline, same run and same file: copying the rows the load wrote into empty tables
of the same shape with a plain `INSERT … SELECT` — the cost of merely writing that much data here.
`DATABASE_URL=postgres://…` (an empty database) runs it on PostgreSQL.
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='motcua-bench-')}/year.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_DEMO", "1")
    os.environ["MOTCUA_DEMO_YEAR"] = "0"  # the city alone first; the year is what is timed
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.history import generator

    call_command("migrate", verbosity=0)
    call_command("load_demo_city", stdout=open(os.devnull, "w"))  # noqa: SIM115
    scenario = generator.read_scenario(None)
    started, cpu = time.perf_counter(), time.process_time()
    result = generator.generate(scenario, progress=print)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"load_demo_year: {result.dossiers:,} dossiers, {result.events:,} events — wall {wall:.1f} s, CPU {cpu:.1f} s")

    tables = ["dossiers_dossier", "dossiers_dossierevent", "dossiers_unitholding"]
    with connection.cursor() as cursor:
        base = time.perf_counter()
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table} WHERE 0")
            else:
                cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table})")
            cursor.execute(f"INSERT INTO bench_{table} SELECT * FROM {table}")
        baseline = time.perf_counter() - base
        for table in tables:
            cursor.execute(f"DROP TABLE bench_{table}")
    print(f"baseline (INSERT … SELECT of the same rows, no index): wall {baseline:.1f} s")
    print(f"ratio load / baseline: {wall / baseline:.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:,.0f} MB; database: {connection.vendor}")


if __name__ == "__main__":
    main()
