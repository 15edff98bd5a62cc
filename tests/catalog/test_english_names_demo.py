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
