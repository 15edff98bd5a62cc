"""Benchmark of the deadline engine: due-date computations per second, and the ratio to a bare
`datetime + timedelta` loop over the same inputs in the same run (target ≥ 200,000/s, ratio ≤ 5).

Run: `.venv/bin/python bench/deadlines.py` (pure engine fed from motcua/workdays/data/vn-calendar.json;
no database, no Django).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from motcua.workdays.engine import TimeUnit, WorkingCalendar  # noqa: E402
from motcua.workdays.national import file_or_proposed  # noqa: E402

N = 200_000
ROUNDS = 5


def inputs(n: int) -> list[tuple[datetime, int, TimeUnit]]:
    """Random instants 2018–2027 (any hour, weekends and holidays included) and amounts of 1–30 working
    days or 1–40 working hours."""
    rng = random.Random(2026)
    first = datetime(2018, 1, 1)
    span = int((datetime(2027, 12, 31) - first).total_seconds())
    out = []
    for _ in range(n):
        start = first + timedelta(seconds=rng.randrange(span))
        if rng.random() < 0.8:
            out.append((start, rng.randint(1, 30), TimeUnit.WORKING_DAYS))
        else:
            out.append((start, rng.randint(1, 40), TimeUnit.WORKING_HOURS))
    return out


def bench_engine(calendar: WorkingCalendar, rows: list[tuple[datetime, int, TimeUnit]]) -> float:
    due = calendar.due
    t0 = time.perf_counter()
    for start, amount, unit in rows:
        due(start, amount, unit)
    return time.perf_counter() - t0


def bench_baseline(rows: list[tuple[datetime, int, TimeUnit]]) -> float:
    t0 = time.perf_counter()
    for start, amount, _unit in rows:
        start + timedelta(days=amount)
    return time.perf_counter() - t0


def main() -> None:
    calendar = WorkingCalendar(file_or_proposed, years=(2018, 2031))
    rows = inputs(N)
    bench_engine(calendar, rows[:10_000])  # warm the index
    engine_s = min(bench_engine(calendar, rows) for _ in range(ROUNDS))
    base_s = min(bench_baseline(rows) for _ in range(ROUNDS))
    per_s, base_per_s = N / engine_s, N / base_s
    print(f"python {sys.version.split()[0]}, {N:,} inputs, best of {ROUNDS}")
    print(f"engine  : {per_s:,.0f} due-date computations/s")
    print(f"baseline: {base_per_s:,.0f} datetime + timedelta/s")
    print(f"ratio   : {engine_s / base_s:.2f} (target ≤ 5); target ≥ 200,000/s: {'met' if per_s >= 200_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
