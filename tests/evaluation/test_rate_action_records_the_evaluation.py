"""The one rate action stores the evaluation of Circular 01/2018 Art. 13–14 with its audit event; the old
payload `{level}` still works; bad input, a dossier not returned or already rated store nothing."""
import pytest

from motcua.common.errors import Conflict, ValidationFailed
from motcua.dossiers import services
from motcua.evaluation.models import Channel, Evaluation

from .conftest import ALL_TWO, DESK, processed, stored

pytestmark = pytest.mark.django_db


def test_the_officer_records_the_indicators_total_and_level_with_the_rate_event(city):
    d = processed(city)
    scores = {**ALL_TWO, "1": 1, "3": 1, "7": 1}  # 9 of 12 points: 13.5 of 18
    d = services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                            data={"level": "satisfied", "criteria": scores})
    e = Evaluation.objects.get(dossier=d)
    assert (e.i1, e.i2, e.i3, e.i4, e.i5, e.i6, e.i7, e.i8, e.i9) == (1, 2, 1, 2, None, 2, 1, None, None)
    assert (e.total, e.maximum, e.level, e.channel, e.satisfaction) == (9, 12, "Tốt", Channel.COUNTER, "satisfied")
    event = d.events.get(action="rate")
    assert event.at == e.at and event.data["criteria"] == dict(sorted(scores.items()))
    assert (event.data["total"], event.data["maximum"], event.data["grade"]) == (9, 12, "Tốt")
    assert d.rating == "satisfied"
    d.refresh_from_db()
    assert d.rated_at == event.at  # the statistics read the rating's instant from the row


def test_all_nine_indicators_are_accepted_as_the_contract_shows_them(city):
    d = processed(city)
    nine = {str(n): 2 for n in range(1, 10)} | {"9": 0}
    services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                        data={"level": "very_satisfied", "criteria": nine})
    e = Evaluation.objects.get(dossier=d)
    assert (e.total, e.maximum, e.level) == (16, 18, "Xuất sắc")


def test_the_old_payload_with_the_level_only_still_records_an_evaluation(city):
    d = processed(city)
    services.transition(d, "rate", actor=city[DESK], expected_version=d.version, data={"level": "very_satisfied"})
    e = Evaluation.objects.get(dossier=d)
    assert (e.satisfaction, e.total, e.maximum, e.level) == ("very_satisfied", 0, 0, "")


@pytest.mark.parametrize("criteria, message", [
    ({"1": 3}, "phải là 2, 1 hoặc 0"),
    ({"10": 1}, "Không có chỉ số đánh giá “10”"),
    ({"1": True}, "phải là 2, 1 hoặc 0"),
    ([2, 2], "phải có dạng"),
])
def test_bad_criteria_are_refused_in_vietnamese_and_nothing_is_stored(city, criteria, message):
    d = processed(city)
    with pytest.raises(ValidationFailed, match=message):
        services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                            data={"level": "satisfied", "criteria": criteria})
    assert stored(d) == ("", 0, 0)


def test_a_dossier_not_yet_returned_cannot_be_rated_and_nothing_is_stored(city):
    d = processed(city, until="resolve")
    with pytest.raises(Conflict, match="Không thể ghi nhận đánh giá"):
        services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                            data={"level": "satisfied", "criteria": ALL_TWO})
    assert stored(d) == ("", 0, 0)


def test_a_dossier_is_rated_once_the_second_rating_stores_nothing(city):
    d = processed(city)
    d = services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                            data={"level": "satisfied", "criteria": ALL_TWO})
    with pytest.raises(Conflict, match="chỉ được đánh giá một lần"):
        services.transition(d, "rate", actor=city[DESK], expected_version=d.version,
                            data={"level": "not_satisfied", "criteria": {"1": 0}})
    assert stored(d) == ("satisfied", 1, 1)
    assert Evaluation.objects.get(dossier=d).total == 12
