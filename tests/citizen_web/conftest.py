"""The demo city, a signed-in citizen and helpers for the citizens' web (/ca-nhan/)."""
import pytest

from tests.dossiers.conftest import MARITAL, act, city, local, receive  # noqa: F401  (fixtures and helpers)

PDF = b"%PDF-1.7\n%test\n"


@pytest.fixture
def citizen_client(client, city):  # noqa: F811
    client.force_login(city["congdan.demo"])
    return client


def scan(name="scan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, "application/pdf")


def marital_documents():
    from motcua.catalog.models import Procedure

    return list(Procedure.objects.get(code=MARITAL).current_version.documents.all())
