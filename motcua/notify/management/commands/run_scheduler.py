"""The periodic clock alone: every minute, enqueue the deadline watch, the outbox sending and the
national-portal push (notify.clock). `manage.py run_worker` runs the same clock inside the task worker.

With the immediate backend the tasks run in this process; with a database backend a worker runs them."""
from django.core.management.base import BaseCommand

from motcua.notify import clock


class Command(BaseCommand):
    help = "Chạy định kỳ: nhắc hạn, báo quá hạn, dự thảo phiếu xin lỗi, gửi thông báo."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="giây giữa hai lượt (mặc định 60)")
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi dừng")

    def handle(self, *args, interval, once, **options):
        clock.run(interval, self.stdout.write, self.stderr.write, once=once)
