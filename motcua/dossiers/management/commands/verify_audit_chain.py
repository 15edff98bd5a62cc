"""Recompute the audit hash chains (dossier events, and configuration changes: decision 0023) and compare
them with the anchors kept outside the database; exit 1 naming the first event that is broken or no
longer matches."""
import sys

from django.core.management.base import BaseCommand

from motcua.audit.models import ChangeEvent
from motcua.audit.services import verify_chain as verify_change_chain
from motcua.dossiers.anchors import verify_anchors
from motcua.dossiers.audit import chain_label, verify_chain
from motcua.dossiers.models import DossierEvent


class Command(BaseCommand):
    help = (
        "Kiểm tra tính toàn vẹn của chuỗi kiểm toán hồ sơ và nhật ký thay đổi cấu hình, "
        "đối chiếu với các mốc neo ngoài cơ sở dữ liệu."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            self.stderr.write(
                f"Chuỗi kiểm toán {chain_label(report.chain)} bị phá vỡ tại sự kiện {report.broken_id} "
                f"(hồ sơ {report.broken_dossier or '?'}): {report.reason}"
            )
            sys.exit(1)
        changes = verify_change_chain()
        if not changes.ok:
            self.stderr.write(
                f"Nhật ký thay đổi cấu hình bị phá vỡ tại sự kiện cấu hình {changes.broken_id} "
                f"({changes.broken_object or '?'}): {changes.reason}"
            )
            sys.exit(1)
        anchors = verify_anchors()
        if not anchors.ok:
            if anchors.mismatch_id is not None:
                code, chain = (
                    DossierEvent.objects.filter(pk=anchors.mismatch_id).values_list("dossier__code", "chain").first()
                    or (None, None)
                )
                where = f" {chain_label(chain)}" if chain is not None else ""
                self.stderr.write(
                    f"Chuỗi kiểm toán{where} không khớp mốc neo tại sự kiện {anchors.mismatch_id} "
                    f"(hồ sơ {code or '?'}): {anchors.reason}"
                )
            elif anchors.change_mismatch_id is not None:
                label = (
                    ChangeEvent.objects.filter(pk=anchors.change_mismatch_id)
                    .values_list("object_repr", flat=True).first()
                )
                self.stderr.write(
                    f"Nhật ký thay đổi cấu hình không khớp mốc neo tại sự kiện cấu hình {anchors.change_mismatch_id} "
                    f"({label or '?'}): {anchors.reason}"
                )
            else:
                self.stderr.write(f"Tệp mốc neo không tin cậy được: {anchors.reason}")
            sys.exit(1)
        self.stdout.write(
            f"Chuỗi kiểm toán toàn vẹn: {report.count} sự kiện; khớp {anchors.anchors} mốc neo "
            f"({anchors.checked} sự kiện đã neo); {report.chains} chuỗi theo đơn vị tiếp nhận"
        )
        self.stdout.write(
            f"Nhật ký thay đổi cấu hình toàn vẹn: {changes.count} sự kiện ({anchors.changes_checked} sự kiện đã neo)"
        )
