"""Load the national calendar 2018–2027 (idempotent) and propose later years from the holidays package."""
from django.core.management.base import BaseCommand

from motcua.workdays import services


class Command(BaseCommand):
    help = "Nạp lịch nghỉ 2018–2027 từ tệp dùng chung; --propose NĂM đề xuất lịch năm sau (chưa xác nhận)."

    def add_arguments(self, parser):
        parser.add_argument("--propose", type=int, action="append", default=[], metavar="YEAR")

    def handle(self, *args, propose, **options):
        created = services.seed_calendar()
        self.stdout.write(f"Đã nạp: {', '.join(map(str, created)) or 'không có năm mới'}.")
        for year in propose:
            services.propose_year(year)
            self.stdout.write(f"Đã đề xuất lịch năm {year} (chưa xác nhận): hãy bổ sung ngày làm bù và xác nhận.")
