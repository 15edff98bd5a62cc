"""Recompute the audit hash chain and compare it with the anchors kept outside the database;
exit 1 naming the first event that is broken or no longer matches."""
import sys

from django.core.management.base import BaseCommand

from motcua.dossiers.anchors import verify_anchors
from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import DossierEvent


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của chuỗi kiểm toán hồ sơ và đối chiếu với các mốc neo ngoài cơ sở dữ liệu."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            self.stderr.write(
                f"Chuỗi kiểm toán bị phá vỡ tại sự kiện {report.broken_id} (hồ sơ {report.broken_dossier or '?'}): "
                f"{report.reason}"
            )
            sys.exit(1)
        anchors = verify_anchors()
        if not anchors.ok:
            if anchors.mismatch_id is None:
                self.stderr.write(f"Tệp mốc neo không tin cậy được: {anchors.reason}")
            else:
                code = (
                    DossierEvent.objects.filter(pk=anchors.mismatch_id).values_list("dossier__code", flat=True).first()
                )
                self.stderr.write(
                    f"Chuỗi kiểm toán không khớp mốc neo tại sự kiện {anchors.mismatch_id} (hồ sơ {code or '?'}): "
                    f"{anchors.reason}"
                )
            sys.exit(1)
        self.stdout.write(
            f"Chuỗi kiểm toán toàn vẹn: {report.count} sự kiện; khớp {anchors.anchors} mốc neo "
            f"({anchors.checked} sự kiện đã neo)"
        )
