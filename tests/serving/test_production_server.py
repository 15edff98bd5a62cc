"""`make run` serves with gunicorn: several processes, static files, DEBUG off, one shared cache."""
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.processes import installation_env

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _start(tmp_path: Path, workers: int) -> tuple[str, subprocess.Popen]:
    """gunicorn as `make run` starts it, on the suite's database and the shared cache."""
    port = _free_port()
    env = {
        **installation_env(),
        "DATABASE_URL": _database_url(),
        "MOTCUA_CACHE_URL": "db",
        "MOTCUA_DEBUG": "0",
        "MOTCUA_PLAIN_HTTP": "1",
        "MOTCUA_WEB_WORKERS": str(workers),
        "MOTCUA_VAR_DIR": str(tmp_path),
        "MOTCUA_ACCESS_LOG": str(tmp_path / f"access-{port}.log"),
        "PORT": str(port),
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "python:motcua.gunicorn_conf", "motcua.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read().decode())
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("gunicorn did not start")
    return f"http://127.0.0.1:{port}", proc


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    out = proc.communicate(timeout=30)[0].decode()
    assert "Traceback" not in out, out


def _empty_shared_cache() -> None:
    """The servers' cache table, empty: it is not a model's table, so the test database's flush between
    tests leaves it alone (a previous test's lookups would count against this one's limit)."""
    call_command("createcachetable", "motcua_cache", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM motcua_cache")


@pytest.fixture
def server(transactional_db, tmp_path):
    _empty_shared_cache()
    base, proc = _start(tmp_path, workers=2)
    yield base, proc
    _stop(proc)


@pytest.fixture
def two_machines(transactional_db, tmp_path):
    """Two app servers as two machines of a province would run them (docs/deployment.md): separate
    gunicorn masters, one database, one shared cache."""
    _empty_shared_cache()
    started = [_start(tmp_path, workers=1) for _ in range(2)]
    yield [base for base, _ in started]
    for _, proc in started:
        _stop(proc)


def _post_json(url: str, body: dict) -> tuple[int, dict]:
    import json

    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_make_run_server(server):
    """One server started as `make run` starts it (starting one costs seconds, so one test checks all)."""
    base, proc = server

    # pages and static files (whitenoise, cacheable)
    status, _, body = _get(base + "/")
    assert status == 200
    assert "thủ tục".encode() in body.lower()
    status, headers, body = _get(base + "/static/catalog/htmx.min.js")
    assert status == 200 and len(body) > 10_000
    assert "max-age" in headers.get("Cache-Control", "")

    # DEBUG off unless asked: a plain 404 page, no URLconf listing
    status, _, body = _get(base + "/khong-co-trang-nay/")
    assert status == 404
    assert b"URLconf" not in body and b"Traceback" not in body

    # the public lookup limit (30 a minute per client) is counted once for both workers through the
    # shared cache; per-process memory would let up to 60 through
    codes = [_get(f"{base}/api/v1/lookup/KHONG-CO-{i}")[0] for i in range(40)]
    assert codes.count(429) == 10
    assert set(codes) == {404, 429}

    # several worker processes (counted once they have all booted and served)
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(workers) == 2


def test_two_app_servers_share_the_database_and_the_limits(two_machines):
    """Province deployment: what one app server writes the other continues (queue numbers drawn from the
    one database never repeat), and a client's lookup limit is counted once across both servers."""
    from motcua.units.models import Unit, UnitKind
    from motcua.units.services import save_unit

    save_unit(Unit(code="HCC", name="Trung tâm Phục vụ hành chính công", kind=UnitKind.ADMIN_CENTER))
    a, b = two_machines
    labels = []
    for base in (a, b, a, b):
        status, body = _post_json(f"{base}/api/v1/queue/tickets", {"unit": "HCC"})
        assert status == 201, body
        labels.append(body["label"])
    assert labels == ["A001", "A002", "A003", "A004"]

    codes = [_get(f"{base}/api/v1/lookup/KHONG-CO-{i}")[0] for i in range(20) for base in (a, b)]
    assert codes.count(429) == 10 and set(codes) == {404, 429}  # 30 a minute for the client, not per server
