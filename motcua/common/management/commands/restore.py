"""`manage.py restore ARCHIVE`: put an archive of `manage.py backup` back (docs/operations.md)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.common.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu, tệp tải lên và mốc neo từ một bản sao lưu. Từ chối ghi đè nơi đã có dữ liệu "
        "nếu không có --force. Sau đó chạy manage.py verify_restore với cùng bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp do manage.py backup tạo")
        parser.add_argument(
            "--force", action="store_true",
            help="thay cơ sở dữ liệu đang có dữ liệu (tệp cũ được đổi tên để riêng, không bị xóa)",
        )

    def handle(self, *args, **options):
        try:
            restore_backup(Path(options["archive"]), force=options["force"], say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "Khôi phục xong. Khởi động lại ứng dụng (khóa bí mật có thể đã đổi), rồi kiểm tra: "
            f"manage.py verify_restore {options['archive']}"
        )
