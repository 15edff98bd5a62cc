"""Taking in the result (`resolve`) with its file makes the signed electronic result in the same transaction:
a PDF as it is, a scan made into a PDF first; a file that cannot be signed refuses the resolve with a clear
reason and changes nothing; without a certificate the result stays as uploaded."""
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from motcua.common.errors import ValidationFailed
from motcua.dossiers.models import Attachment, DossierEvent, Status
from motcua.esign import signing
from motcua.esign.models import SignedResult
from motcua.esign.services import SigningFailed

from .conftest import ready_to_resolve, resolve, upload

pytestmark = pytest.mark.django_db


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _unchanged(d, before_files):
    """The dossier as before the refused resolve: status, version, no result files, rows or files on disk."""
    version = d.version
    d.refresh_from_db()
    assert d.status == Status.IN_PROGRESS and d.version == version and d.resolved_at is None
    assert not Attachment.objects.filter(dossier=d, event__action="resolve").exists()
    assert not DossierEvent.objects.filter(dossier=d, action="resolve").exists()
    assert not SignedResult.objects.exists()
    assert _stored_files() == before_files


def test_a_pdf_result_is_signed_with_its_row(city, signing_on, result_pdf):
    d = resolve(city, ready_to_resolve(city), (None, upload(result_pdf)))
    [row] = SignedResult.objects.filter(dossier=d)
    source = Attachment.objects.get(dossier=d, event__action="resolve")
    assert row.source == source and row.unit == d.current_unit and row.unit_name == d.current_unit.name
    assert row.filename == "xac-nhan-ky-so.pdf" and row.signed_at is not None and row.signer_serial
    with row.file.open("rb") as handle:
        content = handle.read()
    assert signing.sha256(content) == row.sha256 and content.startswith(result_pdf[:8])
    with source.file.open("rb") as handle:
        assert handle.read() == result_pdf  # the file taken in is kept as it came
    assert SignedResult.objects.filter(token=row.token).count() == 1 and len(row.token) >= 32


def test_a_scan_is_made_into_a_pdf_and_signed(city, signing_on):
    picture = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(picture, "JPEG", dpi=(150, 150))  # an A4 page at 150 dpi
    d = resolve(city, ready_to_resolve(city), (None, upload(picture.getvalue(), "ket-qua.jpg", "image/jpeg")))
    row = SignedResult.objects.get(dossier=d)
    with row.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and row.filename == "ket-qua-ky-so.pdf"
    [check] = signing.check_signatures(content)
    assert check.good and check.trusted


def test_a_damaged_pdf_refuses_the_resolve_and_changes_nothing(city, signing_on, result_pdf):
    d = ready_to_resolve(city)
    before = _stored_files()
    with pytest.raises(ValidationFailed) as refused:
        resolve(city, d, (None, upload(result_pdf[:400], "hong.pdf")))
    assert "Không ký số được tệp kết quả “hong.pdf”" in refused.value.detail
    assert "hồ sơ chưa thay đổi" in refused.value.detail and refused.value.field == "result_files"
    _unchanged(d, before)


def test_an_unusable_certificate_refuses_the_resolve_with_503(city, signing_on, result_pdf, settings, tmp_path):
    broken = tmp_path / "broken-key.pem"
    broken.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    settings.MOTCUA_ESIGN_KEY = str(broken)
    d = ready_to_resolve(city)
    before = _stored_files()
    with pytest.raises(SigningFailed) as refused:
        resolve(city, d, (None, upload(result_pdf)))
    assert refused.value.status == 503 and "chứng thư số của đơn vị chưa dùng được" in refused.value.detail
    _unchanged(d, before)


def test_without_a_certificate_the_result_stays_as_uploaded(city, result_pdf):
    d = resolve(city, ready_to_resolve(city), (None, upload(result_pdf)))
    assert d.status == Status.RESOLVED and not SignedResult.objects.exists()
    assert Attachment.objects.filter(dossier=d, event__action="resolve").count() == 1


def test_a_resolve_without_files_signs_nothing(city, signing_on):
    d = resolve(city, ready_to_resolve(city))
    assert d.status == Status.RESOLVED and not SignedResult.objects.exists()


def test_the_desk_page_shows_the_reason_and_keeps_the_dossier(client, city, signing_on, result_pdf):
    d = ready_to_resolve(city)
    client.force_login(city["tiepnhan.camtrung"])
    r = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
        "action": "resolve", "resolve-version": d.version, "resolve-result_kind": "approved",
        "resolve-result_number": "31/XNHN", "resolve-result_date": timezone.localdate().isoformat(),
        "resolve-result_files": upload(b"%PDF-1.7\n%x\n"),
    })
    page = r.content.decode()
    assert r.status_code == 400 and "Không ký số được tệp kết quả" in page
    d.refresh_from_db()
    assert d.status == Status.IN_PROGRESS and not SignedResult.objects.exists()


def test_the_api_answers_a_damaged_pdf_with_problem_json(city, signing_on):
    import json

    from tests.dossiers.conftest import token_client

    d = ready_to_resolve(city)
    before = _stored_files()
    r = token_client(city, "tiepnhan.camtrung").post(
        f"/api/v1/dossiers/{d.code}/actions",
        {
            "data": json.dumps({"action": "resolve", "version": d.version, "data": {"result_number": "31/XNHN"}}),
            "attachment": upload(b"%PDF-1.7\n%hong\n", "hong.pdf"),
        },
        format="multipart",
    )
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    problem = r.json()
    assert problem["errors"][0]["field"] == "result_files" and "hong.pdf" in problem["detail"]
    _unchanged(d, before)
