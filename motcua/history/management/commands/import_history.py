"""`manage.py import_history FILE [EVENTS.csv] [--as USERNAME]`: past dossiers from an old system's export."""
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.common.errors import DomainError
from motcua.dossiers.services import may_import_history
from motcua.history.importing import format_error, import_history


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ đã qua và các thao tác của chúng từ tệp Excel (trang “Hồ sơ” và “Sự kiện”) hoặc hai tệp CSV; "
        "cả tệp hoặc không gì cả; tệp đã nhập được nhận ra và bỏ qua."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="một tệp .xlsx, hoặc hai tệp .csv: hồ sơ rồi sự kiện")
        parser.add_argument(
            "--as", dest="username", default=None,
            help="tài khoản được phép nhập dữ liệu lịch sử (mặc định: quản trị hệ thống đầu tiên)",
        )

    def handle(self, *args, files, username, **options):
        if username:
            importer = User.objects.filter(username=username, is_active=True).first()
        else:
            importer = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        if importer is None or not may_import_history(importer):
            raise CommandError("Cần một tài khoản được phép nhập dữ liệu lịch sử (--as).")
        try:
            report = import_history(files, importer=importer)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        except DomainError as exc:
            lines = [format_error(e) for e in exc.errors] or [exc.detail]
            raise CommandError("Không nhập gì. " + " | ".join(lines)) from exc
        if report.skipped:
            self.stdout.write(f"Tệp này đã được nhập trước đây (sha256 {report.file_hash[:12]}…): bỏ qua.")
        else:
            self.stdout.write(f"Đã nhập {report.dossiers} hồ sơ, {report.events} sự kiện (sha256 {report.file_hash[:12]}…).")
