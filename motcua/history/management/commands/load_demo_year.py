"""`manage.py load_demo_year [--scenario FILE]`: the seed's year (Cẩm Phả 2018) as generated history, once."""
import time

from django.core.management.base import BaseCommand, CommandError

from motcua.history import generator
from motcua.history.summary import describe


class Command(BaseCommand):
    help = "Nạp năm dữ liệu demo (mặc định Cẩm Phả 2018) sinh theo kịch bản; chạy lại không thêm gì."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", default=None, help="tệp kịch bản JSON (mặc định campha-2018.json)")

    def handle(self, *args, **options):
        try:
            scenario = generator.read_scenario(options["scenario"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được kịch bản: {exc}") from exc
        started = time.monotonic()
        try:
            result = generator.generate(scenario, progress=self.stdout.write)
        except generator.ScenarioError as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            # Every `make run` comes here: answer at once, the figures were printed when the year was loaded.
            self.stdout.write(f"Kịch bản “{scenario['name']}” đã được nạp trước đây: không thêm gì.")
            return
        self.stdout.write(
            f"Đã nạp {result.dossiers} hồ sơ, {result.events} sự kiện trong {time.monotonic() - started:.1f} giây."
        )
        for line in describe(scenario):
            self.stdout.write(line)
