"""The portal's public figures page: this year's figures of the center and each ward, no personal data,
cached briefly, linked from the home page."""
from datetime import date

import pytest
import time_machine

from motcua.stats import selectors as stats
from motcua.units.models import Unit

from .builders import APPLICANT, a_year
from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(city):
    return a_year(city)


def test_the_page_shows_this_years_figures_of_the_center_and_each_ward(client, year):
    with time_machine.travel(local(2024, 12, 2, 10, 0), tick=False):
        response = client.get("/thong-ke/")
        city = Unit.objects.get(code="CP")
        groups = {g["key"]: g for g in stats.figures(city, date(2024, 1, 1), date(2024, 12, 2), group_by="unit")["groups"]}
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.context["rows"]}
    assert rows["CP-HCC"]["received"] == groups["CP-HCC"]["received"]["total"] == 2
    assert rows["CP-CTR"]["resolved"] == groups["CP-CTR"]["resolved"]["total"] == 2
    assert rows["CP-CTR"]["on_time_rate"] == groups["CP-CTR"]["on_time_rate"]
    assert len([r for r in rows.values() if Unit.objects.get(code=r["key"]).kind in ("ward", "commune")]) == 16
    assert response.context["rows"][0]["key"] == "CP-HCC"
    html = response.content.decode()
    assert "Trung tâm Hành chính công thành phố Cẩm Phả" in html and "Phường Cẩm Trung" in html
    assert "từ ngày 01/01/2024 đến ngày 02/12/2024" in html


def test_the_page_carries_no_personal_data(client, year):
    with time_machine.travel(local(2024, 12, 2, 10, 0), tick=False):
        html = client.get("/thong-ke/").content.decode()
    for personal in (*APPLICANT.values(), *(d.code for group in year.values() for d in (group if isinstance(group, list) else [group]))):
        assert personal not in html
    assert "/can-bo/ho-so/" not in html


def test_the_figures_are_cached_for_a_few_minutes(client, year, city):
    from tests.stats_web.builders import birth_resolved

    with time_machine.travel(local(2024, 12, 2, 10, 0), tick=False):
        first = client.get("/thong-ke/")
        assert first["Cache-Control"] == "public, max-age=300"
        birth_resolved(city, 27)
        again = {r["key"]: r for r in client.get("/thong-ke/").context["rows"]}
    assert again["CP-CTR"]["resolved"] == 2  # still the cached figures
    with time_machine.travel(local(2024, 12, 2, 10, 6), tick=False):
        later = {r["key"]: r for r in client.get("/thong-ke/").context["rows"]}
    assert later["CP-CTR"]["resolved"] == 3


def test_the_home_page_links_to_the_figures(client, city):
    assert 'href="/thong-ke/"' in client.get("/").content.decode()


def test_without_dossiers_this_year_the_page_shows_the_latest_year_that_has_some(client, year):
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        response = client.get("/thong-ke/")
    assert response.context["year"] == 2024
    assert "năm 2024: từ ngày 01/01/2024 đến ngày 31/12/2024" in response.content.decode()
    assert {r["key"]: r for r in response.context["rows"]}["CP-CTR"]["resolved"] == 2
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        chosen = client.get("/thong-ke/", {"nam": "2026"})
    assert chosen.context["year"] == 2024  # no dossier in 2026: the year asked for does not exist yet
