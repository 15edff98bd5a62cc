"""Benchmark of the history generator at scale (issue 10 item 2: ≥ 50,000 dossiers/s on PostgreSQL).

Run: `.venv/bin/python bench/generate.py [N] [--years 2019-2020] [--workers W]` (N = 200,000 by default).
Without DATABASE_URL: a throw-away SQLite file (migrated, the demo city loaded without its year). With
`DATABASE_URL=postgres://…/motcua_gen`: that database (migrated and the city loaded if needed; never a
database others use). Prints the generator's dossiers/s and events/s (wall, and CPU of this process and of
its workers), then the baseline measured in the same run on the same database: a plain COPY (PostgreSQL)
or INSERT … SELECT (SQLite) of the rows the generator just wrote, into empty tables of the same shape
without indexes — the cost of merely writing that much data — and the ratio; the peak memory.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TABLES = ["dossiers_dossier", "dossiers_dossierevent", "dossiers_unitholding", "dossiers_opinion"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=200_000)
    parser.add_argument("--years", default="2019-2020")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None, help="default: a new one each run (a run adds its rows)")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='motcua-bench-')}/gen.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_DEMO", "1")
    os.environ["MOTCUA_DEMO_YEAR"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.history import bulk
    from motcua.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("load_demo_city", stdout=open(os.devnull, "w"))  # noqa: SIM115
    years = bulk.parse_years(args.years)
    seed = args.seed if args.seed is not None else int(time.time())
    first_dossier = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    first_event = (DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    cpu0, kids0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = bulk.generate(args.count, years, seed, workers=args.workers, progress=print)
    wall = time.perf_counter() - started
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu0
    kids = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    print(
        f"generate_dossiers: {out.dossiers:,} dossiers, {out.events:,} events, {out.holdings:,} holdings in {wall:.1f} s — "
        f"{out.dossiers / wall:,.0f} dossiers/s, {out.events / wall:,.0f} events/s "
        f"(CPU: writer {cpu:.1f} s, workers {kids:.1f} s; database {connection.vendor})"
    )
    where = {"dossiers_dossier": f"id >= {first_dossier}", "dossiers_dossierevent": f"id >= {first_event}",
             "dossiers_unitholding": f"dossier_id >= {first_dossier}", "dossiers_opinion": f"dossier_id >= {first_dossier}"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = {}
            for table in TABLES:  # the same rows as COPY text, read before the clock starts
                buf = io.BytesIO()
                with cursor.cursor.copy(f"COPY (SELECT * FROM {table} WHERE {where[table]}) TO STDOUT") as copy:
                    for chunk in copy:
                        buf.write(chunk)
                data[table] = buf.getvalue()
                cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING DEFAULTS)")
            base = time.perf_counter()
            for table in TABLES:
                with cursor.cursor.copy(f"COPY bench_{table} FROM STDIN") as copy:
                    view = memoryview(data[table])
                    for i in range(0, len(view), 1 << 20):
                        copy.write(view[i : i + (1 << 20)])
            baseline = time.perf_counter() - base
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            label = "plain COPY"
        else:
            base = time.perf_counter()
            for table in TABLES:
                cursor.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table} WHERE 0")
                cursor.execute(f"INSERT INTO bench_{table} SELECT * FROM {table} WHERE {where[table]}")
            baseline = time.perf_counter() - base
            size = Path(connection.settings_dict["NAME"]).stat().st_size
            label = "INSERT … SELECT"
        for table in TABLES:
            cursor.execute(f"DROP TABLE bench_{table}")
    print(f"baseline ({label} of the same rows into tables without indexes): {baseline:.1f} s — "
          f"{out.dossiers / baseline:,.0f} dossiers/s")
    print(f"ratio generator / baseline (time): {wall / baseline:.1f} ×")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: writer {peak:,.0f} MB, largest worker {kids_peak:,.0f} MB; database size {size / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
