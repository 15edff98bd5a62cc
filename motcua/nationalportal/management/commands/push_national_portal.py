"""Push the notices due to the National Public Service Portal now (once), or, with --status, count them."""
from django.core.management.base import BaseCommand

from motcua.nationalportal import services


class Command(BaseCommand):
    help = "Đẩy các thông báo trạng thái hồ sơ đang chờ lên Cổng Dịch vụ công quốc gia (--status: chỉ đếm)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)
        parser.add_argument("--status", action="store_true", help="in số thông báo đang chờ, đã đẩy, bị từ chối")

    def handle(self, *args, limit, status, **options):
        if status:
            c = services.counts()
            self.stdout.write(
                f"Đang chờ: {c['pending']}; đã đẩy: {c['sent']}; bị từ chối: {c['failed']}."
                + ("" if services.enabled() else " (Chưa bật đồng bộ: MOTCUA_DVCQG_ENABLED.)")
            )
            return
        if not services.enabled():
            self.stdout.write("Chưa bật đồng bộ với Cổng Dịch vụ công quốc gia (MOTCUA_DVCQG_ENABLED).")
            return
        r = services.send_pending(limit)
        self.stdout.write(f"Đã đẩy {r.sent}, đẩy lại sau {r.retried}, bị từ chối {r.failed}.")
