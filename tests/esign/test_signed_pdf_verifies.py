"""The signed result verifies — with pyHanko and with poppler's `pdfsig`, a verifier apart from the signer —
and one byte changed anywhere in the signed bytes breaks it; its stamp says what it is and its QR code opens
the public verification page."""
import io
import shutil
import subprocess

import pytest

from motcua.esign import signing
from motcua.esign.models import SignedResult

from .conftest import CENTER, resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(city, signing_on, result_pdf):
    d = resolved(city, result_pdf)
    row = SignedResult.objects.get(dossier=d)
    with row.file.open("rb") as handle:
        return d, row, handle.read()


def _pdfsig(tmp_path, content: bytes) -> str:
    # `make test` installs poppler-utils (scripts/ensure-system-packages): missing, this fails, never skips.
    assert shutil.which("pdfsig"), "pdfsig (poppler-utils) is missing: run scripts/ensure-system-packages"
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def _tampered(content: bytes) -> bytes:
    # The PDF header's version digit: inside the first signed range, and the file still reads.
    assert content[5:8] == b"1.7"
    return content[:7] + b"6" + content[8:]


def test_pyhanko_finds_a_pades_signature_of_the_center_covering_the_whole_file(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    _d, row, content = signed
    [sig] = PdfFileReader(io.BytesIO(content)).embedded_signatures
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    common_name = sig.signer_cert.subject.native["common_name"]  # the certificate is embedded
    assert common_name.endswith(" (DEMO)") and CENTER.startswith(common_name.removesuffix(" (DEMO)"))
    [check] = signing.check_signatures(content)
    assert check.intact and check.valid and check.trusted and check.whole_file and check.good
    assert row.sha256 == signing.sha256(content) and row.size == len(content)
    assert common_name in row.signer_subject


def test_pdfsig_says_the_signature_is_valid_and_one_changed_byte_breaks_it(signed, tmp_path):
    _d, _row, content = signed
    report = _pdfsig(tmp_path, content)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report and "ETSI.CAdES.detached" in report
    broken = _pdfsig(tmp_path, _tampered(content))
    assert "Signature is Valid." not in broken and "Digest Mismatch" in broken


def test_pyhanko_sees_the_changed_byte(signed):
    _d, _row, content = signed
    [check] = signing.check_signatures(_tampered(content))
    assert not check.intact and not check.good


def test_the_stamp_on_the_last_page_says_what_it_is(signed, tmp_path):
    d, _row, content = signed
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(content)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    first, last = pages.stdout.split("\f")[:2]
    assert "Bản điện tử đã ký số" in last and "Bản điện tử đã ký số" not in first
    assert d.code in last and "Mã hồ sơ" in last and "Ngày ký" in last
    assert d.current_unit.name.split()[0] in last


def test_the_qr_code_opens_the_public_verification_page(signed, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    _d, row, content = signed
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "2", "-l", "2", str(path), str(tmp_path / "p")], check=True)
    [png] = sorted(tmp_path.glob("p*.png"))
    texts = [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
    assert texts == [f"https://motcua.example.vn/xac-thuc-ket-qua/{row.token}/"]
    assert len(row.token) >= 32  # 24 random bytes


def test_a_result_already_signed_by_the_issuing_authority_keeps_that_signature(city, signing_on, result_pdf, tmp_path):
    """The competent authority often issues a signed PDF: our signature is an incremental update after its,
    and both validate (theirs covers its revision, the change after it being a signature, which is allowed)."""
    import datetime as dt

    from django.test import override_settings

    from motcua.esign.services import check_upload

    from .conftest import resolved

    authority = tmp_path / "authority"
    signing.make_demo_certificate(
        authority / "key.pem", authority / "cert.pem", authority / "ca.pem", unit_name="Sở Tư pháp"
    )
    with override_settings(MOTCUA_ESIGN_KEY=str(authority / "key.pem"), MOTCUA_ESIGN_CERT=str(authority / "cert.pem"),
                           MOTCUA_ESIGN_CHAIN=str(authority / "ca.pem")):
        stamp = signing.Stamp("Sở Tư pháp", "-", dt.datetime.now(), "https://so-tu-phap.example.vn/")
        issued = signing.sign_pdf(result_pdf, stamp, signing.load_material())
    d = resolved(city, issued)
    row = SignedResult.objects.get(dossier=d)
    with row.file.open("rb") as handle:
        content = handle.read()
    theirs, ours = signing.check_signatures(content)
    assert theirs.good and not theirs.whole_file and theirs.changes_allowed and not theirs.trusted
    assert ours.good and ours.whole_file and ours.trusted
    assert check_upload(content).verdict == "issued"
    report = _pdfsig(tmp_path, content)
    assert report.count("Signature Validation: Signature is Valid.") == 2
