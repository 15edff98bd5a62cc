"""Benchmark of intake concurrency against the audit chain's head (issue 10 item 3, decision 0048): N
intakes from 2 threads, each thread at its own reception unit (the city's centre and a ward's desk), each
intake in its own transaction — once with every event forced into one chain (the single head row of
decision 0009, every intake locks it) and once with one chain per reception unit (each thread locks its
own unit's head). Prints intakes per second for both and their ratio (per-unit / single).

Run: `DATABASE_URL=postgres://…/an_empty_database .venv/bin/python bench/audit_chain.py --count 400
[--hold-ms 20]` (`--hold-ms`: a pause after the append with the head locked, standing in for a slow commit)
(PostgreSQL: row locks between connections; on SQLite, the default throw-away file, the database has one
writer whatever the chains, so both modes serialise and the ratio says nothing). The database is
migrated and the demo city loaded; the events written are left there and verified at the end.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS = (("tiepnhan.hcc", "1.009994.000.00.00.H49", "CP-HCC"), ("tiepnhan.camtrung", "1.001193.000.00.00.H49", "CP-CTR-MC"))
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678"}


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='motcua-bench-')}/chain.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_DEMO", "1")
    os.environ.setdefault("MOTCUA_VAR_DIR", tempfile.mkdtemp(prefix="motcua-bench-var-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from motcua.demo.services import load_demo_accounts, load_demo_procedures, load_demo_units
    from motcua.workdays.services import seed_calendar

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nothing sent
    call_command("migrate", verbosity=0)
    load_demo_units()
    seed_calendar()
    load_demo_accounts()
    load_demo_procedures()


def run(count: int, single: bool, start, hold_ms: int = 0) -> float:
    """`count` intakes split over the two threads; seconds of wall time. `hold_ms`: a pause after the
    append, inside the transaction (the head stays locked) — a stand-in for a slower commit (remote disk,
    synchronous replica) or more work after the event."""
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.dossiers import audit, services

    original = services.append_event

    def append(*, chain, **fields):
        # decision 0009's design when `single`: every event in one chain, every intake locks its one head
        event = original(chain=audit.LEGACY_CHAIN if single else chain, **fields)
        if hold_ms:
            time.sleep(hold_ms / 1000)
        return event

    services.append_event = append
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, _p, _c in UNITS])}
    barrier = threading.Barrier(len(UNITS) + 1)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        username, procedure, unit = UNITS[index]
        try:
            barrier.wait()
            for i in range(count // len(UNITS)):
                at = start + timedelta(seconds=10 * (i * len(UNITS) + index))
                services.receive_dossier(
                    actor=users[username], procedure_code=procedure, unit_code=unit, channel="counter",
                    applicant=APPLICANT, received_at=at,
                )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(UNITS))]
    for t in threads:
        t.start()
    barrier.wait()
    clock = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - clock
    services.append_event = original
    if errors:
        raise errors[0]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="intakes per mode (default 400)")
    parser.add_argument("--hold-ms", type=int, default=0, help="pause after the append, head locked (default 0)")
    args = parser.parse_args()
    setup()
    from datetime import datetime

    from django.db import connection
    from django.utils import timezone

    from motcua.dossiers.audit import verify_chain

    print(f"{connection.vendor}, {args.count} intakes per mode from 2 threads into 2 units, hold {args.hold_ms} ms")
    base = timezone.make_aware(datetime(2024, 11, 25, 8, 0))
    results = {}
    for k, (label, single) in enumerate((("single chain", True), ("per unit", False), ("single chain", True),
                                         ("per unit", False))):
        seconds = run(args.count, single, base + timedelta(days=k), args.hold_ms)
        results.setdefault(label, []).append(args.count / seconds)
        print(f"  {label:13s} {args.count / seconds:8.1f} intakes/s ({seconds:.2f} s)")
    single, per_unit = max(results["single chain"]), max(results["per unit"])
    print(f"best of two: single chain {single:.1f}/s, per unit {per_unit:.1f}/s, ratio per-unit/single {per_unit / single:.2f}")
    report = verify_chain()
    print(f"verify: {'ok' if report.ok else report.reason}, {report.count} events in {report.chains} chains")


if __name__ == "__main__":
    main()
