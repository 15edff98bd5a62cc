"""`manage.py generate_dossiers --count N --years 2019,2020 --seed S`: a load of past dossiers for
benchmarks (issue 10), shaped like the demo year and made by the same generator; each year once."""
from django.core.management.base import BaseCommand, CommandError

from motcua.history import generator


class Command(BaseCommand):
    help = "Sinh N hồ sơ đã qua mỗi năm (theo hình dạng năm demo Cẩm Phả 2018) để đo hiệu năng; mỗi năm chỉ một lần."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="số hồ sơ mỗi năm")
        parser.add_argument("--years", default="2019", help="các năm, cách nhau bởi dấu phẩy (mặc định 2019)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, years, seed, **options):
        if count < 1:
            raise CommandError("--count phải là số nguyên dương.")
        try:
            year_list = [int(y) for y in years.split(",") if y.strip()]
        except ValueError as exc:
            raise CommandError("--years: danh sách năm, ví dụ 2019,2020.") from exc
        for i, year in enumerate(year_list):
            scenario = generator.scaled(count, year, seed + i)
            try:
                result = generator.generate(scenario, progress=self.stdout.write)
            except generator.ScenarioError as exc:
                raise CommandError(str(exc)) from exc
            if result.skipped:
                self.stdout.write(f"Năm {year}: đã sinh trước đây, bỏ qua.")
            else:
                self.stdout.write(f"Năm {year}: {result.dossiers} hồ sơ, {result.events} sự kiện.")
