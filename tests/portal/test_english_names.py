"""English names of procedures and fields (decision 0037): searched, shown on English pages, and the
Vietnamese name, where there is no English one, marked lang="vi"."""
import json

import pytest
from django.conf import settings

from motcua.catalog.exporting import export_records
from motcua.catalog.localized import apply_records
from motcua.catalog.models import Field, Procedure
from motcua.catalog.selectors import filter_procedures, published_procedures
from tests.portal.catalog_data import BIRTH, BUILDING_PERMIT, MARRIAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(catalog):
    permit = Procedure.objects.get(code=BUILDING_PERMIT)
    permit.name_en = "Building Permit for a new detached house"
    permit.result_en = "Building permit"
    permit.save()
    Field.objects.filter(code="hoat-dong-xay-dung").update(name_en="Construction")
    return catalog


def codes(qs):
    return {p.code for p in qs}


def test_search_finds_the_english_name(named):
    assert codes(filter_procedures(published_procedures(), q="building permit")) == {BUILDING_PERMIT}
    assert codes(filter_procedures(published_procedures(), q="BUILDING   Pérmit")) == {BUILDING_PERMIT}
    # The Vietnamese search is unchanged.
    assert codes(filter_procedures(published_procedures(), q="giay phep xay dung")) == {BUILDING_PERMIT}
    assert not filter_procedures(published_procedures(), q="building marriage").exists()


def test_the_catalog_page_searches_english_names_in_either_language(client, named):
    html = client.get("/thu-tuc/", {"q": "building permit"}).content.decode()
    assert "1 thủ tục" in html and "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/thu-tuc/", {"q": "building permit"}).content.decode()
    assert "1 procedure" in html and "Building Permit for a new detached house" in html


def test_english_page_shows_the_english_name(client, named):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "<h1>Building Permit for a new detached house</h1>" in html
    assert "<title>Building Permit for a new detached house — " in html
    assert "Construction" in html and "Building permit" in html  # field and result in English
    assert 'lang="vi"' not in html.split("<h1>")[1].split("</h1>")[0]


def test_vietnamese_page_keeps_the_vietnamese_name(client, named):
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "<h1>Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ</h1>" in html
    assert "Building Permit" not in html and "lang-badge" not in html


def test_fallback_to_vietnamese_is_marked(client, named):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/thu-tuc/{MARRIAGE}/").content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert '<span lang="vi" class="lang-vi" title="No English translation yet">Đăng ký kết hôn</span>' in heading
    assert '<span class="visually-hidden"> (in Vietnamese)</span>' in heading
    assert 'aria-hidden="true">VI</span>' in heading
    # The list marks only what is not translated.
    html = client.get("/thu-tuc/").content.decode()
    assert '<span lang="vi" class="lang-vi" title="No English translation yet">Đăng ký kết hôn</span>' in html
    assert ">Building Permit for a new detached house</a>" in html


def test_english_labels_of_the_catalog_data(client, named):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/thu-tuc/{BUILDING_PERMIT}/").content.decode()
    assert "District / city level" in html and "Partly online" in html and "Inter-agency, same level" in html
    assert "Specialist" in html and "Head of department" in html
    html = client.get(f"/thu-tuc/{BIRTH}/").content.decode()
    assert "Within the day (received after 15:00: returned the next working day)" in html


def test_json_export_and_import_carry_the_english_texts(named):
    record = next(r for r in export_records(Procedure.objects.all()) if r["code"] == BUILDING_PERMIT)
    assert (record["name_en"], record["result_en"], record["field_en"]) == (
        "Building Permit for a new detached house", "Building permit", "Construction",
    )
    assert "name_en" not in next(r for r in export_records(Procedure.objects.all()) if r["code"] == BIRTH)
    changed = apply_records(json.loads(json.dumps([{"code": BIRTH, "name_en": "Birth registration", "field_en": "Civil status"}])))
    assert changed == 2
    birth = Procedure.objects.get(code=BIRTH)
    assert birth.name_en == "Birth registration" and birth.search_text_en == "birth registration"
    assert Field.objects.get(code="ho-tich").name_en == "Civil status"
    assert codes(filter_procedures(published_procedures(), q="birth")) == {BIRTH}
    from motcua.audit.models import ChangeEvent

    event = ChangeEvent.objects.filter(model="procedure", object_id=str(birth.pk)).latest("id")
    assert event.changes == {"name_en": ["", "Birth registration"]}
    # The same texts again: nothing changes, nothing is journalled.
    count = ChangeEvent.objects.count()
    assert apply_records([{"code": BIRTH, "name_en": "Birth registration", "field_en": "Civil status"}]) == 0
    assert ChangeEvent.objects.count() == count
