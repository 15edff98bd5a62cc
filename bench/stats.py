"""Benchmark of the statistics service: the city's yearly figures grouped by unit, against a hand-written
GROUP BY over the same rows in the same run (issue 9: < 1 s on SQLite and PostgreSQL, ratio ≤ 1.5).

Run: `.venv/bin/python bench/stats.py` — builds, in a throw-away SQLite file, the demo units and catalog
and 113,060 synthetic dossiers of 2018 for Cẩm Phả (44,056 at the center, 69,004 at the 16 ward desks;
2,684 online) with their audit events, by bulk inserts (a synthetic year shaped like the seed's, not the
demo history: its events are not hash-chained). `DATABASE_URL=postgres://…` runs it on PostgreSQL
(an empty database); `--existing` times whatever the configured database already holds (the demo year).
Both answers must agree figure by figure, or the run fails. The service reads the statistics' day counts
(decision 0054; rebuilt after the bulk build, which bypasses the transition function); the same figures
counted on the dossiers' rows are timed beside it and must be equal. `--existing --year 2025` on a store
made by `manage.py generate_dossiers` times a province's year.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N_CENTER = 44_056
N_WARDS = 69_004
N_ONLINE = 2_684
ROUNDS = 5
YEAR = 2018


def setup(existing: bool) -> None:
    if not existing and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='motcua-bench-')}/stats.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def build(seed: int = 2018, scale: float = 1.0) -> int:
    """The synthetic year: dossiers and their events by bulk_create. Returns the number of dossiers."""
    from django.core.management import call_command
    from django.utils import timezone

    from motcua.catalog.models import Procedure
    from motcua.demo.services import load_demo_procedures, load_demo_units
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.units.models import Unit
    from motcua.workdays.services import seed_calendar

    call_command("migrate", verbosity=0)
    load_demo_units()
    seed_calendar()
    load_demo_procedures()
    rng = random.Random(seed)
    center = Unit.objects.get(code="CP-HCC")
    desks = list(Unit.objects.filter(kind="one_stop_desk", path__startswith="QN/CP/").order_by("path"))
    versions = {p.current_version.level: p for p in Procedure.objects.select_related("current_version") if p.current_version}
    by_level: dict[str, list] = {}
    for p in Procedure.objects.select_related("current_version").exclude(current_version=None):
        by_level.setdefault(p.current_version.level, []).append(p)
    city_procedures = by_level.get("city") or list(versions.values())
    ward_procedures = by_level.get("ward") or list(versions.values())
    days = [date(YEAR, 1, 1) + timedelta(days=i) for i in range(365)]
    days = [d for d in days if d.weekday() < 5]
    zone = timezone.get_current_timezone()
    n_center, n_wards, n_online = (round(n * scale) for n in (N_CENTER, N_WARDS, N_ONLINE))
    online_ids = set(rng.sample(range(n_center + n_wards), n_online))

    dossiers, events = [], []
    for i in range(n_center + n_wards):
        unit = center if i < n_center else desks[i % len(desks)]
        procedure = rng.choice(city_procedures if i < n_center else ward_procedures)
        day = rng.choice(days)
        received = datetime.combine(day, datetime.min.time(), tzinfo=zone) + timedelta(minutes=450 + rng.randrange(540))
        due = received + timedelta(days=rng.randint(1, 21))
        channel = "online" if i in online_ids else ("post" if rng.random() < 0.01 else ("kiosk" if rng.random() < 0.01 else "counter"))
        roll = rng.random()
        d = Dossier(
            code=f"{unit.code}-B{i:06d}", procedure=procedure, procedure_version=procedure.current_version,
            reception_unit=unit, current_unit=unit, channel=channel, applicant_name="Người nộp", submitted_at=received,
            received_at=received, due_at=due, status="returned",
        )
        trail = [("receive", received, "received", {"channel": channel})]
        if rng.random() < 0.02:
            d.supplement_count = 1
            asked = received + timedelta(hours=2)
            trail += [("request_supplement", asked, "awaiting_supplement", {}), ("supplement", asked + timedelta(days=1), "in_progress", {})]
        end_of_year = datetime(YEAR + 1, 1, 1, tzinfo=zone)
        if roll < 0.001:
            d.status = "withdrawn"
            trail.append(("withdraw", received + timedelta(days=1), "withdrawn", {}))
        elif roll < 0.0015:
            d.status, d.resolved_at, d.result_kind, d.timeliness = "refused", received + timedelta(days=1), "refused", "early"
            trail.append(("refuse", d.resolved_at, "refused", {}))
        elif due > end_of_year - timedelta(days=20) and roll < 0.2:
            d.status = "in_progress"  # still open at the end of the year
        else:
            kind = rng.random()
            if kind < 0.0025:
                resolved = due + timedelta(hours=rng.randint(1, 72))
                d.timeliness = "late"
            elif kind < 0.10:
                resolved = due - timedelta(minutes=rng.randint(0, 60))
                d.timeliness = "on_time" if resolved.astimezone(zone).date() == due.astimezone(zone).date() else "early"
            else:
                resolved = received + (due - received) * rng.random() * 0.8
                d.timeliness = "on_time" if resolved.astimezone(zone).date() == due.astimezone(zone).date() else "early"
            d.resolved_at, d.result_kind = resolved, "approved"
            d.returned_at = resolved + timedelta(hours=rng.randint(1, 48))
            trail += [("resolve", resolved, "resolved", {"timeliness": d.timeliness}), ("return_result", d.returned_at, "returned", {})]
            if rng.random() < 0.3:
                d.rating = "satisfied" if rng.random() < 0.995 else "not_satisfied"
                d.rated_at = d.returned_at + timedelta(minutes=5)
                trail.append(("rate", d.rated_at, "returned", {"level": d.rating}))
        dossiers.append(d)
        events.append(trail)
    Dossier.objects.bulk_create(dossiers, batch_size=5000)
    rows = []
    for d, trail in zip(dossiers, events, strict=True):
        previous = ""
        for action, at, to_status, data in trail:
            rows.append(DossierEvent(
                dossier_id=d.pk, action=action, from_status=previous, to_status=to_status, to_unit_id=d.reception_unit_id,
                data=data, at=at, prev_hash="", hash=uuid.uuid4().hex,
            ))
            previous = to_status
    DossierEvent.objects.bulk_create(rows, batch_size=5000)
    return len(dossiers)


def hand_written(unit_path: str, start: datetime, end: datetime, as_of: datetime) -> dict[int, tuple]:
    """The same figures as `figures`, written by hand: one GROUP BY over the unit's dossiers."""
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.units.models import Unit

    d, e, u = Dossier._meta.db_table, DossierEvent._meta.db_table, Unit._meta.db_table
    p = connection.ops.adapt_datetimefield_value
    s, en, now = p(start), p(end), p(as_of)
    ev = f"EXISTS (SELECT 1 FROM {e} x WHERE x.dossier_id = d.id AND x.action = %s AND x.at >= %s AND x.at < %s)"
    closed_later = f"EXISTS (SELECT 1 FROM {e} x WHERE x.dossier_id = d.id AND x.action IN ('withdraw', 'stop') AND x.at >= %s)"
    open_states = "('received', 'in_progress', 'consulting', 'awaiting_supplement')"

    def open_at() -> str:
        return (f"(d.received_at < %s AND (d.resolved_at >= %s OR (d.resolved_at IS NULL AND d.status IN {open_states})"
                f" OR (d.resolved_at IS NULL AND d.status IN ('withdrawn', 'stopped') AND {closed_later})))")

    awaiting = (f"({open_at()} AND d.supplement_count > 0 AND (SELECT x.to_status FROM {e} x WHERE x.dossier_id = d.id"
                f" AND x.at < %s ORDER BY x.at DESC, x.id DESC LIMIT 1) = 'awaiting_supplement')")
    new = "(d.received_at >= %s AND d.received_at < %s)"
    resolved = "(d.resolved_at >= %s AND d.resolved_at < %s)"
    rated = "(d.rated_at >= %s AND d.rated_at < %s)"
    sql = f"""
        SELECT d.reception_unit_id,
          SUM(CASE WHEN {new} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {new} AND d.channel = 'online' THEN 1 ELSE 0 END),
          SUM(CASE WHEN {new} AND d.channel IN ('counter', 'kiosk') THEN 1 ELSE 0 END),
          SUM(CASE WHEN {new} AND d.channel = 'post' THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.received_at < %s AND {open_at()} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {resolved} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {resolved} AND d.timeliness = 'early' THEN 1 ELSE 0 END),
          SUM(CASE WHEN {resolved} AND d.timeliness = 'late' THEN 1 ELSE 0 END),
          SUM(CASE WHEN {open_at()} AND NOT {awaiting} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {open_at()} AND NOT {awaiting} AND d.due_at < %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN {awaiting} THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.returned_at >= %s AND d.returned_at < %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.status = 'refused' AND {ev} THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.status = 'withdrawn' AND d.received_at IS NOT NULL AND {ev} THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.rating IN ('very_satisfied', 'satisfied', 'not_satisfied') AND {rated} THEN 1 ELSE 0 END),
          SUM(CASE WHEN d.rating IN ('very_satisfied', 'satisfied') AND {rated} THEN 1 ELSE 0 END)
        FROM {d} d
        WHERE d.reception_unit_id IN (SELECT id FROM {u} WHERE path LIKE %s)
          AND (d.received_at < %s OR d.submitted_at < %s)
        GROUP BY d.reception_unit_id
    """
    o = [s, s, s]  # open_at(start) parameters
    oe = [en, en, en]  # open_at(end)
    aw = [*oe, en]
    params = [
        s, en, s, en, s, en, s, en,
        s, *o,
        s, en, s, en, s, en,
        *oe, *aw,
        *oe, *aw, now,
        *aw,
        s, en,
        "refuse", s, en, "withdraw", s, en, s, en, s, en,
        unit_path + "%", en, en,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in cursor.fetchall()}


def best(fn, rounds: int = ROUNDS) -> tuple[float, float, object]:
    """Best wall time and best CPU time of this process (on SQLite the query runs in-process, so CPU time
    is the work itself, whatever else the machine is doing), and the answer."""
    walls, cpus, result = [], [], None
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", action="store_true", help="use the configured database as it is")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the seed's year to build (a quick check)")
    parser.add_argument("--year", type=int, default=YEAR, help="the year to count (with --existing)")
    args = parser.parse_args()
    setup(args.existing)
    from django.db import connection
    from django.utils import timezone

    from motcua.stats import summary
    from motcua.stats.selectors import Period, figures
    from motcua.units.models import Unit

    if not args.existing:
        t = time.perf_counter()
        n = build(scale=args.scale)
        print(f"built {n:,} dossiers and their events in {time.perf_counter() - t:.1f} s")
        # The synthetic year is written by bulk inserts, past the transition function: rebuild its day counts.
        t = time.perf_counter()
        print(f"day counts rebuilt: {summary.rebuild():,} rows in {time.perf_counter() - t:.1f} s")
    if not summary.is_complete():
        sys.exit("the day counts are pending: run `manage.py build_stats_summary` first (decision 0054)")
    city = Unit.objects.get(code="CP")
    year = args.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    period = Period(first, last)
    now = timezone.now()
    service_time, service_cpu, body = best(lambda: figures(city, first, last, group_by="unit", now=now))
    rows_time, rows_cpu, by_rows = best(
        lambda: figures(city, first, last, group_by="unit", now=now, from_dossiers=True), rounds=min(ROUNDS, 3)
    )
    raw_time, raw_cpu, rows = best(lambda: hand_written(city.path, period.start, period.end, min(period.end, now)), rounds=3)
    totals = [sum(r[i] for r in rows.values()) for i in range(16)]
    expected = [
        body["received"]["new"], body["received"]["online"], body["received"]["counter"], body["received"]["post"],
        body["received"]["carried_over"], body["resolved"]["total"], body["resolved"]["early"], body["resolved"]["late"],
        body["in_progress"]["total"], body["in_progress"]["overdue"], body["awaiting_supplement"], body["returned"],
        body["refused"], body["withdrawn"], body["satisfaction"]["ratings"], body["satisfaction"]["satisfied"],
    ]
    if totals != expected:
        sys.exit(f"the two answers differ:\n  service {expected}\n  by hand {totals}")
    if by_rows != body:
        sys.exit("the day counts and the dossiers give different figures (decision 0054)")
    print(f"database: {connection.vendor}; {body['received']['total']:,} dossiers received in {year} under {city.code}; "
          f"on time {body['on_time_rate']} %, online {body['online_rate']} %, {len(body['groups'])} groups")
    print(f"figures(CP, {year}, group_by='unit'), day counts: wall {service_time * 1000:.0f} ms, cpu {service_cpu * 1000:.0f} ms (best of {ROUNDS})")
    print(f"the same from the dossiers' rows:     wall {rows_time * 1000:.0f} ms, cpu {rows_cpu * 1000:.0f} ms (best of 3)")
    print(f"hand-written GROUP BY, same rows:     wall {raw_time * 1000:.0f} ms, cpu {raw_cpu * 1000:.0f} ms (best of 3)")
    print(f"ratio to the hand-written GROUP BY (wall): day counts {service_time / raw_time:.4f}, rows {rows_time / raw_time:.2f}")
    month_time, month_cpu, _ = best(lambda: figures(city, first, last, group_by="month", now=now), rounds=2)
    print(f"figures(CP, {year}, group_by='month'), day counts: wall {month_time * 1000:.0f} ms, cpu {month_cpu * 1000:.0f} ms (best of 2)")


if __name__ == "__main__":
    main()
