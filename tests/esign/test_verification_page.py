"""The public page the QR code opens (/xac-thuc-ket-qua/<token>/) and the check of an uploaded PDF: what it
shows, an unknown token (404), the result itself, a tampered copy, an unsigned PDF, a file that is no PDF,
and the lookup's rate limit per IP."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.esign.models import SignedResult

from .conftest import resolved

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(city, signing_on, result_pdf):
    d = resolved(city, result_pdf)
    row = SignedResult.objects.get(dossier=d)
    with row.file.open("rb") as handle:
        return d, row, handle.read()


def _post(client, url, content, name="ket-qua.pdf"):
    return client.post(url, {"file": SimpleUploadedFile(name, content, "application/pdf")})


def test_the_qr_page_shows_the_result_and_says_valid(client, signed):
    d, row, _content = signed
    r = client.get(f"/xac-thuc-ket-qua/{row.token}/")
    page = r.content.decode()
    assert r.status_code == 200 and "Hợp lệ" in page and 'data-verdict' not in page
    assert d.code in page and d.procedure_version.name in page and row.unit_name in page
    assert row.sha256 in page and row.signer_subject.split(",")[0] in page
    assert "T*** T** B***" in page and "Trần Thị Bình" not in page  # masked as the public lookup masks
    assert r["Cache-Control"].startswith("max-age=0") or "no-cache" in r["Cache-Control"]


def test_an_unknown_token_is_a_clear_404(client, signed):
    r = client.get("/xac-thuc-ket-qua/khong-co-ma-nay/")
    assert r.status_code == 404 and "Không tìm thấy kết quả điện tử" in r.content.decode()


def test_the_result_itself_is_recognised(client, signed):
    d, row, content = signed
    for url in ("/xac-thuc-ket-qua/", f"/xac-thuc-ket-qua/{row.token}/"):
        r = _post(client, url, content)
        page = r.content.decode()
        assert r.status_code == 200 and 'data-verdict="issued"' in page, url
        assert "Hợp lệ: đúng là bản kết quả điện tử đã cấp." in page and d.code in page and row.sha256 in page


def test_a_tampered_copy_is_invalid(client, signed):
    _d, row, content = signed
    tampered = content[:7] + b"6" + content[8:]
    r = _post(client, f"/xac-thuc-ket-qua/{row.token}/", tampered)
    page = r.content.decode()
    assert r.status_code == 200 and 'data-verdict="invalid"' in page
    assert "Không hợp lệ: chữ ký số bị sai hoặc tệp đã bị sửa đổi sau khi ký." in page


def test_an_unsigned_pdf_and_a_broken_one(client, signed, result_pdf):
    page = _post(client, "/xac-thuc-ket-qua/", result_pdf).content.decode()
    assert 'data-verdict="unsigned"' in page and "Tệp không có chữ ký số" in page
    page = _post(client, "/xac-thuc-ket-qua/", b"%PDF-1.7\n%hong\n").content.decode()
    assert 'data-verdict="unreadable"' in page or 'data-verdict="unsigned"' in page


def test_a_file_that_is_not_a_pdf_is_refused_by_the_form(client, signed):
    r = _post(client, "/xac-thuc-ket-qua/", b"\x89PNG\r\n\x1a\nnot a pdf", "anh.png")
    assert r.status_code == 400 and "Tệp không phải PDF." in r.content.decode()
    r = client.post("/xac-thuc-ket-qua/", {})
    assert r.status_code == 400 and "Chọn tệp PDF cần kiểm tra." in r.content.decode()


def test_the_check_page_without_a_token(client, db):
    r = client.get("/xac-thuc-ket-qua/")
    assert r.status_code == 200 and "Xác thực kết quả điện tử" in r.content.decode()


def test_the_lookup_rate_limit_applies(client, signed, settings):
    _d, row, _content = signed
    settings.MOTCUA_LOOKUP_RATE = "2/minute"
    assert client.get(f"/xac-thuc-ket-qua/{row.token}/").status_code == 200
    assert client.get("/xac-thuc-ket-qua/khong-co/").status_code == 404
    r = client.get(f"/xac-thuc-ket-qua/{row.token}/")
    assert r.status_code == 429 and r["Retry-After"]
    assert _post(client, "/xac-thuc-ket-qua/", b"%PDF-1.7\n").status_code == 429


def test_the_page_in_english(client, signed, settings):
    _d, row, content = signed
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/xac-thuc-ket-qua/{row.token}/").content.decode()
    assert "Verify an electronic result" in page and ">Valid<" in page and "Signing certificate" in page
    page = _post(client, f"/xac-thuc-ket-qua/{row.token}/", content).content.decode()
    assert "Valid: this is an electronic result we issued." in page
