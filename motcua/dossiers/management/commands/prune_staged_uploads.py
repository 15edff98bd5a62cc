"""`manage.py prune_staged_uploads`: remove scans kept for intake forms that were never submitted again."""
from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.dossiers.staging import prune


class Command(BaseCommand):
    help = "Xóa các tệp quét tạm giữ cho biểu mẫu tiếp nhận quá thời hạn (mặc định 24 giờ)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args, hours, **options):
        removed = prune(older_than=timedelta(hours=hours))
        self.stdout.write(f"Đã xóa {removed} tệp tạm.")
