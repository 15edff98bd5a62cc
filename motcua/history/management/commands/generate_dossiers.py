"""`manage.py generate_dossiers --count N --years 2016-2025 --seed S [--workers W]`: N past dossiers over a
span of years for benchmarks (issue 10 item 2), shaped like the demo year (Cẩm Phả 2018) and made by the
same rules — the deadline engine's due instants, codes, the audit chain — streamed day by day (bulk.py,
decision 0029). The same request twice adds nothing the second time."""
import time

from django.core.management.base import BaseCommand, CommandError

from motcua.history import bulk, generator


class Command(BaseCommand):
    help = (
        "Sinh N hồ sơ đã qua trong một khoảng năm (theo hình dạng năm demo Cẩm Phả 2018) để đo hiệu năng; "
        "cùng yêu cầu chạy lại không thêm gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="tổng số hồ sơ (chia đều cho các năm)")
        parser.add_argument(
            "--years", "--span", dest="years", default="2019",
            help="các năm: 2019, 2019,2020 hoặc 2016-2025 (mặc định 2019)",
        )
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--workers", type=int, default=None, help="số tiến trình sinh dữ liệu (mặc định theo số lõi)")

    def handle(self, *args, count, years, seed, workers, **options):
        if count < 1:
            raise CommandError(f"--count phải là số nguyên dương (đã nhận {count}).")
        if workers is not None and workers < 1:
            raise CommandError(f"--workers phải là số nguyên dương (đã nhận {workers}).")
        try:
            year_list = bulk.parse_years(years)
        except bulk.GenerationError as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        try:
            result = bulk.generate(count, year_list, seed, workers=workers, progress=self.stdout.write)
        except (bulk.GenerationError, generator.ScenarioError) as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write(f"{count} hồ sơ các năm {years} (seed {seed}) đã sinh trước đây: bỏ qua, không thêm gì.")
            return
        wall = time.monotonic() - started
        self.stdout.write(
            f"Đã sinh {result.dossiers} hồ sơ, {result.events} sự kiện trong {wall:.1f} giây "
            f"({result.dossiers / wall:,.0f} hồ sơ/giây)."
        )
        for year, n in sorted(result.by_year.items()):
            self.stdout.write(f"  Năm {year}: {n} hồ sơ.")
