"""`manage.py export_procedures PATH`: export the current catalog to a .json or .xlsx file."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.exporting import export_json, export_xlsx
from motcua.catalog.selectors import current_procedures


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính (phiên bản đang áp dụng) ra tệp .json hoặc .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .json hoặc .xlsx sẽ ghi")

    def handle(self, *args, path, **options):
        file = Path(path)
        suffix = file.suffix.lower()
        if suffix not in (".json", ".xlsx"):
            raise CommandError("Chỉ xuất được ra tệp .json hoặc .xlsx.")
        procedures = current_procedures()
        data = export_json(procedures) if suffix == ".json" else export_xlsx(procedures)
        file.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {procedures.count()} thủ tục ra {file}."))
