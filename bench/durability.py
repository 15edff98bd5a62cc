"""Durability under kill -9 of the app server (issue 11, item 8): no acknowledged intake lost, none
duplicated, no gap in the dossier codes, the audit chain intact.

Run on demand (not part of the test suite):

    .venv/bin/python bench/durability.py                      # SQLite, in a temporary folder
    DATABASE_URL=postgres://.../scratch .venv/bin/python bench/durability.py   # a THROWAWAY database

What it does: migrates and loads the demo city into the database (a temporary SQLite file unless
DATABASE_URL names one — it must be a scratch database: the demo city and test dossiers are written to
it), starts the production server (`gunicorn -c python:motcua.gunicorn_conf motcua.wsgi`, plain HTTP on
127.0.0.1 only, as `make run` does), and fires counter intakes from several threads, each with its own
Idempotency-Key. Half-way it kills the whole app server (master and workers) with SIGKILL, starts it
again, and the clients retry what was not acknowledged with the same key, as a real client would.
At the end it checks the database against what the clients were told, and prints what it verified.
Bounded: --intakes (default 300) and --deadline seconds (default 240); exit status 1 on any finding.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCEDURE = "1.009994.000.00.00.H49"  # building permit, received at the city's center
UNIT = "CP-HCC"
OFFICER = "tiepnhan.hcc"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(var_dir: Path, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.settings", MOTCUA_DEMO="1", MOTCUA_PLAIN_HTTP="1",
        MOTCUA_VAR_DIR=str(var_dir), HOST="127.0.0.1", PORT=str(port), MOTCUA_WEB_WORKERS="2",
        MOTCUA_ACCESS_LOG=str(var_dir / "access.log"), PYTHONPATH=str(ROOT),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'durability.sqlite3'}")
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


class Server:
    """The production app server in its own process group, so that kill -9 reaches master and workers."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None

    def start(self, deadline: float) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"],
                env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the app server did not start in time (see the log)")

    def kill9(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def post(url: str, body: dict, headers: dict, timeout: float = 15) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--intakes", type=int, default=300)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--deadline", type=float, default=240, help="seconds for the whole run")
    args = parser.parse_args()
    deadline = time.monotonic() + args.deadline

    var_dir = Path(tempfile.mkdtemp(prefix="motcua-durability-"))
    port = free_port()
    env = environment(var_dir, port)
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}; server: http://127.0.0.1:{port}/; files: {var_dir}")
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "load_demo_city")
    password = json.loads((ROOT / "motcua/demo/data/demo-accounts.json").read_text())["password"]

    server = Server(env, port, var_dir / "server.log")
    server.start(deadline)
    base = f"http://127.0.0.1:{port}/api/v1"
    status, body = post(f"{base}/auth/token", {"username": OFFICER, "password": password}, {})
    if status != 200:
        raise SystemExit(f"no token for {OFFICER}: {status}")
    auth = {"Authorization": f"Bearer {body['token']}"}

    run = uuid.uuid4().hex[:8]
    keys = [f"durability-{run}-{i}" for i in range(args.intakes)]
    acknowledged: dict[int, str] = {}  # intake index → the code the client was told
    lock = threading.Lock()
    next_index = iter(range(args.intakes))
    half = threading.Event()
    errors_seen = {"connection": 0, "5xx": 0}

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            body = {"procedure": PROCEDURE, "unit": UNIT, "channel": "counter",
                    "applicant": {"name": f"Durability {run} {i:05d}"}}
            while time.monotonic() < deadline:  # retry with the same key until acknowledged
                try:
                    status, answer = post(f"{base}/dossiers", body, {**auth, "Idempotency-Key": keys[i]})
                except OSError:
                    status, answer = 0, {}
                if status in (200, 201):
                    with lock:
                        acknowledged[i] = answer["code"]
                        if len(acknowledged) >= args.intakes // 2:
                            half.set()
                    break
                with lock:
                    errors_seen["connection" if status == 0 else "5xx"] += 1
                time.sleep(0.2)  # the server is down or restarting: a client's back-off

    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.threads)]
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        half.wait(timeout=max(0.0, deadline - time.monotonic()))
        at_kill = len(acknowledged)
        server.kill9()
        print(f"kill -9 of the app server after {at_kill} acknowledged intakes ({time.monotonic() - started:.1f} s)")
        server.start(deadline)
        print("app server restarted")
        for t in threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    print(f"{len(acknowledged)} of {args.intakes} intakes acknowledged in {elapsed:.1f} s "
          f"(retries after connection errors: {errors_seen['connection']}, after 5xx: {errors_seen['5xx']})")
    return verify(env, run, keys, acknowledged, args.intakes)


def verify(env: dict, run: str, keys: list[str], acknowledged: dict[int, str], intakes: int) -> int:
    """Compare the database with what the clients were told."""
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MOTCUA_VAR_DIR", "MOTCUA_DEMO")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from collections import Counter

    from motcua.dossiers.audit import verify_chain
    from motcua.dossiers.models import Dossier, DossierCodeSequence, IdempotencyKey

    findings = []
    rows = list(Dossier.objects.filter(applicant_name__startswith=f"Durability {run} ").values("code", "applicant_name"))
    by_name = Counter(r["applicant_name"] for r in rows)
    duplicated = [name for name, n in by_name.items() if n > 1]
    if duplicated:
        findings.append(f"{len(duplicated)} intakes stored more than once, e.g. {duplicated[:3]}")
    stored_codes = {r["code"] for r in rows}
    lost = [code for code in acknowledged.values() if code not in stored_codes]
    if lost:
        findings.append(f"{len(lost)} acknowledged intakes lost, e.g. {lost[:3]}")
    key_codes = dict(IdempotencyKey.objects.filter(key__in=keys).values_list("key", "dossier__code"))
    wrong = [i for i, code in acknowledged.items() if key_codes.get(keys[i]) != code]
    if wrong:
        findings.append(f"{len(wrong)} acknowledged codes differ from their Idempotency-Key's dossier")
    if len(rows) != len(key_codes):
        findings.append(f"{len(rows)} dossiers but {len(key_codes)} idempotency keys")
    gaps = 0
    for seq in DossierCodeSequence.objects.filter(unit__code=UNIT).select_related("unit"):
        prefix = f"{UNIT}-{seq.day:%y%m%d}-"
        numbers = sorted(
            int(code.removeprefix(prefix)) for code in
            Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )
        if numbers != list(range(1, seq.last + 1)):
            gaps += 1
            findings.append(f"codes of {prefix}: {len(numbers)} stored, sequence at {seq.last}: gap or reuse")
    chain = verify_chain()
    if not chain.ok:
        findings.append(f"audit chain broken at event {chain.broken_id}: {chain.reason}")

    print("verified:")
    print(f"  acknowledged intakes still stored, with the code the client was told: {len(acknowledged) - len(lost)}"
          f"/{len(acknowledged)}")
    print(f"  intakes stored more than once: {len(duplicated)} (of {len(rows)} stored for {intakes} requested)")
    print(f"  each acknowledged code is its Idempotency-Key's dossier: {len(acknowledged) - len(wrong)}/{len(acknowledged)}")
    print(f"  dossier codes of {UNIT} gap-free and matching the sequence: {'yes' if not gaps else 'NO'}")
    print(f"  audit chain: {'intact' if chain.ok else 'BROKEN'} ({chain.count} events)")
    if len(acknowledged) < intakes:
        findings.append(f"only {len(acknowledged)} of {intakes} intakes acknowledged before the deadline")
    for finding in findings:
        print(f"FINDING: {finding}")
    print("OK" if not findings else "FAILED")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
