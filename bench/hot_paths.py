"""Benchmark of the hot paths that must not grow with history (issue 10 item 3, decision 0028): the officers'
worklist of the busiest unit (its tab counts and first page) and the API dossier list (first page and a
deep keyset page), each against a trivial query timed in the same run, at growing numbers of stored dossiers.

Run: `.venv/bin/python bench/hot_paths.py --sizes 20000,100000` — in a throw-away SQLite file (or the
configured `DATABASE_URL`, which must be an empty database) migrates, loads the demo city, then for each
size adds past years of generated dossiers (`manage.py generate_dossiers`) up to that total and measures.
A fixed set of open dossiers (`--open`, at the busiest unit) is the same at every size: what an officer
works on does not grow with the years behind it, so neither should the time. Prints, per size, the median
time of each path, its ratio to the trivial query (baseline time / path time, as the issue's ratios) and,
for the largest size, the plan (EXPLAIN / EXPLAIN QUERY PLAN) of every query each path runs.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUNDS = 15
FIRST_YEAR = 2010


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='motcua-bench-')}/hot.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    # The demo accounts (the busiest desk's counter officer) are made only in demo mode.
    os.environ.setdefault("MOTCUA_DEMO", "1")
    import django

    django.setup()


def load_city() -> None:
    from django.core.management import call_command

    from motcua.demo.services import load_demo_accounts, load_demo_procedures, load_demo_units
    from motcua.workdays.services import seed_calendar

    call_command("migrate", verbosity=0)
    load_demo_units()
    seed_calendar()
    load_demo_accounts()
    load_demo_procedures()


def grow_to(total: int, year: int) -> int:
    """Generated past dossiers, one year per call, until `total` are stored. Returns the next free year."""
    from django.core.management import call_command

    from motcua.dossiers.models import Dossier

    have = Dossier.objects.count()
    if total > have:
        call_command("generate_dossiers", count=total - have, years=str(year), seed=year, stdout=io.StringIO())
        year += 1
    return year


def busiest_officer():
    """The busiest reception unit (most dossiers) and a counter officer of it."""
    from django.db.models import Count

    from motcua.accounts.models import Role, User
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Unit

    unit_id = (
        Dossier.objects.values("reception_unit").annotate(n=Count("id")).order_by("-n").values_list("reception_unit", flat=True)[:1]
    )[0]
    unit = Unit.objects.get(pk=unit_id)
    user = User.objects.filter(role=Role.COUNTER_OFFICER, unit=unit, is_active=True).order_by("id").first()
    if user is None:
        user = User.objects.create_user(username=f"bench.{unit.code.lower()}", password=None, role=Role.COUNTER_OFFICER, unit=unit)
    return unit, user


def add_open(unit, n: int, now) -> None:
    """`n` open dossiers at `unit` in the worklist's states, due around `now` (bulk rows, once)."""
    from motcua.dossiers.models import Dossier, Status

    template = Dossier.objects.filter(reception_unit=unit).order_by("id").first()
    states = [Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_SUPPLEMENT, Status.SUBMITTED, Status.RESOLVED]
    rng = random.Random(10)
    Dossier.objects.bulk_create(
        Dossier(
            code=f"BENCH-OPEN-{i:05d}", procedure_id=template.procedure_id, procedure_version_id=template.procedure_version_id,
            reception_unit=unit, current_unit=unit, channel="counter", status=states[i % len(states)],
            applicant_name="Người nộp", received_at=now - timedelta(days=rng.randint(0, 20)),
            due_at=now + timedelta(hours=rng.randint(-200, 400)),
        )
        for i in range(n)
    )


def median_ms(fn, rounds: int = ROUNDS) -> float:
    fn()  # warm: plans, caches
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def paths(user, now):
    """The hot paths, each a function doing what one request does with the database (and the baseline)."""
    from django.conf import settings
    from rest_framework.test import APIRequestFactory, force_authenticate

    from motcua.accounts.models import User
    from motcua.dossiers import selectors
    from motcua.dossiers.api import DossierListView
    from motcua.dossiers.permissions import visible_dossiers

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the request factory's host
    factory, view = APIRequestFactory(), DossierListView.as_view()

    def api(query: str):
        def run():
            request = factory.get(f"/api/v1/dossiers{query}")
            force_authenticate(request, user=user)
            response = view(request)
            assert response.status_code == 200, response.data
            return response.data
        return run

    # The deep page: the key of a dossier nine tenths down the caller's list (the client followed `next`).
    visible = visible_dossiers(user).order_by("-id").values_list("id", flat=True)
    total = visible.count()
    deep_after = visible[int(total * 0.9)] if total > 10 else None

    return {
        "baseline: one user row by id": lambda: User.objects.filter(pk=user.pk).values_list("id", flat=True).first(),
        "worklist tab counts": lambda: selectors.worklist_counts(user, now),
        "worklist first page (200 rows)": lambda: list(selectors.worklist_page(user, "dang-xu-ly", now, None, 200).rows),
        "worklist history tab page": lambda: list(selectors.worklist_page(user, "da-xu-ly", now, None, 200).rows),
        "API list first page (50)": api(""),
        "API list deep page (after=, 90 % down)": api(f"?after={deep_after}" if deep_after else ""),
        "for comparison: exact count of the caller's history": lambda: visible_dossiers(user).count(),
    }, total


def explain_all(fns: dict) -> list[tuple[str, str, str]]:
    """The plan of every query each path runs (captured SQL, explained by the database)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = []
    for name, fn in fns.items():
        with CaptureQueriesContext(connection) as ctx:
            fn()
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                continue
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                rows = cursor.fetchall()
            plan = "\n".join(str(r[-1]) for r in rows)
            out.append((name, sql, plan))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000", help="stored dossiers at each measurement, ascending")
    parser.add_argument("--open", type=int, default=300, help="open dossiers at the busiest unit (every size)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--no-plans", action="store_true")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.utils import timezone

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    t = time.perf_counter()
    load_city()
    print(f"demo city loaded in {time.perf_counter() - t:.1f} s", flush=True)
    now = timezone.now()
    year, opened, results, fns = FIRST_YEAR, False, [], {}
    for size in sizes:
        t = time.perf_counter()
        year = grow_to(size - (args.open if opened else 0), year)
        print(f"grown to {size} dossiers in {time.perf_counter() - t:.1f} s", flush=True)
        unit, user = busiest_officer()
        if not opened:
            add_open(unit, args.open, now)
            opened = True
        with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum/an operator would
            cursor.execute("ANALYZE")
        fns, visible = paths(user, now)
        row = {name: median_ms(fn, args.rounds) for name, fn in fns.items()}
        results.append((size, unit.code, visible, row))
        base = row["baseline: one user row by id"]
        print(f"\n{size} dossiers stored; busiest unit {unit.code}, {visible} dossiers visible to {user.username}")
        print(f"{'path':55} {'median ms':>10} {'ratio':>8}")
        for name, ms in row.items():
            print(f"{name:55} {ms:10.2f} {base / ms:8.3f}")
        print(flush=True)
    if len(results) > 1:
        print("growth from the smallest to the largest size (time at largest / time at smallest):")
        first, last = results[0][3], results[-1][3]
        for name in first:
            print(f"  {name:55} {last[name] / first[name]:6.2f} x")
    if not args.no_plans:
        print("\nplans at the largest size:")
        for name, sql, plan in explain_all({k: v for k, v in fns.items() if not k.startswith("baseline")}):
            print(f"\n-- {name}\n{sql[:600]}{' …' if len(sql) > 600 else ''}\n{plan}")


if __name__ == "__main__":
    main()
