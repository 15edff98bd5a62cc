"""The desk shows exactly the figures of the statistics service, and every figure drills down to the
dossiers behind it, with the same count, each linking to its page."""
import re
from datetime import date

import pytest
import time_machine

from motcua.stats import selectors as stats
from motcua.stats.views import FIGURE_LABELS, value
from motcua.units.models import Unit

from .builders import PERIOD, a_year
from .conftest import local

pytestmark = pytest.mark.django_db

DESK = "/can-bo/thong-ke/"
FROM, TO = date(2024, 1, 1), date(2024, 12, 31)


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.fixture
def year(city):
    return a_year(city)


def test_the_cards_show_the_service_figures_for_the_city(client_as, year):
    response = client_as("giamdoc.hcc").get(DESK, PERIOD)
    assert response.status_code == 200
    expected = stats.figures(Unit.objects.get(code="CP"), FROM, TO)
    assert response.context["body"] == expected
    assert value(expected, "received.total") == 5
    html = response.content.decode()
    for card in response.context["cards"]:
        assert card["value"] == value(expected, re.search(r"figure=([a-z_.]+)", card["href"]).group(1))
        for part in card["parts"]:
            assert part["value"] == value(expected, re.search(r"figure=([a-z_.]+)", part["href"]).group(1))
    assert f'<span class="figure-value">{vn(value(expected, "received.total"))}</span>' in html


def test_the_unit_table_and_the_ward_chart_show_each_child_units_figures(client_as, year):
    response = client_as("giamdoc.hcc").get(DESK, PERIOD)
    groups = {g["key"]: g for g in stats.figures(Unit.objects.get(code="CP"), FROM, TO, group_by="unit")["groups"]}
    rows = {r["key"]: r for r in response.context["unit_rows"]}
    assert rows["CP-CTR"]["cells"][0]["value"] == value(groups["CP-CTR"], "received.total") == 3
    assert rows["CP-HCC"]["cells"][0]["value"] == value(groups["CP-HCC"], "received.total") == 2
    wards = str(response.context["charts"]["wards"])
    assert "Phường Cẩm Trung" in wards and "Tỷ lệ" not in wards
    on_time = str(response.context["charts"]["on_time"])
    assert "<svg" in on_time and 'href="/can-bo/thong-ke/ho-so/?' in on_time


def test_charts_are_readable_without_colour(client_as, year):
    charts = client_as("giamdoc.hcc").get(DESK, PERIOD).context["charts"]
    wards = str(charts["wards"])
    # two series told apart by a hatch pattern, and every bar labelled with its number
    assert "<pattern" in wards and "url(#hatch-" in wards
    assert ">3</text>" in wards
    assert "<title" in wards


def test_every_figure_drills_down_to_as_many_dossiers_as_it_counts(client_as, year):
    client = client_as("giamdoc.hcc")
    city = Unit.objects.get(code="CP")
    whole = stats.figures(city, FROM, TO)
    for figure in sorted(FIGURE_LABELS):
        response = client.get(DESK + "ho-so/", {"unit": "CP", "figure": figure, **PERIOD})
        assert response.status_code == 200
        listed = list(stats.dossiers_behind(city, FROM, TO, figure))
        assert response.context["page"].paginator.count == value(whole, figure) == len(listed), figure
        html = response.content.decode()
        for d in listed:
            assert f'href="/can-bo/ho-so/{d.code}/"' in html


def test_a_group_figure_drills_down_to_that_groups_dossiers(client_as, year):
    response = client_as("giamdoc.hcc").get(
        DESK + "ho-so/", {"unit": "CP", "figure": "resolved.total", "group_by": "unit", "key": "CP-CTR", **PERIOD})
    codes = {d.code for d in response.context["page"].object_list}
    assert codes == {d.code for d in year["births"]}
    assert "Phường Cẩm Trung" in response.content.decode()


def test_an_unknown_figure_is_not_found(client_as, year):
    response = client_as("giamdoc.hcc").get(DESK + "ho-so/", {"unit": "CP", "figure": "salary", **PERIOD})
    assert response.status_code == 404


def test_a_leader_can_open_the_dossier_a_drill_down_links_to(client_as, year):
    client = client_as("giamdoc.hcc")
    code = year["permits"][0].code
    assert client.get(f"/can-bo/ho-so/{code}/").status_code == 200


def test_overdue_dossiers_are_listed_by_holding_unit_and_officer_with_links(client_as, year):
    response = client_as("giamdoc.hcc").get(DESK, PERIOD)
    watch = response.context["watch"]
    overdue = {d.code for d in watch["overdue"]}
    assert {d.code for d in year["permits"]} <= overdue
    assert year["allowance"].code in overdue
    assert watch["overdue_total"] == len(overdue) == sum(r.overdue for r in watch["rows"])
    by_unit = {r.unit.code: r.overdue for r in watch["rows"]}
    assert by_unit["CP-CTR"] == 1
    html = response.content.decode()
    assert f'href="/can-bo/ho-so/{year["permits"][0].code}/"' in html


def test_lien_thong_lateness_is_attributed_to_the_unit_that_held_the_dossier(client_as, year):
    client = client_as("giamdoc.hcc")
    response = client.get(DESK, PERIOD)
    rows = {r["unit"].code: r for r in response.context["holdings"]}
    # Cẩm Trung's desk handed the allowance on within its budget; the ward has held it past its own.
    assert rows["CP-CTR"]["late"] == 1
    assert rows.get("CP-CTR-MC", {"late": 0})["late"] == 0
    listing = client.get(DESK + "lien-thong/", {"unit": "CP", "held": "CP-CTR", **PERIOD})
    assert [d.code for d in listing.context["page"].object_list] == [year["allowance"].code]


def test_a_ward_leader_sees_only_the_wards_dossiers(client_as, year):
    response = client_as("lanhdao.camtrung").get(DESK, PERIOD)
    assert value(response.context["body"], "received.total") == 3
    assert {d.code for d in response.context["watch"]["overdue"]} == {year["allowance"].code}


def test_past_years_with_dossiers_are_quick_picks(client_as, year):
    client = client_as("giamdoc.hcc")
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        page = client.get(DESK)
        picks = {p["label"]: p["href"] for p in page.context["picks"]}
        assert picks["Năm 2024"] == "?unit=CP&pick=nam-2024"
        response = client.get(DESK + picks["Năm 2024"])
    assert (response.context["date_from"], response.context["date_to"]) == (FROM, TO)
    assert value(response.context["body"], "received.total") == 5


def test_the_decision_766_indicators_from_dossiers_are_shown(client_as, year):
    response = client_as("giamdoc.hcc").get(DESK, PERIOD)
    expected = stats.decision766(Unit.objects.get(code="CP"), FROM, TO)["indicators"]
    assert response.context["indicators"] == expected
    html = response.content.decode()
    assert "Tỷ lệ hồ sơ xử lý đúng hạn" in html and "Quyết định 766/QĐ-TTg" in html


def test_the_month_chart_counts_agree_with_the_service_month_by_month(client_as, year):
    from motcua.stats import desk

    city = Unit.objects.get(code="CP")
    service = stats.figures(city, FROM, TO, group_by="month")["groups"]
    flow = desk.monthly_flow(city, FROM, TO)
    assert [(g["key"], g["received.new"] if "received.new" in g else g["received"]["new"], g["resolved"]["total"])
            for g in service] == [(m["key"], m["received"], m["resolved"]) for m in flow]
    assert sum(m["received"] for m in flow) == 5
