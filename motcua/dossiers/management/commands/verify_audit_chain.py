"""Recompute the audit hash chain of every dossier event; exit 1 naming the first broken event."""
import sys

from django.core.management.base import BaseCommand

from motcua.dossiers.audit import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của chuỗi kiểm toán hồ sơ."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"Chuỗi kiểm toán toàn vẹn: {report.count} sự kiện")
            return
        self.stderr.write(
            f"Chuỗi kiểm toán bị phá vỡ tại sự kiện {report.broken_id} (hồ sơ {report.broken_dossier or '?'}): "
            f"{report.reason}"
        )
        sys.exit(1)
