"""Decision 766/QĐ-TTg, group 5: "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn" and "Tỷ lệ hài lòng trong xử
lý phản ánh, kiến nghị", per unit (with its subtree) and period, in the statistics' decision766 and on the
leaders' dashboard."""
from datetime import date

from motcua.feedback import services
from motcua.feedback.selectors import decision766_counts
from motcua.stats.selectors import decision766
from motcua.units.models import Unit

from .conftest import DESK_OFFICER, OTHER_DESK_OFFICER, file_one, local


def answered(city, officer, *, received, at, unit="CP-CTR-MC", rating=None):
    f = file_one(at=received, unit=unit)
    services.answer_feedback(city[officer], f.code, "Trả lời.", publish=False, at=at)
    if rating:
        services.rate_feedback(f.code, rating)
    return f


def build(city):
    # Cẩm Trung's desk, December 2024: due 10 working days after receipt.
    answered(city, DESK_OFFICER, received=local(2024, 12, 2, 9), at=local(2024, 12, 16, 9), rating="satisfied")  # on the due instant
    answered(city, DESK_OFFICER, received=local(2024, 12, 2, 9), at=local(2024, 12, 16, 9, 1), rating="late")  # late
    answered(city, DESK_OFFICER, received=local(2024, 12, 3, 9), at=local(2024, 12, 4, 9), rating="not_satisfied")
    answered(city, DESK_OFFICER, received=local(2024, 12, 3, 9), at=local(2024, 12, 5, 9))  # not rated: not unsatisfied
    answered(city, DESK_OFFICER, received=local(2024, 11, 1, 9), at=local(2024, 11, 20, 9))  # answered before the period
    file_one(at=local(2024, 12, 10, 9))  # not answered yet: not handled in the period
    answered(city, OTHER_DESK_OFFICER, received=local(2024, 12, 2, 9), at=local(2024, 12, 3, 9), unit="CP-MD-MC")


def test_counts_per_unit_and_period(city):
    build(city)
    december = (local(2024, 12, 1), local(2025, 1, 1))
    assert decision766_counts(Unit.objects.get(code="CP-CTR-MC"), *december) == {
        "feedback_handled": 4, "feedback_in_time": 3, "feedback_satisfied": 2,
    }
    # The ward counts its desk's; the city counts both wards'.
    assert decision766_counts(Unit.objects.get(code="CP-CTR"), *december)["feedback_handled"] == 4
    assert decision766_counts(Unit.objects.get(code="CP"), *december) == {
        "feedback_handled": 5, "feedback_in_time": 4, "feedback_satisfied": 3,
    }
    assert decision766_counts(Unit.objects.get(code="CP-CTR-MC"), local(2024, 11, 1), local(2024, 12, 1))["feedback_handled"] == 1


def test_the_two_indicators_in_decision766(city):
    build(city)
    result = decision766(Unit.objects.get(code="CP-CTR"), date(2024, 12, 1), date(2024, 12, 31))
    by_code = {i["indicator"]: i for i in result["indicators"]}
    on_time, satisfaction = by_code["5.feedback_on_time"], by_code["5.feedback_satisfaction"]
    assert (on_time["numerator"], on_time["denominator"], on_time["rate"]) == (3, 4, 75.0)
    assert (satisfaction["numerator"], satisfaction["denominator"], satisfaction["rate"]) == (2, 4, 50.0)
    assert on_time["name"] == "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"
    assert satisfaction["name"] == "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"
    assert (on_time["group"], on_time["group_max_points"], on_time["points"]) == (5, 18, None)


def test_no_feedback_gives_no_rate(city):
    result = decision766(Unit.objects.get(code="CP-CTR"), date(2024, 12, 1), date(2024, 12, 31))
    by_code = {i["indicator"]: i for i in result["indicators"]}
    assert (by_code["5.feedback_on_time"]["denominator"], by_code["5.feedback_on_time"]["rate"]) == (0, None)


def test_the_dashboard_shows_them_with_the_other_766_figures(client, city):
    build(city)
    client.force_login(city["giamdoc.hcc"])
    response = client.get("/can-bo/thong-ke/", {"unit": "CP", "date_from": "2024-12-01", "date_to": "2024-12-31"})
    assert response.status_code == 200
    by_code = {i["indicator"]: i for i in response.context["indicators"]}
    assert (by_code["5.feedback_on_time"]["numerator"], by_code["5.feedback_on_time"]["denominator"]) == (4, 5)
    html = response.content.decode()
    assert "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn" in html
    assert "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị" in html and "80,00" in html
