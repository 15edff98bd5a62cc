"""`manage.py verify_restore ARCHIVE`: the installation as configured against the archive's manifest —
files, row counts, audit chain and anchors, statistics; exit 1 naming the first difference."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.common.backup import VerifyError, verify_restored


class Command(BaseCommand):
    help = (
        "Kiểm tra bản đã khôi phục so với bản kê của bản sao lưu: tệp (sha256), số bản ghi, chuỗi kiểm toán và "
        "mốc neo, số liệu thống kê. Mã thoát 1 và nêu điểm khác đầu tiên nếu không khớp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp do manage.py backup tạo")
        parser.add_argument(
            "--archive-only", action="store_true",
            help="chỉ kiểm tra bản sao lưu tự nó nguyên vẹn (mọi tệp khớp bản kê), không so với cơ sở dữ liệu",
        )

    def handle(self, *args, **options):
        try:
            verify_restored(Path(options["archive"]), say=self.stdout.write, archive_only=options["archive_only"])
        except VerifyError as exc:
            self.stderr.write(f"KHÔNG KHỚP: {exc}")
            sys.exit(1)
        self.stdout.write("Bản khôi phục khớp bản sao lưu." if not options["archive_only"] else "Bản sao lưu dùng được.")
