"""The demo catalog gives some procedures English names (decision 0037); the import keeps them, the admin
edits them, the search finds them."""
import pytest
from django.conf import settings

from motcua.catalog.models import Field, Procedure
from motcua.catalog.selectors import filter_procedures, published_procedures
from motcua.demo.services import load_demo_procedures, load_demo_units

pytestmark = pytest.mark.django_db

PERMIT = "1.009994.000.00.00.H49"


@pytest.fixture
def demo_catalog():
    load_demo_units()
    load_demo_procedures()


def test_demo_procedures_have_english_names(demo_catalog):
    named = Procedure.objects.exclude(name_en="")
    assert named.count() >= 5
    assert Procedure.objects.get(code=PERMIT).name_en == "Building permit for a new detached house"
    assert Field.objects.get(name="Hộ tịch").name_en == "Civil status"
    # Loading again changes nothing and keeps them.
    load_demo_procedures()
    assert Procedure.objects.exclude(name_en="").count() == named.count()


def test_building_permit_is_found_by_its_english_name(demo_catalog, client):
    found = filter_procedures(published_procedures(), q="building permit")
    assert [p.code for p in found] == [PERMIT]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/thu-tuc/", {"q": "Building permit"}).content.decode()
    assert "Building permit for a new detached house" in html


def test_the_admin_edits_the_english_name(demo_catalog, admin_client):
    procedure = Procedure.objects.get(code=PERMIT)
    url = f"/quan-tri/catalog/procedure/{procedure.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="name_en"' in page.content.decode()
    response = admin_client.post(url, {
        "code_confirmed": "on" if procedure.code_confirmed else "", "is_active": "on",
        "name_en": "New detached house: building permit", "result_en": "Building permit",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    procedure.refresh_from_db()
    assert procedure.name_en == "New detached house: building permit"
    assert [p.code for p in filter_procedures(published_procedures(), q="detached house")] == [PERMIT]


@pytest.fixture
def synchronous_jobs(monkeypatch):
    from motcua.catalog.importing import jobs as importing_jobs

    monkeypatch.setattr(importing_jobs, "JOB_RUNNER", lambda fn: fn())


def test_the_admin_import_stores_english_names_and_an_english_admin_exports_vietnamese(
    synchronous_jobs, admin_client
):
    """A JSON file's English names are kept by the admin's import; the import and the Excel export read and
    write the Vietnamese choice labels even when the administrator's interface is English."""
    import io
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from motcua.demo.services import DATA_DIR

    load_demo_units()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    records = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))["procedures"]
    records[0]["name_en"] = "Registering a birth"
    data = json.dumps({"procedures": records}, ensure_ascii=False).encode()
    response = admin_client.post(
        "/quan-tri/catalog/procedure/nhap-xuat/", {"file": SimpleUploadedFile("c.json", data)}, follow=True
    )
    assert "Imported 19 procedures" in response.content.decode()
    assert Procedure.objects.get(code=records[0]["code"]).name_en == "Registering a birth"
    assert Procedure.objects.get(code=PERMIT).name_en == "Building permit for a new detached house"
    xlsx = admin_client.get("/quan-tri/catalog/procedure/nhap-xuat/tai-ve.xlsx").content
    rows = list(load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True))
    assert "Cấp xã / phường" in rows[1] and "Commune / ward level" not in rows[1]
    exported = json.loads(admin_client.get("/quan-tri/catalog/procedure/nhap-xuat/tai-ve.json").content)
    assert next(r for r in exported["procedures"] if r["code"] == PERMIT)["field_en"] == "Construction"
