"""`manage.py run_worker`: the task worker (django-tasks-db's `db_worker`, with all its options) with the
periodic clock (notify.clock) as a thread inside it — what `make run` starts beside the web server: one
process of ~130 MB instead of two (decision 0051). `--no-clock` makes it a plain worker: a deployment runs
any number of workers but exactly one clock (docs/deployment.md)."""
import os
import threading

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from motcua.notify import clock


class Command(DbWorkerCommand):
    help = "Chạy tác vụ nền (db_worker) cùng đồng hồ định kỳ: nhắc hạn, báo quá hạn, gửi thông báo."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--clock-interval", type=float, default=60.0, help="giây giữa hai lượt của đồng hồ định kỳ (mặc định 60)"
        )
        parser.add_argument(
            "--no-clock", action="store_true", help="không chạy đồng hồ định kỳ (khi một tiến trình khác đã chạy nó)"
        )

    def handle(self, *args, clock_interval, no_clock, **options):
        stop = threading.Event()
        # With --reload the worker runs in a child process: only that one keeps the clock.
        in_worker = not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if not no_clock and in_worker:
            # The first tick before the worker starts: what it enqueues is there for the worker's first look
            # (and for --batch); then one tick per interval in a thread.
            clock.tick(self.stdout.write, self.stderr.write)
            threading.Thread(
                target=clock.run, args=(clock_interval, self.stdout.write, self.stderr.write),
                kwargs={"stop": stop, "close_connections": True, "wait_first": True}, name="motcua-clock", daemon=True,
            ).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
