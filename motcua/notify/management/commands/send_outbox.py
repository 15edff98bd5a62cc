"""Send the notifications that are due now (once), e.g. from cron; `run_scheduler` does it every minute."""
from django.core.management.base import BaseCommand

from motcua.notify import services


class Command(BaseCommand):
    help = "Gửi các thông báo đang chờ trong hộp thư đi (thư điện tử, SMS)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        r = services.send_pending(limit)
        self.stdout.write(f"Đã gửi {r.sent}, gửi lại sau {r.retried}, không thành công {r.failed}.")
