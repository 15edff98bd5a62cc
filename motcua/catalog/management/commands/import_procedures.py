"""`manage.py import_procedures PATH`: import the catalog from a .json or .xlsx file (all or nothing)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importing import format_error, import_file
from motcua.common.errors import DomainError


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp .json hoặc .xlsx (lỗi ở bất kỳ dòng nào: không nhập gì)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .json hoặc .xlsx")
        parser.add_argument("--every", type=int, default=10, help="in tiến độ sau mỗi N thủ tục (mặc định 10)")

    def handle(self, *args, path, every, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        every = max(1, every)

        def progress(done, total):
            if done % every == 0 or done == total:
                self.stdout.write(f"Đang nhập: {done}/{total}")

        try:
            data = file.read_bytes()
            report = import_file(file.name, data, progress=progress)
        except DomainError as exc:
            for error in exc.errors:
                self.stderr.write(format_error(error) if isinstance(error, dict) else str(error))
            count = len(exc.errors)
            raise CommandError(f"Không nhập được: {count} lỗi." if count else exc.detail) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {len(report.codes)} thủ tục: {report.created} mới, "
                f"{report.new_versions} phiên bản mới, {report.unchanged} không đổi."
            )
        )
