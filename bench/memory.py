"""The memory of the whole `make run` (issue 10: ≤ 400 MB; one app worker ≤ 150 MB), measured as the
processes an installation runs: `make run` itself, on a free port, on the project's own database (the demo
city; `make run` migrates and loads it if it is not there yet).

    .venv/bin/python bench/memory.py [--rounds 3]

For each configuration — the app loaded once in gunicorn's master and shared by the forked workers (the
default, decision 0051) and, as the baseline of the same run, each worker loading the app itself
(`MOTCUA_WEB_PRELOAD=0`) — it starts `make run`, waits for the home page, reads every process's memory
(idle), then signs in as three demo accounts and opens the heavy pages (worklists, a dossier, its forms as
PDF, the leaders' statistics, the admin, the public pages) `--rounds` times and reads it again (warm).

Two sums are printed: RSS, which counts a page shared by several processes once in each of them, and PSS
(proportional set size, /proc/PID/smaps_rollup), which shares each page out between the processes that map
it, so that the sum is the memory the processes take from the machine. Linux only.
"""
from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "MotCua@2018"  # the demo accounts' (../shared/data/demo-accounts.json, loaded only in demo mode)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError):
                children.setdefault(_parent(int(name)), []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _memory(pid: int) -> tuple[str, float, float] | None:
    """(command, RSS MB, PSS MB) of a Python process of the tree, None for the shell and make."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        command = b" ".join(argv).decode().strip()
        parent = Path(f"/proc/{_parent(pid)}/cmdline").read_bytes().split(b"\0")[:2]
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if parts and parts[0] in ("Rss:", "Pss:"):
                fields[parts[0][:-1]] = int(parts[1]) / 1024
    except OSError:
        return None
    if "python" not in argv[0].decode() and "gunicorn" not in argv[0].decode():
        return None  # the shell and make
    if "gunicorn" in command:
        name = "web worker" if any(b"gunicorn" in arg for arg in parent) else "gunicorn master"
    else:
        name = " ".join(command.split("manage.py", 1)[-1].split()[:1]) or command[:40]
    return name, fields.get("Rss", 0.0), fields.get("Pss", 0.0)


def _read(root: int) -> list[tuple[str, float, float]]:
    return [m for pid in _tree(root) if (m := _memory(pid))]


def _get(opener, url: str) -> tuple[int, bytes]:
    try:
        with opener.open(url, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _signed_in(base: str, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, html = _get(opener, base + "/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}).encode()
    opener.open(urllib.request.Request(base + "/dang-nhap/", data=data, headers={"Referer": base + "/dang-nhap/"})).read()
    return opener


def _warm(base: str) -> int:
    """Open the heavy pages as three demo accounts and the public; the number of pages that answered 200."""
    ok = 0
    for username, paths in (
        ("tiepnhan.hcc", ["/can-bo/", "/can-bo/?tab=all", "/can-bo/quay/"]),
        ("giamdoc.hcc", ["/can-bo/thong-ke/", "/can-bo/", "/quan-tri/"]),
        ("chuyenvien.qldt", ["/can-bo/"]),
    ):
        opener = _signed_in(base, username)
        for path in paths:
            status, body = _get(opener, base + path)
            ok += status == 200
            for link in sorted(set(re.findall(rb'href="(/can-bo/ho-so/[^"?#]+/)"', body)))[:2]:
                status, page = _get(opener, base + link.decode())
                ok += status == 200
                for form in sorted(set(re.findall(rb'href="([^"]+/mau-[^"]+)"', page)))[:2]:
                    ok += _get(opener, base + form.decode())[0] == 200
    public = urllib.request.build_opener()
    for path in ("/", "/thu-tuc/", "/tra-cuu/", "/thong-ke/", "/tin-tuc/", "/api/v1/procedures"):
        ok += _get(public, base + path)[0] == 200
    return ok


def measure(preload: bool, rounds: int) -> dict:
    port = _free_port()
    env = {**os.environ, "MOTCUA_WEB_PRELOAD": "1" if preload else "0", "PORT": str(port)}
    log = open(ROOT / "var" / "log" / "bench-memory.log", "wb")  # noqa: SIM115 - closed with the server
    make = subprocess.Popen(
        ["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if _get(urllib.request.build_opener(), base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            raise SystemExit("make run did not answer within 10 minutes: see var/log/bench-memory.log")
        time.sleep(5)  # the worker's first tasks
        idle = _read(make.pid)
        pages = sum(_warm(base) for _ in range(rounds))
        time.sleep(2)
        warm = _read(make.pid)
        return {"preload": preload, "idle": idle, "warm": warm, "pages": pages}
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        try:
            make.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
        log.close()


def _line(rows: list[tuple[str, float, float]]) -> str:
    parts = ", ".join(f"{name} {rss:.0f}/{pss:.0f}" for name, rss, pss in rows)
    return f"RSS {sum(r[1] for r in rows):.0f} MB, PSS {sum(r[2] for r in rows):.0f} MB ({parts}; each RSS/PSS MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the heavy pages before the warm reading")
    parser.add_argument("--json", action="store_true", help="print the readings as JSON too")
    args = parser.parse_args()
    runs = [measure(True, args.rounds), measure(False, args.rounds)]
    for run in runs:
        label = "app shared by the workers (default)" if run["preload"] else "each worker loads the app (baseline)"
        print(f"{label}:")
        print(f"  idle: {_line(run['idle'])}")
        print(f"  warm ({run['pages']} pages): {_line(run['warm'])}")
    shared, own = (sum(r[2] for r in run["warm"]) for run in runs)
    print(f"warm PSS: {shared:.0f} MB vs {own:.0f} MB: ×{shared / own:.2f}")
    if args.json:
        json.dump(runs, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
