"""The periodic clock: every minute, enqueue the deadline watch and the outbox sending (django-tasks).

With the immediate backend the tasks run in this process; with a database backend a `db_worker` runs them.
"""
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.notify.tasks import PERIODIC


class Command(BaseCommand):
    help = "Chạy định kỳ: nhắc hạn, báo quá hạn, dự thảo phiếu xin lỗi, gửi thông báo."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="giây giữa hai lượt (mặc định 60)")
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi dừng")

    def handle(self, *args, interval, once, **options):
        while True:
            started = time.monotonic()
            for t in PERIODIC:
                try:
                    result = t.enqueue()
                    self.stdout.write(f"{timezone.localtime():%H:%M:%S} {t.name}: {result.status}")
                except Exception as exc:  # one task failing to enqueue must not stop the clock
                    self.stderr.write(f"{t.name}: {exc}")
            if once:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
