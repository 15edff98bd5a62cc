"""`manage.py recompute_stats --unit CP --from 2018-01-01 --to 2018-12-31`: the period's figures from the
audit events alone, compared dossier by dossier with the statistics service; exits 1 on any difference."""
import sys

from django.core.management.base import BaseCommand, CommandError

from motcua.common.errors import DomainError
from motcua.stats.recompute import compare
from motcua.stats.selectors import FIGURES, parse_date
from motcua.units.models import Unit


class Command(BaseCommand):
    help = "Tính lại số liệu thống kê của một kỳ chỉ từ nhật ký sự kiện và đối chiếu với dịch vụ thống kê."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (tính cả các đơn vị trực thuộc)")
        parser.add_argument("--from", dest="date_from", required=True, help="từ ngày YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="đến ngày YYYY-MM-DD (tính cả ngày này)")

    def handle(self, *args, unit, date_from, date_to, **options):
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"Không có đơn vị mã “{unit}”.")
        try:
            result = compare(found, parse_date(date_from, "from"), parse_date(date_to, "to"))
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.detail}") from None
        width = max(len(name) for name in FIGURES)
        days = result.day_counts
        self.stdout.write(f"{'chỉ tiêu'.ljust(width)}  dịch vụ  sự kiện" + ("  theo ngày" if days is not None else ""))
        for name in FIGURES:
            mark = "" if result.service_counts[name] == result.event_counts[name] else "  ≠"
            by_day = ""
            if days is not None:
                by_day = f"  {days[name]:>9}" + ("  ≠ (theo ngày)" if days[name] != result.service_counts[name] else "")
            self.stdout.write(f"{name.ljust(width)}  {result.service_counts[name]:>7}  {result.event_counts[name]:>7}{by_day}{mark}")
        for difference in result.differences:
            self.stdout.write(str(difference))
        failed = False
        if result.differences:
            self.stderr.write(f"{len(result.differences)} khác biệt giữa dịch vụ thống kê và nhật ký sự kiện.")
            failed = True
        if result.day_count_differences:
            self.stderr.write(
                f"Số liệu theo ngày khác số đếm trên hồ sơ ở {len(result.day_count_differences)} chỉ tiêu "
                f"({', '.join(result.day_count_differences)}); chạy `manage.py build_stats_summary` để lập lại."
            )
            failed = True
        if failed:
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("Khớp: 0 khác biệt."))
