"""`manage.py backup OUTPUT`: one archive with the database, the uploaded files, the audit anchors and a
manifest (docs/operations.md)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from motcua.common.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp tải lên và mốc neo kiểm toán vào một tệp .tar.gz (kèm bản kê manifest.json)."

    def add_arguments(self, parser):
        parser.add_argument("output", help="tệp sao lưu sẽ tạo, ví dụ /srv/backup/motcua-2026-12-02.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = make_backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"Không đọc được cơ sở dữ liệu (DATABASE_URL): {exc}") from exc
        audit = manifest["audit"]
        media = sum(name.startswith("media/") for name in manifest["files"])
        self.stdout.write(
            f"Đã sao lưu vào {options['output']}: cơ sở dữ liệu {manifest['database']['vendor']}, "
            f"{sum(manifest['counts'].values())} bản ghi ({manifest['counts'].get('dossiers.Dossier', 0)} hồ sơ), "
            f"{media} tệp tải lên, {audit['events']} sự kiện kiểm toán (đầu chuỗi {audit['head_id']}), "
            f"{audit['anchors']} mốc neo; khóa bí mật: {manifest['secret_key']}."
        )
        if not audit["chain_intact"] or not audit["anchors_match"]:
            self.stderr.write(
                "CẢNH BÁO: chuỗi kiểm toán không toàn vẹn hoặc không khớp mốc neo ngay lúc sao lưu "
                "(chạy manage.py verify_audit_chain); bản sao lưu vẫn được giữ làm bằng chứng."
            )
