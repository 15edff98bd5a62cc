"""The serving benchmark at scale (issue 10 item 4): every hot path over HTTP, against the trivial
authenticated view measured in the same run, by the same load generator, on the same server.

Run (one command, PostgreSQL; the database must be a scratch one — it is filled, never emptied):

    DATABASE_URL=postgres://motcua:motcua@127.0.0.1/motcua_scale \\
        .venv/bin/python bench/scale.py --sizes 1000000,10000000 --write

For each size (ascending) it grows the store to that many dossiers with the history generator
(`generate_dossiers`, decision 0029; over `--years`, so that one year of a 10 M store holds a province's
5 M), adds a fixed set of open dossiers at the busiest unit once, runs VACUUM ANALYZE, starts the
production server exactly as `make run` does (gunicorn, motcua.gunicorn_conf, DEBUG off, database cache,
persistent connections) and measures with wrk, 16 connections for `--duration` seconds each:

- baseline: `GET /api/v1/auth/me` with a bearer token (reads the token and its user: the trivial view);
- public lookup `GET /api/v1/lookup/{code}?k=…` of random dossiers, each request from another client
  address (X-Forwarded-For through a trusted proxy, as behind the deployment's proxy);
- dossier detail `GET /api/v1/dossiers/{code}` of random dossiers of the busiest unit, as its officer;
- the worklist `GET /can-bo/` of the busiest unit's counter officer (signed-in session);
- intake `POST /api/v1/dossiers` at the busiest unit (last: it adds open dossiers);
then the baseline again (its mean is the ratio's denominator), the city's yearly statistics
`GET /api/v1/stats` (sequential, best of 3) against a hand-written GROUP BY over the same rows
(bench/stats.py), a locust mix (70 % public lookup, 20 % officers: worklist and detail, 10 % intake;
each user waits 5–15 s between requests) for each `--users`, and the memory of the server's processes.
Ratios are requests/s of the path ÷ requests/s of the baseline. With `--write` the table (and, at the
largest size, the EXPLAIN plan of every query of the hot paths) replaces the section between the markers
in docs/performance.md.

Needs wrk (installed with apt-get when run as root; otherwise named) and locust (`pip install -e ".[bench]"`).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BEGIN, END = "<!-- bench/scale.py: begin -->", "<!-- bench/scale.py: end -->"
OFFICER, LEADER = "tiepnhan.hcc", "lanhdao.cp"
PROCEDURE = "1.009994.000.00.00.H49"  # building permit, received at the city's center (bench/durability.py)
SERVER_ENV = {
    "MOTCUA_DEMO": "1", "MOTCUA_CACHE_URL": "db", "MOTCUA_PLAIN_HTTP": "1", "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
    "MOTCUA_ACCESS_LOG": "", "MOTCUA_WEB_LOG_LEVEL": "warning", "MOTCUA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
}

DONE_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %.0f %.0f %.0f\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


def setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench/scale.py measures the production database: set DATABASE_URL=postgres://…/<scratch database>.")
    for k, v in SERVER_ENV.items():
        os.environ.setdefault(k, v)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def tools() -> None:
    if shutil.which("wrk") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        else:
            sys.exit("wrk is missing: install it (Debian: `apt-get install wrk`) and run again.")
    # Not imported here: importing locust patches the standard library for gevent.
    if not (Path(sys.executable).parent / "locust").exists():
        sys.exit('locust is missing: `.venv/bin/pip install -e ".[bench]"` and run again.')


# -- the store --------------------------------------------------------------------------------------
def grow(size: int, years: list[int], workers: int) -> float:
    from django.db import connection

    from motcua.dossiers.models import Dossier
    from motcua.history import bulk

    have = Dossier.objects.filter(code__startswith="BENCH-OPEN-").count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        stored = cursor.fetchone()[0]
    missing = size - stored + have if size > stored else 0
    if not missing:
        return 0.0
    t = time.perf_counter()
    out = bulk.generate(missing, years, seed=size, workers=workers, progress=lambda m: print("  " + m, flush=True))
    took = time.perf_counter() - t
    print(f"grown by {out.dossiers:,} dossiers in {took:.0f} s ({out.dossiers / took:,.0f}/s)", flush=True)
    return took


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def fixtures(open_count: int):
    """Tokens, a session, and the codes the requests use (random dossiers; the busiest unit's for detail)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.utils import timezone
    from hot_paths import add_open, busiest_officer

    from motcua.accounts.models import User
    from motcua.api.auth import issue_token
    from motcua.dossiers.codes import lookup_check
    from motcua.dossiers.models import Dossier

    unit, _ = busiest_officer()
    officer = User.objects.get(username=OFFICER)
    if officer.unit_id != unit.id:
        print(f"note: the busiest unit is {unit.code}, the officer measured is {OFFICER} of {officer.unit}")
    if not Dossier.objects.filter(code__startswith="BENCH-OPEN-").exists():
        add_open(officer.unit, open_count, timezone.now())
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = "motcua.accounts.backends.AccountBackend"
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session.create()
    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM dossiers_dossier")
        lo, hi = cursor.fetchone()
        cursor.execute("SELECT code FROM dossiers_dossier WHERE id = ANY(%s)", [[rng.randint(lo, hi) for _ in range(3000)]])
        anyone = [r[0] for r in cursor.fetchall()][:1000]
        cursor.execute("SELECT code FROM dossiers_dossier WHERE reception_unit_id = %s AND id = ANY(%s)",
                       [officer.unit_id, [rng.randint(lo, hi) for _ in range(6000)]])
        own = [r[0] for r in cursor.fetchall()][:1000]
    return {
        "officer_token": issue_token(officer)[0].key,
        "leader_token": issue_token(User.objects.get(username=LEADER))[0].key,
        "session": session.session_key,
        "lookup": [(c, lookup_check(c)) for c in anyone],
        "own": own,
        "unit": officer.unit.code,
    }


# -- the server ---------------------------------------------------------------------------------------
class Server:
    def __init__(self, workers: int) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **SERVER_ENV, "HOST": "127.0.0.1", "PORT": str(self.port),
               "MOTCUA_WEB_WORKERS": str(workers), "MOTCUA_LOOKUP_RATE": "600/minute"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = tempfile.NamedTemporaryFile(prefix="motcua-scale-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/v1/units", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.3)
        raise SystemExit(f"the server did not start: see {self.log.name}")

    def rss_mb(self) -> tuple[float, list[float]]:
        """Resident memory of the master and of each worker (MB)."""
        def rss(pid: int) -> float:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
            return 0.0
        kids = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        return rss(self.proc.pid), [rss(int(k)) for k in kids]

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(30)


# -- wrk ----------------------------------------------------------------------------------------------
def lua_list(values) -> str:
    return "{" + ",".join(json.dumps(v) for v in values) + "}"


def scripts(fx: dict, folder: Path) -> dict[str, tuple[str, str]]:
    """(lua script, path) per measured path."""
    bearer = 'local auth = {["Authorization"] = "Bearer %s"}\n'
    body = json.dumps({"procedure": PROCEDURE, "unit": fx["unit"], "channel": "counter",
                       "applicant": {"name": "Nguyễn Văn Đo Tải", "id_number": "022190000123"}})
    seed = "math.randomseed(os.time() + math.floor(os.clock() * 1e6))\n"
    out = {
        "baseline": (bearer % fx["officer_token"] + "request = function() return wrk.format('GET', '/api/v1/auth/me', auth) end\n",
                     "/api/v1/auth/me"),
        "public lookup": (
            seed + f"local codes = {lua_list(c for c, _ in fx['lookup'])}\nlocal checks = {lua_list(k for _, k in fx['lookup'])}\n"
            "request = function()\n  local i = math.random(#codes)\n"
            "  local ip = string.format('10.%d.%d.%d', math.random(0, 255), math.random(0, 255), math.random(1, 254))\n"
            "  return wrk.format('GET', '/api/v1/lookup/' .. codes[i] .. '?k=' .. checks[i], {['X-Forwarded-For'] = ip})\nend\n",
            "/api/v1/lookup/{code}"),
        "dossier detail (API)": (
            seed + bearer % fx["officer_token"] + f"local codes = {lua_list(fx['own'])}\n"
            "request = function() return wrk.format('GET', '/api/v1/dossiers/' .. codes[math.random(#codes)], auth) end\n",
            "/api/v1/dossiers/{code}"),
        "officers' worklist, busiest unit": (
            f'local h = {{["Cookie"] = "sessionid={fx["session"]}"}}\n'
            "request = function() return wrk.format('GET', '/can-bo/', h) end\n", "/can-bo/"),
        "intake": (
            f'local h = {{["Authorization"] = "Bearer {fx["officer_token"]}", ["Content-Type"] = "application/json"}}\n'
            f"local body = {json.dumps(body)}\n"
            "request = function() return wrk.format('POST', '/api/v1/dossiers', h, body) end\n", "POST /api/v1/dossiers"),
    }
    for name, (lua, _) in out.items():
        (folder / f"{abs(hash(name))}.lua").write_text(lua + DONE_LUA, encoding="utf-8")
    return {name: (str(folder / f"{abs(hash(name))}.lua"), path) for name, (_, path) in out.items()}


def wrk(url: str, script: str, duration: int, connections: int) -> dict:
    run = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                          "-s", script, url], capture_output=True, text=True)
    line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {run.stdout}\n{run.stderr}")
    n, micros, c, r, w, status, timeout, p50, p95, p99 = (float(x) for x in line.split()[1:])
    return {"rps": n / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000, "requests": int(n),
            "errors": int(c + r + w + status + timeout)}


# -- statistics and locust --------------------------------------------------------------------------
def yearly_stats(server: Server, fx: dict, year: int) -> dict:
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from stats import hand_written

    from motcua.units.models import Unit

    def fetch() -> None:
        req = urllib.request.Request(f"{server.url}/api/v1/stats?unit=CP&from={year}-01-01&to={year}-12-31",
                                     headers={"Authorization": f"Bearer {fx['leader_token']}"})
        with urllib.request.urlopen(req, timeout=600) as r:
            assert r.status == 200
            json.loads(r.read())

    def timed(fn) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times) * 1000

    tz = ZoneInfo(settings.TIME_ZONE)
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    path = Unit.objects.get(code="CP").path
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier WHERE received_at >= %s AND received_at < %s", [start, end])
        received = cursor.fetchone()[0]
    return {"api_ms": timed(fetch), "sql_ms": timed(lambda: hand_written(path, start, end, end)), "received": received}


def locust_mix(server: Server, fx: dict, users: int, seconds: int, folder: Path) -> dict:
    data = folder / "locust.json"
    data.write_text(json.dumps(fx), encoding="utf-8")
    prefix = folder / f"locust{users}"
    env = {**os.environ, "MOTCUA_LOCUST_DATA": str(data), "MOTCUA_LOCUST_PROCEDURE": PROCEDURE}
    subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
         "-u", str(users), "-r", str(max(10, users // 10)), "-t", f"{seconds}s", "--host", server.url,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        env=env, check=False, capture_output=True, text=True,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        total = next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        failures = [f"{row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}" for row in csv.DictReader(f)]
    return {"rps": float(total["Requests/s"]), "p95": float(total["95%"]), "p50": float(total["50%"]),
            "requests": int(total["Request Count"]), "errors": int(total["Failure Count"]), "failures": failures}


# -- one size -----------------------------------------------------------------------------------------
def measure(size: int, args, folder: Path) -> dict:
    from django.db import connection

    grow_s = grow(size, args.years_list, args.gen_workers)
    vacuum()
    fx = fixtures(args.open)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), pg_database_size(current_database()) FROM dossiers_dossier")
        stored, db_bytes = cursor.fetchone()
    result: dict = {"fixtures": fx, "size": size, "stored": stored, "db_gb": db_bytes / 2**30, "grow_s": grow_s, "runs": {}}
    for workers in args.workers_list:
        server = Server(workers)
        try:
            paths = scripts(fx, folder)
            rows = {}
            for name in ["baseline", "public lookup", "dossier detail (API)", "officers' worklist, busiest unit", "intake"]:
                script, _ = paths[name]
                wrk(server.url, script, 3, args.connections)  # warm: connections, plans, caches
                rows[name] = wrk(server.url, script, args.duration, args.connections)
                print(f"  [{workers} workers] {name}: {rows[name]['rps']:.1f} req/s, p95 {rows[name]['p95']:.0f} ms, "
                      f"{rows[name]['errors']} errors", flush=True)
            again = wrk(server.url, paths["baseline"][0], args.duration, args.connections)
            base = statistics.mean([rows["baseline"]["rps"], again["rps"]])
            rows["baseline"] = {**rows["baseline"], "rps": base, "p95": max(rows["baseline"]["p95"], again["p95"])}
            run = {"rows": rows, "paths": {k: v[1] for k, v in paths.items()}}
            if workers == args.workers_list[0]:  # the statistics and the mix with the first count (default: cores)
                run["stats"] = yearly_stats(server, fx, args.years_list[-1])
                print(f"  yearly statistics: {run['stats']}", flush=True)
                run["locust"] = {}
                for users in args.users_list:
                    run["locust"][users] = locust_mix(server, fx, users, args.locust_seconds, folder)
                    print(f"  locust {users} users: {run['locust'][users]}", flush=True)
            run["rss"] = server.rss_mb()
            result["runs"][workers] = run
        finally:
            server.stop()
    return result


def plans(fx: dict) -> str:
    """EXPLAIN of every SELECT each measured path runs: the requests are made in this process with Django's
    test client (same views, same users, same codes as the load) and their queries captured."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    officer = Client(HTTP_AUTHORIZATION=f"Bearer {fx['officer_token']}")
    desk = Client()
    desk.cookies["sessionid"] = fx["session"]
    code, check = fx["lookup"][0]
    requests = {
        "public lookup": lambda: Client(REMOTE_ADDR="10.9.9.9").get(f"/api/v1/lookup/{code}?k={check}"),
        "dossier detail (API)": lambda: officer.get(f"/api/v1/dossiers/{fx['own'][0]}"),
        "officers' worklist, busiest unit": lambda: desk.get("/can-bo/"),
        "API list, first page": lambda: officer.get("/api/v1/dossiers"),
        "intake": lambda: officer.post("/api/v1/dossiers", {
            "procedure": PROCEDURE, "unit": fx["unit"], "channel": "counter",
            "applicant": {"name": "Nguyễn Văn Đo Tải", "id_number": "022190000123"}}, content_type="application/json"),
    }
    out, seen = [], set()
    for name, request in requests.items():
        request()  # warm: per-process caches (calendar, units) are not what a loaded server runs each time
        with CaptureQueriesContext(connection) as ctx:
            response = request()
        assert response.status_code < 300, (name, response.status_code)
        out.append(f"== {name}: {len(ctx.captured_queries)} queries")
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(r[0] for r in cursor.fetchall())
            out.append(f"-- {sql[:300]}{' …' if len(sql) > 300 else ''}\n{plan}\n")
    return "\n".join(out)


# -- the table ----------------------------------------------------------------------------------------
def table(results: list[dict], args, plan_text: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = os.getloadavg()[0]
    lines = [
        BEGIN,
        f"Produced by `bench/scale.py --sizes {args.sizes} --years {args.years} --workers {args.workers} "
        f"--duration {args.duration} --users {args.users} --write` on {date.today():%d %b %Y}: PostgreSQL {pg.split()[0]}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores (load average {load:.1f} at the end), wrk with "
        f"{args.connections} connections for {args.duration} s per path, gunicorn as `make run` starts it. "
        "Ratio = the path's requests/s ÷ the trivial authenticated view's (`GET /api/v1/auth/me`) in the same run.",
        "",
    ]
    for r in results:
        for workers, run in r["runs"].items():
            base = run["rows"]["baseline"]["rps"]
            lines += [
                f"**{r['stored']:,} dossiers stored** (database {r['db_gb']:.1f} GB), {workers} app workers:",
                "",
                "| path | requests/s | ratio | p50 ms | p95 ms | errors |",
                "|---|---|---|---|---|---|",
            ]
            for name, row in run["rows"].items():
                lines.append(f"| {name} (`{run['paths'][name]}`) | {row['rps']:,.1f} | {row['rps'] / base:.2f} | "
                             f"{row['p50']:.0f} | {row['p95']:.0f} | {row['errors']} |")
            if "stats" in run:
                s = run["stats"]
                lines.append(f"| yearly statistics of the city, {s['received']:,} dossiers received in {args.years_list[-1]} "
                             f"(`GET /api/v1/stats`, best of 3) | {s['api_ms']:,.0f} ms | hand-written GROUP BY "
                             f"{s['sql_ms']:,.0f} ms: ×{s['api_ms'] / s['sql_ms']:.3g} | | | |")
            for users, m in run.get("locust", {}).items():
                lines.append(f"| locust mix, {users} users (70 % lookup, 20 % officers, 10 % intake; 5–15 s think time) | "
                             f"{m['rps']:,.1f} | | {m['p50']:.0f} | {m['p95']:.0f} | {m['errors']} of {m['requests']:,}"
                             f"{': ' + '; '.join(m['failures'])[:300] if m['failures'] else ''} |")
            master, kids = run["rss"]
            lines += ["", f"Memory: gunicorn master {master:.0f} MB, workers {', '.join(f'{k:.0f}' for k in kids)} MB "
                      f"(total {master + sum(kids):.0f} MB).", ""]
    if plan_text:
        lines += [f"<details><summary>EXPLAIN of the hot paths' queries at {results[-1]['stored']:,} dossiers</summary>",
                  "", "```", plan_text.strip(), "```", "", "</details>"]
    lines.append(END)
    return "\n".join(lines)


def write(section: str) -> None:
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Serving at scale (`bench/scale.py`, issue 10 item 4)\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="dossiers stored at each measurement, ascending")
    parser.add_argument("--years", default="2024-2025", help="the span the generator spreads them over")
    parser.add_argument("--workers", default=str(os.cpu_count() or 2),
                        help="app workers, a list for the curve (e.g. 2,1,4); the first also runs the statistics and locust")
    parser.add_argument("--gen-workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--users", default="200,1000", help="locust users, a list")
    parser.add_argument("--locust-seconds", type=int, default=60)
    parser.add_argument("--open", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="write the table into docs/performance.md")
    args = parser.parse_args()
    setup()
    tools()
    from django.core.management import call_command

    from motcua.history import bulk
    from motcua.units.models import Unit

    args.years_list = bulk.parse_years(args.years)
    args.workers_list = [int(w) for w in args.workers.split(",")]
    args.users_list = [int(u) for u in args.users.split(",") if u.strip()]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Unit.objects.exists():
        from hot_paths import load_city

        load_city()
    results = []
    with tempfile.TemporaryDirectory(prefix="motcua-scale-") as folder:
        for size in sorted(int(s) for s in args.sizes.split(",")):
            results.append(measure(size, args, Path(folder)))
    plan_text = plans(results[-1]["fixtures"])
    section = table(results, args, plan_text)
    print(section)
    if args.write:
        write(section)
        print("written into docs/performance.md")


if __name__ == "__main__":
    main()
