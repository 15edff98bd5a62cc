"""The periodic clock (notify.tasks.PERIODIC: deadline watch, outbox sending, national-portal push): every
`interval` seconds it enqueues each periodic task once. Run alone by `manage.py run_scheduler`, or as a
thread inside the task worker by `manage.py run_worker` (one process fewer for `make run`, decision 0051)."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connections
from django.utils import timezone

from motcua.notify.tasks import PERIODIC


def tick(write: Callable[[str], object], write_error: Callable[[str], object]) -> None:
    """Enqueue every periodic task once; one task failing to enqueue does not stop the others."""
    for t in PERIODIC:
        try:
            result = t.enqueue()
            write(f"{timezone.localtime():%H:%M:%S} {t.name}: {result.status}")
        except Exception as exc:  # noqa: BLE001 - the clock must keep going
            write_error(f"{t.name}: {exc}")


def run(
    interval: float,
    write: Callable[[str], object],
    write_error: Callable[[str], object],
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    close_connections: bool = False,
    wait_first: bool = False,
) -> None:
    """Tick now and then every `interval` seconds (measured from each tick's start) until `stop` is set;
    `once`: tick once and return. `close_connections`: close this thread's database connections after
    each tick (a thread beside the worker must not hold one open for a minute doing nothing). `wait_first`:
    the first tick comes after one interval (the caller ticked already)."""
    stop = stop or threading.Event()
    if wait_first and stop.wait(interval):
        return
    while True:
        started = time.monotonic()
        tick(write, write_error)
        if close_connections:
            connections.close_all()
        if once:
            return
        if stop.wait(max(0.0, interval - (time.monotonic() - started))):
            return
