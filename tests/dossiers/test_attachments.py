"""Attachments: PDF/JPEG/PNG by content, at most 20 MB, stored outside the DB, never left behind on failure."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.common.errors import ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import Attachment

from .conftest import counts, local, receive

PDF = b"%PDF-1.7\n%test\n"


def _files(tmp):
    return [p for p in (tmp / "media").rglob("*") if p.is_file()] if (tmp / "media").exists() else []


def test_pdf_is_stored_with_its_hash(city, tmp_path):
    d = receive(city, attachments=[(None, SimpleUploadedFile("don.pdf", PDF, "application/pdf"))])
    a = Attachment.objects.get(dossier=d)
    assert (a.content_type, a.size, a.original_name) == ("application/pdf", len(PDF), "don.pdf")
    assert len(_files(tmp_path)) == 1 and a.event.action == "receive"


def test_a_renamed_executable_is_refused_and_nothing_is_written(city, tmp_path):
    before = counts()
    with pytest.raises(ValidationFailed):
        receive(city, attachments=[(None, SimpleUploadedFile("anh.png", b"MZ\x90\x00", "image/png"))])
    assert counts() == before and _files(tmp_path) == []


def test_files_written_before_a_failure_are_deleted(city, tmp_path):
    before = counts()
    with pytest.raises(services.IncompleteDossier):
        receive(city, checklist={}, attachments=[(None, SimpleUploadedFile("don.pdf", PDF))])
    with pytest.raises(ValidationFailed):  # the second file's document is not of this procedure
        receive(city, attachments=[(None, SimpleUploadedFile("a.pdf", PDF)), (999999, SimpleUploadedFile("b.pdf", PDF))])
    assert counts() == before and _files(tmp_path) == []


def test_at_most_20_mb(city):
    big = SimpleUploadedFile("to.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationFailed, match="20 MB"):
        receive(city, at=local(2024, 11, 25, 9, 0), attachments=[(None, big)])
