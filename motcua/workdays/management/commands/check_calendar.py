"""Exit non-zero when an open deadline or the next 60 days fall in a year whose calendar is not confirmed."""
from django.core.management.base import BaseCommand, CommandError

from motcua.workdays.selectors import CHECK_DAYS_AHEAD, calendar_problems


class Command(BaseCommand):
    help = "Kiểm tra lịch làm việc: báo lỗi (mã thoát khác 0) khi năm cần dùng chưa được xác nhận."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=CHECK_DAYS_AHEAD, help="số ngày tới cần có lịch xác nhận")

    def handle(self, *args, days, **options):
        problems = calendar_problems(days_ahead=days)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError("Lịch làm việc cần được quản trị viên bổ sung và xác nhận.", returncode=1)
        self.stdout.write("Lịch làm việc: các năm cần dùng đều đã xác nhận.")
