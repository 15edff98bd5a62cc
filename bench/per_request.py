"""What one request of each hot path costs in process, without HTTP: Django's test client calls the same
views as the server (same users, same codes as bench/scale.py), on a scratch PostgreSQL store, and the
queries are captured. For each path: wall milliseconds per request, queries per request and the
database's share of them, and the ratio to the trivial authenticated view measured in the same run.

    DATABASE_URL=postgres://motcua:motcua@127.0.0.1/motcua_scale .venv/bin/python bench/per_request.py [--n 40]

The store must already hold the dossiers (bench/scale.py or `manage.py generate_dossiers` fills it); the
fixtures (tokens, a session, the busiest unit's open dossiers) are bench/scale.py's. Each path is run
with prepared statements off and on (decision 0053: `prepare_threshold` 0 and the setting's value) on a
fresh connection each, so the two are compared in the same run. `--profile K` prints the K functions with
the largest cumulative time of each path (cProfile), to see where the Python time goes.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402  (bench/scale.py: setup and fixtures)


def paths(fx: dict) -> dict:
    from django.test import Client

    officer = Client(HTTP_AUTHORIZATION=f"Bearer {fx['officer_token']}")
    anonymous = Client()
    desk = Client()
    desk.cookies["sessionid"] = fx["session"]
    lookups, own, clients = itertools.cycle(fx["lookup"]), itertools.cycle(fx["own"]), itertools.count(1)

    def lookup():
        code, check = next(lookups)
        n = next(clients)  # another client address each time, as the load generator does
        return anonymous.get(f"/api/v1/lookup/{code}?k={check}", REMOTE_ADDR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")

    return {
        "baseline (`/api/v1/auth/me`)": lambda: officer.get("/api/v1/auth/me"),
        "public lookup": lookup,
        "dossier detail (API)": lambda: officer.get(f"/api/v1/dossiers/{next(own)}"),
        "officers' worklist, busiest unit": lambda: desk.get("/can-bo/"),
        "intake": lambda: officer.post("/api/v1/dossiers", {
            "procedure": scale.PROCEDURE, "unit": fx["unit"], "channel": "counter",
            "applicant": {"name": "Nguyễn Văn Đo Tải", "id_number": "022190000123"}}, content_type="application/json"),
    }


def measure(fn, n: int) -> tuple[float, float, float]:
    """(wall ms, queries, database ms) per request, after 5 warming requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        fn()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        for _ in range(n):
            response = fn()
            assert response.status_code < 300, response.status_code
        wall = (time.perf_counter() - started) / n * 1000
    sql = sum(float(q["time"]) for q in ctx.captured_queries) / n * 1000
    return wall, len(ctx.captured_queries) / n, sql


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="requests per path and setting")
    parser.add_argument("--profile", type=int, default=0, help="print the K costliest functions of each path")
    args = parser.parse_args()
    scale.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    fx = scale.fixtures(300)
    options = connection.settings_dict.setdefault("OPTIONS", {})
    configured = int(os.environ.get("MOTCUA_DB_PREPARE_THRESHOLD", "2"))
    rows = {}
    for threshold in (0, configured):
        connection.close()
        if threshold:
            options.update(server_side_binding=True, prepare_threshold=threshold)
        else:
            options.pop("server_side_binding", None)
            options.pop("prepare_threshold", None)
        for name, fn in paths(fx).items():
            rows[(name, threshold)] = measure(fn, args.n)
            if args.profile and threshold:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.n):
                    fn()
                profile.disable()
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
                print(f"== {name}\n{out.getvalue()}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        stored = cursor.fetchone()[0]
    print(f"{stored:,} dossiers stored; {args.n} requests per path, in process (no HTTP); PostgreSQL "
          f"{connection.pg_version // 10000}; prepared statements off (0) and on (threshold {configured})")
    print("| path | ms/request off → on | ratio to the baseline off → on | queries | database ms off → on |")
    print("|---|---|---|---|---|")
    names = list(paths(fx))
    base = {t: rows[(names[0], t)][0] for t in (0, configured)}
    for name in names:
        (w0, q0, s0), (w1, _, s1) = rows[(name, 0)], rows[(name, configured)]
        print(f"| {name} | {w0:.1f} → {w1:.1f} | {base[0] / w0:.2f} → {base[configured] / w1:.2f} | {q0:.1f} "
              f"| {s0:.1f} → {s1:.1f} |")


if __name__ == "__main__":
    main()
