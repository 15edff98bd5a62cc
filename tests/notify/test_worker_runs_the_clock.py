"""`manage.py run_worker` (what `make run` starts beside the web server): the task worker with the periodic
clock inside it — the clock's first tick is there for the worker's first look, the next ones come from its
thread every interval, and the process stops on SIGTERM like a plain `db_worker` (decision 0051).
Run as an installation runs it: a child process on its own SQLite file with the database task backend."""
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from motcua.notify.tasks import PERIODIC
from tests.processes import installation_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("worker")
    env = installation_env(
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        MOTCUA_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        MOTCUA_VAR_DIR=str(var),
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    return env


def _manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def _ran(done: subprocess.CompletedProcess, name: str) -> int:
    """How many times the worker ran the task to success (its log goes to the configured handler)."""
    output = done.stdout + done.stderr
    return sum(1 for line in output.splitlines() if f".{name} state=SUCCESSFUL" in line)


def test_the_first_tick_is_run_by_the_worker_itself(worker_env):
    done = _manage(worker_env, "run_worker", "--batch", "--no-startup-delay")
    assert done.returncode == 0, done.stderr
    for t in PERIODIC:
        assert f"{t.name}: READY" in done.stdout
        assert _ran(done, t.name) == 1, done.stderr


def test_the_clock_thread_ticks_again_every_interval(worker_env):
    # Two ticks' tasks: the worker stops after running both rounds, which only the thread can have enqueued.
    done = _manage(
        worker_env, "run_worker", "--no-startup-delay", "--clock-interval", "1", "--interval", "0.2",
        "--max-tasks", str(2 * len(PERIODIC)),
    )
    assert done.returncode == 0, done.stderr
    for t in PERIODIC:
        assert _ran(done, t.name) == 2, done.stderr


def test_no_clock_makes_a_plain_worker(worker_env):
    done = _manage(worker_env, "run_worker", "--batch", "--no-startup-delay", "--no-clock")
    assert done.returncode == 0, done.stderr
    assert "READY" not in done.stdout  # the clock's ticks print the tasks it enqueued
    assert "Starting worker" in done.stdout + done.stderr


def test_sigterm_stops_the_worker_and_its_clock(worker_env):
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--clock-interval", "3600"],
        cwd=ROOT, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        seen = ""
        while "Starting worker" not in seen and time.monotonic() < deadline:
            seen += proc.stdout.readline()
        assert "Starting worker" in seen, seen
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
