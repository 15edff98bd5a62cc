"""The electronic result (docs/decisions/0043): when the desk takes in a result (`resolve`) with its files, each
file is stamped ("Bản điện tử đã ký số", the unit, the dossier code, the date, a QR code of the public
verification page) and signed PAdES with the unit's certificate — inside the resolve's own transaction, so that
a result is taken in with its signed copy or not at all. And the public check of a PDF someone holds.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.common.errors import DomainError, ValidationFailed

from . import signing
from .models import SignedResult

logger = logging.getLogger(__name__)


class SigningFailed(DomainError):
    """The unit's certificate is configured but cannot sign now: nobody at the desk can fix it."""

    status = 503
    type = "https://motcua.vn/problems/signing-unavailable"
    title = _("Chưa ký số được kết quả")


def verification_url(token: str) -> str:
    """The public page a result's QR code points to (settings.MOTCUA_PUBLIC_URL: the address people reach)."""
    return settings.MOTCUA_PUBLIC_URL + reverse("esign:verify", args=[token])


def sign_result_files(dossier, event, attachments, written: list[str]) -> list[SignedResult]:
    """The signed copy of each file of a `resolve` (inside its transaction; `written` collects the stored names
    that transition deletes again if the transaction fails). A PDF is signed as it is; a scan (JPEG, PNG) is
    first made into a one-page PDF. Nothing is signed when no certificate is configured (results stay as
    uploaded). A file that cannot be signed refuses the whole resolve, with the reason."""
    if not attachments:
        return []
    try:
        material = signing.load_material()
    except signing.SigningUnavailable as exc:
        logger.error("esign: the signing certificate cannot be used: %s", exc)
        raise SigningFailed(gettext(
            "Chưa ký số được kết quả điện tử: chứng thư số của đơn vị chưa dùng được (hết hạn, sai mật khẩu hoặc "
            "thiếu tệp). Hồ sơ chưa thay đổi; hãy báo quản trị hệ thống."
        )) from exc
    if material is None:
        return []
    unit = dossier.current_unit  # the one-stop desk that takes in and hands out the result
    rows = []
    for attachment in attachments:
        rows.append(_sign_one(dossier, unit, attachment, material, written))
    return rows


def _sign_one(dossier, unit, attachment, material, written: list[str]) -> SignedResult:
    with attachment.file.open("rb") as handle:
        content = handle.read()
    now = timezone.now()
    token = secrets.token_urlsafe(24)
    stamp = signing.Stamp(
        unit_name=unit.name, dossier_code=dossier.ref, signed_at=timezone.localtime(now), url=verification_url(token)
    )
    try:
        if attachment.content_type != "application/pdf":
            content = signing.image_to_pdf(content)
        signed = signing.sign_pdf(content, stamp, material)
    except signing.UnreadablePdf as exc:
        logger.warning("esign: %s of %s not signed: %s", attachment.original_name, dossier.ref, exc)
        raise ValidationFailed(gettext(
            "Không ký số được tệp kết quả “%(name)s”: tệp bị hỏng, có mật khẩu hoặc không cho phép thêm chữ ký. "
            "Hãy xuất lại tệp PDF (hoặc quét lại) rồi thực hiện lại; hồ sơ chưa thay đổi."
        ) % {"name": attachment.original_name}, field="result_files") from exc
    except signing.SigningUnavailable as exc:
        logger.error("esign: %s", exc)
        raise SigningFailed(gettext(
            "Chưa ký số được kết quả điện tử: thiếu phông chữ của dấu ký số trên máy chủ. Hồ sơ chưa thay đổi; "
            "hãy báo quản trị hệ thống."
        )) from exc
    row = SignedResult(
        dossier=dossier, source=attachment, filename=f"{Path(attachment.original_name).stem[:200]}-ky-so.pdf",
        size=len(signed), sha256=signing.sha256(signed), token=token, unit=unit, unit_name=unit.name,
        signer_subject=material.subject[:500], signer_serial=material.serial[:80], signed_at=now,
    )
    row.file.save(row.filename, ContentFile(signed), save=False)
    written.append(row.file.name)
    row.save()
    return row


# -- the public check of a PDF -------------------------------------------------------------------------------
@dataclass(frozen=True)
class UploadCheck:
    sha256: str
    issued: SignedResult | None  # the result we issued that is exactly this file
    readable: bool
    signatures: list  # signing.SignatureCheck

    @property
    def verdict(self) -> str:
        """issued (ours, unchanged, signature sound) | signed_elsewhere (a sound signature, not a file we
        issued) | invalid (a signature broken or the file changed after it) | unsigned | unreadable."""
        if not self.readable:
            return "unreadable"
        if not self.signatures:
            return "unsigned"
        if not all(s.good for s in self.signatures):
            return "invalid"
        return "issued" if self.issued is not None else "signed_elsewhere"


def check_upload(content: bytes) -> UploadCheck:
    digest = signing.sha256(content)
    issued = (
        SignedResult.objects.filter(sha256=digest)
        .select_related("dossier__procedure", "dossier__procedure_version").first()
    )
    signatures = signing.check_signatures(content)
    return UploadCheck(digest, issued, signatures is not None, signatures or [])


def stored_file_intact(result: SignedResult) -> bool:
    """The signed file kept on the server still hashes as when it was issued."""
    try:
        with result.file.open("rb") as handle:
            return signing.sha256(handle.read()) == result.sha256
    except OSError:
        return False


def ensure_demo_certificate(unit_name: str) -> bool:
    """The demo CA and the center's certificate at the PEM paths of the settings, when missing (demo mode)."""
    if settings.MOTCUA_ESIGN_PKCS12:
        return False
    return signing.make_demo_certificate(
        Path(settings.MOTCUA_ESIGN_KEY), Path(settings.MOTCUA_ESIGN_CERT), Path(settings.MOTCUA_ESIGN_CHAIN),
        unit_name=unit_name,
    )
