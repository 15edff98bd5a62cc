"""Results per unit and period (issue 13 item 2): per indicator averages, the average total, the levels'
distribution and the unit's score, in the selectors, the API, the leaders' desk and the public page."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.evaluation.selectors import results
from motcua.units.models import Unit
from tests.dossiers.conftest import token_client

from .conftest import ALL_TWO, DESK, processed

pytestmark = pytest.mark.django_db


def rated(city, criteria, level="satisfied"):
    d = processed(city)
    return services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                               data={"level": level, "criteria": criteria})


@pytest.fixture
def two_rated(city):
    rated(city, ALL_TWO, "very_satisfied")  # 12/12 → 18 → Xuất sắc
    rated(city, {"1": 1, "2": 1, "3": 0, "4": 1, "6": 1, "7": 0}, "not_satisfied")  # 4/12 → 6 → Trung bình
    today = timezone.localdate()
    return today - timedelta(days=1), today


def test_averages_per_indicator_the_unit_score_and_the_levels_over_the_subtree(city, two_rated):
    date_from, date_to = two_rated
    body = results(Unit.objects.get(code="CP"), date_from, date_to, by_unit=True)
    assert body["evaluations"] == 2
    averages = {i["number"]: i["average"] for i in body["indicators"]}
    assert averages == {1: 1.5, 2: 1.5, 3: 1.0, 4: 1.5, 5: None, 6: 1.5, 7: 1.0, 8: None, 9: None}
    assert body["average_total"] == 8.0 and body["average_maximum"] == 12.0
    # Art. 14: the sum of the averages (8 of the 12 points of six indicators), brought to 18.
    assert body["score"] == {"points": 8.0, "maximum": 12, "out_of_18": 12.0, "level": "Tốt", "complete": False}
    assert {row["level"]: row["count"] for row in body["levels"]} == {
        "Xuất sắc": 1, "Tốt": 0, "Khá": 0, "Trung bình": 1, "Yếu": 0}
    assert {row["level"]: row["count"] for row in body["satisfaction"]} == {
        "very_satisfied": 1, "satisfied": 0, "not_satisfied": 1}
    ward = next(g for g in body["groups"] if g["key"] == "CP-CTR")
    assert ward["evaluations"] == 2 and ward["score"]["out_of_18"] == 12.0


def test_a_period_without_evaluations_and_another_unit_count_nothing(city, two_rated):
    body = results(Unit.objects.get(code="CP"), date(2020, 1, 1), date(2020, 12, 31))
    assert body["evaluations"] == 0 and body["score"]["out_of_18"] is None
    date_from, date_to = two_rated
    assert results(Unit.objects.get(code="CP-HCC"), date_from, date_to)["evaluations"] == 0


def test_the_api_answers_the_leaders_and_refuses_citizens(city, two_rated):
    date_from, date_to = two_rated
    r = token_client(city, "lanhdao.cp").get(
        f"/api/v1/stats/evaluation?unit=CP&from={date_from}&to={date_to}&group_by=unit")
    assert r.status_code == 200 and r.json()["evaluations"] == 2 and r.json()["score"]["level"] == "Tốt"
    assert token_client(city, "congdan.demo").get("/api/v1/stats/evaluation").status_code == 403
    bad = token_client(city, "lanhdao.cp").get("/api/v1/stats/evaluation?group_by=month")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")


def test_the_leaders_desk_and_the_public_page_show_the_results(city, two_rated, client):
    client.force_login(city["lanhdao.cp"])
    page = client.get("/can-bo/thong-ke/?unit=CP&pick=nam-nay").content.decode()
    assert "Đánh giá việc giải quyết TTHC (Thông tư 01/2018/TT-VPCP, Điều 13–14)" in page
    assert 'data-field="unit-level">Tốt<' in page and 'data-field="evaluations">2<' in page
    assert 'data-indicator="3"' in page and ">1,50<" in page  # indicator 1's average, Vietnamese decimal comma
    client.logout()
    public = client.get("/thong-ke/").content.decode()
    assert 'data-field="unit-score">12<' in public and "Xuất sắc: <strong>1</strong>" in public
