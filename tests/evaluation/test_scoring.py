"""Points, the 18-point scale and the overall level (Circular 01/2018 Art. 13–14; thresholds: decision 0030)."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.evaluation import scoring


def test_nine_indicators_at_most_eighteen_points_six_of_them_per_dossier():
    assert len(scoring.INDICATORS) == 9 and scoring.MAXIMUM == 18
    assert scoring.PER_DOSSIER == (1, 2, 3, 4, 6, 7)
    assert [i.number for i in scoring.INDICATORS if i.per_unit] == [5, 6, 8, 9]


@pytest.mark.parametrize("score, level", [
    (18, "Xuất sắc"), (15, "Xuất sắc"), (14.99, "Tốt"), (12, "Tốt"), (9, "Khá"), (6, "Trung bình"), (5.99, "Yếu"),
    (0, "Yếu"), (None, ""),
])
def test_the_level_of_a_score_out_of_eighteen(score, level):
    assert scoring.level_of(score) == level


def test_the_thresholds_are_configuration(settings):
    settings.MOTCUA_EVALUATION_LEVELS = ((16, "Xuất sắc"), (0, "Chưa đạt"))
    assert (scoring.level_of(15), scoring.level_of(16)) == ("Chưa đạt", "Xuất sắc")


def test_a_total_over_fewer_indicators_is_brought_to_the_eighteen_point_scale():
    scored = scoring.score({1: 2, 2: 2, 3: 1, 4: 2, 6: 2, 7: 1})
    assert (scored.total, scored.maximum, scoring.out_of_18(scored.total, scored.maximum)) == (10, 12, 15.0)
    assert scored.level == "Xuất sắc"


def test_criteria_keys_may_be_strings_or_numbers_and_nothing_is_no_criteria():
    assert scoring.parse_criteria({"1": 2, 9: 0}) == {1: 2, 9: 0}
    assert scoring.parse_criteria(None) == {} == scoring.parse_criteria({})
    with pytest.raises(ValidationFailed):
        scoring.parse_criteria({"0": 1})
