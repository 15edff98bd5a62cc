"""A demo certificate made once for the session in a temporary folder, a real result PDF, and a dossier of
the demo city taken to its result with it (motcua.esign, ADR 0043)."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import services
from tests.dossiers.conftest import MARITAL, act, city  # noqa: F401  (fixtures and helpers)

APPLICANT = {"name": "Trần Thị Bình", "phone": "0912345678"}
CENTER = "Trung tâm Phục vụ hành chính công thành phố Thử Nghiệm"


@pytest.fixture(scope="session")
def material_dir(tmp_path_factory) -> Path:
    from motcua.esign.signing import make_demo_certificate

    where = tmp_path_factory.mktemp("esign")
    assert make_demo_certificate(
        where / "signer-key.pem", where / "signer-cert.pem", where / "ca-cert.pem", unit_name=CENTER
    )
    return where


@pytest.fixture
def signing_on(settings, material_dir):
    """The session's demo certificate configured; the stamp's font is kept in its folder across tests."""
    settings.MOTCUA_ESIGN_DIR = material_dir
    settings.MOTCUA_ESIGN_KEY = str(material_dir / "signer-key.pem")
    settings.MOTCUA_ESIGN_CERT = str(material_dir / "signer-cert.pem")
    settings.MOTCUA_ESIGN_CHAIN = str(material_dir / "ca-cert.pem")
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.vn"
    return material_dir


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    """A two-page result as the competent authority would issue it (WeasyPrint, as the project's forms)."""
    import weasyprint

    html = (
        "<h1>Giấy xác nhận tình trạng hôn nhân</h1><p>Số 31/XNHN</p>"
        "<p style='page-break-after: always'>Trang 1</p><p>Trang 2: chữ ký của người có thẩm quyền.</p>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def upload(content: bytes, name="xac-nhan.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type)


def received(city):  # noqa: F811
    from motcua.catalog.models import Procedure

    docs = Procedure.objects.get(code=MARITAL).current_version.documents.all()
    files = [(doc.pk, upload(b"%PDF-1.7\n%scan\n", "scan.pdf")) for doc in docs]
    d = services.receive_dossier(actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                 channel="online", applicant=APPLICANT, attachments=files).dossier
    return act(city, d, "tiepnhan.camtrung", "receive")


def ready_to_resolve(city):  # noqa: F811
    d = received(city)
    d = act(city, d, "tiepnhan.camtrung", "transfer")
    return act(city, d, "lanhdao.camtrung", "approve")


def resolve(city, d, *files):  # noqa: F811
    return act(city, d, "tiepnhan.camtrung", "resolve", data={"result_number": "31/XNHN"}, files=list(files))


def resolved(city, content: bytes):  # noqa: F811
    return resolve(city, ready_to_resolve(city), (None, upload(content)))
