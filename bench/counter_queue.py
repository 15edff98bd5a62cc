"""Benchmark of the queue (issue 13): 50 concurrent kiosks and counters issuing and calling tickets
against a gunicorn server on loopback, beside a trivial view (`/healthz`) measured in the same run.

Run: `.venv/bin/python bench/queue.py` — a throw-away SQLite file with the demo units, accounts and
queue (CP-HCC: 4 service groups, 20 counters; 16 ward desks: 2 counters each); `DATABASE_URL=postgres://…`
runs it on an empty PostgreSQL database instead. Prints p50/p95/p99 per request kind, the ratio of the
queue's p95 to the trivial view's, the hall displays' feed cost (requests per minute per open display),
and checks that no ticket was called twice, no number was skipped and every call the clients saw is
the one the database holds. Exits 1 on any duplicate or gap.
"""
# ruff: noqa: E402
from __future__ import annotations

import os
import sys

# This file is named like the standard library's `queue`: take its folder off the import path before
# anything (threads, asgiref) imports the real one.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter as Tally
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The display polls its feed every 3 s (motcua/frontdesk/templates/frontdesk/display.html).
DISPLAY_INTERVAL_S = 3


def setup_env(tmp: Path) -> dict:
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'queue.sqlite3'}"
    env.update({
        "DJANGO_SETTINGS_MODULE": "motcua.settings", "MOTCUA_DEMO": "1", "MOTCUA_PLAIN_HTTP": "1",
        "MOTCUA_VAR_DIR": str(tmp / "var"), "MOTCUA_SECRET_KEY": "bench-" + "x" * 50, "MOTCUA_REQUIRE_2FA": "0",
        "MOTCUA_ACCESS_LOG": "/dev/null", "MOTCUA_WEB_LOG_LEVEL": "warning",
    })
    os.environ.update(env)
    return env


def build() -> dict:
    """Demo units, accounts and queue; a bearer token per counter officer: {unit code: token}."""
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from motcua.accounts.models import User
    from motcua.demo.services import load_demo_accounts, load_demo_queue, load_demo_units
    from motcua.units.models import Counter

    call_command("migrate", verbosity=0)
    load_demo_units()
    load_demo_accounts()
    load_demo_queue()
    Counter.objects.update(is_open=True)
    tokens = {}
    for user in User.objects.filter(role="counter_officer").select_related("unit"):
        tokens[user.unit.code] = Token.objects.get_or_create(user=user)[0].key
    return tokens


def counters_by_unit() -> dict[str, list[int]]:
    from motcua.units.models import Counter

    out: dict[str, list[int]] = defaultdict(list)
    for pk, code in Counter.objects.values_list("pk", "unit__code").order_by("unit__code", "number"):
        out[code].append(pk)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    env = dict(env, MOTCUA_BIND=f"127.0.0.1:{port}", MOTCUA_WEB_WORKERS=str(workers), MOTCUA_WEB_THREADS=str(threads))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + log.read_text(errors="replace")[-2000:])


class Client:
    def __init__(self, port: int, token: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def do(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data, (time.perf_counter() - start) * 1000


def run_clients(n: int, work) -> None:
    barrier = threading.Barrier(n)
    errors: list = []

    def target(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"client errors: {errors[:3]}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="concurrent kiosks + counters (default 50)")
    parser.add_argument("--requests", type=int, default=40, help="requests per client (default 40)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-queue-"))
    env = setup_env(tmp)
    tokens = build()
    counters = counters_by_unit()
    port = free_port()
    log = tmp / "gunicorn.log"
    server = start_server(env, port, args.workers, args.threads, log)
    try:
        return measure(args, port, tokens, counters)
    except BaseException:
        print("server log (tail):\n" + log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(args, port: int, tokens: dict, counters: dict) -> int:
    n, r = args.clients, args.requests
    # Half kiosks, half counters: the center's 20 counters first, then ward desks' counters.
    n_counters = n // 2
    desks = sorted(code for code in counters if code != "CP-HCC" and code in tokens)
    counter_slots = [("CP-HCC", pk) for pk in counters["CP-HCC"]] + [(code, counters[code][0]) for code in desks]
    counter_slots = counter_slots[:n_counters]
    kiosk_units = ["CP-HCC"] * 3 + [code for code, _ in counter_slots if code != "CP-HCC"]

    # Warm-up: every worker imports its views and opens its database connection.
    run_clients(min(n, 16), lambda i: [Client(port).do("GET", "/healthz") for _ in range(5)])

    trivial: list[float] = []
    lock = threading.Lock()

    def trivial_work(i):
        c = Client(port)
        mine = [c.do("GET", "/healthz")[2] for _ in range(r)]
        with lock:
            trivial.extend(mine)

    started = time.perf_counter()
    run_clients(n, trivial_work)
    trivial_rate = len(trivial) / (time.perf_counter() - started)

    issue_ms: list[float] = []
    call_ms: list[float] = []
    called: list[tuple[int, int]] = []  # (ticket id, counter id) as the clients were told
    issued: list[int] = []
    statuses: Tally = Tally()

    def queue_work(i):
        rng = random.Random(i)
        if i < n - len(counter_slots):  # a kiosk
            c = Client(port)
            unit = kiosk_units[i % len(kiosk_units)]
            mine, ids = [], []
            for _ in range(r):
                body = {"unit": unit, "service_group": rng.choice("ABCD")} if unit == "CP-HCC" else {"unit": unit}
                status, data, ms = c.do("POST", "/api/v1/queue/tickets", body)
                statuses[("issue", status)] += 1
                mine.append(ms)
                if status == 201:
                    ids.append(json.loads(data)["id"])
            with lock:
                issue_ms.extend(mine)
                issued.extend(ids)
        else:  # a counter
            unit, pk = counter_slots[i - (n - len(counter_slots))]
            c = Client(port, tokens[unit])
            mine, got = [], []
            for _ in range(r):
                status, data, ms = c.do("POST", f"/api/v1/queue/counters/{pk}/call")
                statuses[("call", status)] += 1
                mine.append(ms)
                if status == 200:
                    got.append((json.loads(data)["id"], pk))
            with lock:
                call_ms.extend(mine)
                called.extend(got)

    started = time.perf_counter()
    run_clients(n, queue_work)
    elapsed = time.perf_counter() - started

    # Hall displays: the center and the 16 ward desks, polled concurrently as their pages do.
    display_ms: list[float] = []
    display_units = ["CP-HCC", *sorted(code for code in counters if code != "CP-HCC")][:17]

    def display_work(i):
        c = Client(port)
        mine = [c.do("GET", f"/man-hinh/{display_units[i]}/trang-thai.json")[2] for _ in range(10)]
        with lock:
            display_ms.extend(mine)

    run_clients(len(display_units), display_work)

    # Checks against the database.
    from motcua.frontdesk.models import Ticket

    told = Tally(pk for pk, _ in called)
    duplicates = sum(v - 1 for v in told.values() if v > 1)
    in_db = dict(Ticket.objects.exclude(status="waiting").values_list("pk", "counter_id"))
    mismatched = sum(1 for pk, counter in called if in_db.get(pk) != counter) + abs(len(in_db) - len(told))
    gaps = 0
    numbers: dict = defaultdict(list)
    for unit, group, day, number in Ticket.objects.values_list("unit_id", "group_id", "day", "number"):
        numbers[(unit, group, day)].append(number)
    for seq in numbers.values():
        gaps += int(sorted(seq) != list(range(1, len(seq) + 1)))
    lost = len(issued) - Ticket.objects.filter(pk__in=issued).count()

    queue_all = issue_ms + call_ms
    print(f"queue benchmark — {n} concurrent clients ({n - len(counter_slots)} kiosks, {len(counter_slots)} counters), "
          f"{r} requests each, gunicorn {args.workers}×{args.threads} on loopback, "
          f"{os.environ['DATABASE_URL'].split(':', 1)[0]}")
    print(f"{'kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, values in (("trivial view", trivial), ("issue ticket", issue_ms), ("call next", call_ms),
                         ("issue + call", queue_all), ("display feed", display_ms)):
        print(f"{name:<16}{len(values):>9}{pct(values, 50):>9.1f}{pct(values, 95):>9.1f}{pct(values, 99):>9.1f}")
    print(f"statuses: {dict(sorted(statuses.items()))}; throughput {len(queue_all) / elapsed:.0f} req/s "
          f"(trivial view: {trivial_rate:.0f} req/s)")
    print(f"p95 ratio (issue + call / trivial view): {pct(queue_all, 95) / pct(trivial, 95):.2f}")
    print(f"display: one open display = {60 // DISPLAY_INTERVAL_S} requests/min; the center + 16 desks = "
          f"{17 * 60 // DISPLAY_INTERVAL_S} requests/min ({17 / DISPLAY_INTERVAL_S:.1f}/s), feed p95 {pct(display_ms, 95):.1f} ms")
    print(f"tickets issued {len(issued)}, called {len(told)}; duplicates: {duplicates}; "
          f"client/database mismatches: {mismatched}; sequences with gaps: {gaps}; lost: {lost}")
    ok = duplicates == 0 and mismatched == 0 and gaps == 0 and lost == 0
    print(f"p95 under 100 ms: {'yes' if pct(queue_all, 95) < 100 else 'NO'}; correctness: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
