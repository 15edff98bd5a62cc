"""Uploaded files of a dossier: checked by content (PDF, JPEG, PNG; at most 20 MB), stored outside the DB.

Files are checked before anything is written, stored inside the transaction of the change they belong to,
and deleted again if that transaction fails, so a failed request leaves neither rows nor files behind.
"""
from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext

from motcua.common.errors import ValidationFailed

from .models import Attachment

MAX_BYTES = 20 * 1024 * 1024
# Magic bytes → content type: the extension and the client's content type are not trusted.
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


@dataclass
class Prepared:
    document_id: int | None
    name: str
    content: bytes
    content_type: str
    sha256: str


def sniff(head: bytes) -> str | None:
    return next((ctype for magic, ctype in SIGNATURES if head.startswith(magic)), None)


def prepare(files) -> list[Prepared]:
    """Read and check every file first; raise before anything is stored."""
    out = []
    for document_id, upload in files:
        name = (getattr(upload, "name", "") or "tep").rsplit("/", 1)[-1][:255]
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_BYTES:
            raise ValidationFailed(gettext("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": name}, field="files")
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise ValidationFailed(gettext("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": name}, field="files")
        ctype = sniff(content[:16])
        if ctype is None:
            raise ValidationFailed(gettext("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG.") % {"name": name}, field="files")
        out.append(Prepared(document_id, name, content, ctype, hashlib.sha256(content).hexdigest()))
    return out


def store(prepared: list[Prepared], dossier, event, actor, at, written: list[str]) -> list[Attachment]:
    """Save files to storage and their rows; `written` collects stored names for `discard` on failure."""
    rows = []
    for p in prepared:
        if p.document_id is not None and not dossier.procedure_version.documents.filter(pk=p.document_id).exists():
            raise ValidationFailed(gettext("Tệp gắn với giấy tờ không thuộc thủ tục."), field="files")
        row = Attachment(
            dossier=dossier, document_id=p.document_id, original_name=p.name, content_type=p.content_type,
            size=len(p.content), sha256=p.sha256, uploaded_by=actor, uploaded_at=at, event=event,
        )
        row.file.save(p.name, ContentFile(p.content), save=False)
        written.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


def discard(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # already gone: nothing to undo
            default_storage.delete(name)
