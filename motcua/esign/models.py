"""The electronic result (Decree 45/2020, art. 18 and 22): the result file taken in with `resolve`, stamped and
signed PAdES by the unit (motcua.esign.services). Written once, never changed (docs/decisions/0043)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


def signed_result_path(instance, filename):
    # Random names on disk, as the dossier's own files (dossiers.models.attachment_path).
    import uuid

    from django.utils import timezone

    return f"ket-qua-ky-so/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}.pdf"


class SignedResult(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="signed_results"
    )
    # The file the desk took in (a PDF, or a scan made into a one-page PDF): one signed result each.
    source = models.OneToOneField(
        "dossiers.Attachment", verbose_name=_("tệp kết quả gốc"), on_delete=models.PROTECT, related_name="signed_result"
    )
    file = models.FileField(_("tệp đã ký số"), upload_to=signed_result_path, max_length=255)
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    # Of the signed file as handed out: an uploaded copy is "exactly what we issued" when it hashes the same.
    sha256 = models.CharField(_("mã SHA-256"), max_length=64, db_index=True)
    # Printed in the stamp's QR code: /xac-thuc-ket-qua/<token>/ (random, unguessable).
    token = models.CharField(_("mã xác thực"), max_length=64, unique=True)
    # The unit that issued it, as named on the day it was signed (units are renamed and merged).
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị trả kết quả"), on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("tên đơn vị trả kết quả"), max_length=255)
    signer_subject = models.CharField(_("người ký (chứng thư số)"), max_length=500)
    signer_serial = models.CharField(_("số hiệu chứng thư số"), max_length=80)
    signed_at = models.DateTimeField(_("ký số lúc"))

    class Meta:
        verbose_name = _("kết quả điện tử ký số")
        verbose_name_plural = _("kết quả điện tử ký số")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
