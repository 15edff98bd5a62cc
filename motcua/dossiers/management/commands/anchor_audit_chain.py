"""Write an anchor of the audit chain now (the periodic clock writes one every MOTCUA_AUDIT_ANCHOR_EVERY)."""
from django.core.management.base import BaseCommand

from motcua.dossiers.anchors import write_anchor


class Command(BaseCommand):
    help = "Ghi mốc neo chuỗi kiểm toán ra tệp chỉ-ghi-thêm (và gửi thư cho kiểm toán viên nếu có cấu hình)."

    def handle(self, *args, **options):
        record = write_anchor(force=True)
        self.stdout.write(
            f"Mốc neo số {record['seq']}: {len(record['events'])} sự kiện mới, sự kiện cuối {record['last_id']}, "
            f"hash {record['head_hash'][:16]}…; {len(record['changes']['events'])} thay đổi cấu hình mới"
        )
