"""`manage.py load_demo_city`: the demo city of Cẩm Phả (idempotent; accounts only in demo mode)."""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from motcua.common.errors import DomainError
from motcua.demo.services import load_demo_city, load_demo_reorganisation_2025


class Command(BaseCommand):
    help = "Nạp thành phố demo Cẩm Phả: đơn vị, lịch làm việc, thủ tục và (ở chế độ demo) tài khoản demo."

    def handle(self, *args, **options):
        try:
            report = load_demo_city()
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        units, procedures = report.units, report.procedures
        self.stdout.write(
            f"Đơn vị: {units.get('created', 0)} mới, {units.get('updated', 0)} cập nhật. "
            f"Thủ tục: {procedures.created} mới, {procedures.new_versions} phiên bản mới, "
            f"{procedures.unchanged} không đổi."
        )
        if settings.DEMO_MODE:
            self.stdout.write(
                f"Tài khoản demo: {report.accounts_created} mới, {report.accounts_updated} cập nhật "
                "(chỉ có ở chế độ demo)."
            )
        else:
            self.stdout.write("Không tạo tài khoản demo (MOTCUA_DEMO không bật).")
        if report.signing_certificate:
            self.stdout.write(f"Chứng thư số demo ký kết quả điện tử: {settings.MOTCUA_ESIGN_CERT}.")
        # The generated year is demo data: only in demo mode, and not when MOTCUA_DEMO_YEAR=0.
        if settings.DEMO_MODE and settings.DEMO_YEAR:
            call_command("load_demo_year", stdout=self.stdout)
        else:
            self.stdout.write("Không nạp năm dữ liệu 2018 (chỉ ở chế độ demo, và không khi MOTCUA_DEMO_YEAR=0).")
        # Then the change of 1 July 2025: after the year, so that dossiers still open are handed over too.
        if settings.DEMO_REORGANISATION_2025:
            try:
                change = load_demo_reorganisation_2025()
            except DomainError as exc:
                raise CommandError(exc.detail) from exc
            self.stdout.write(
                f"Sắp xếp đơn vị từ 01/07/2025 (Nghị quyết 1679/NQ-UBTVQH15): {change['ended']} đơn vị chấm dứt, "
                f"{change['handed_over']} hồ sơ bàn giao cho đơn vị kế thừa."
            )
        else:
            self.stdout.write("Không nạp sắp xếp đơn vị từ 01/07/2025 (MOTCUA_DEMO_2025=0).")
