"""`manage.py build_stats_summary [--if-pending]`: rebuild the statistics' day counts from every dossier and
its events (decision 0054), and print how long it took and how many rows it wrote. `--if-pending` does it
only when the migration that introduced them found dossiers already stored (`make run` / `make migrate`)."""
import time

from django.core.management.base import BaseCommand

from motcua.stats.summary import is_complete, rebuild


class Command(BaseCommand):
    help = "Lập lại bảng số liệu thống kê theo ngày từ toàn bộ hồ sơ và nhật ký sự kiện."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-pending", action="store_true", help="chỉ lập khi bảng chưa đủ (lần đầu sau khi nâng cấp)"
        )

    def handle(self, *args, if_pending=False, **options):
        if if_pending and is_complete():
            return
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Đã lập {rows} dòng số liệu theo ngày trong {time.perf_counter() - started:.1f} giây."))
