"""A unit exists from its first to its last day (issue 12 item 3): both ends count, a successor takes over
the day after, and dates that cannot hold together are refused with a Vietnamese message, nothing saved."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.common.errors import ValidationFailed
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import in_force, reception_units
from motcua.units.services import save_unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_is_in_force_from_its_first_to_its_last_day_both_included():
    ward = UnitFactory(code="CP-CTR", kind=UnitKind.WARD, valid_from=date(2018, 1, 1), valid_to=date(2025, 6, 30))
    assert not ward.is_in_force(date(2017, 12, 31))
    assert ward.is_in_force(date(2018, 1, 1))
    assert ward.is_in_force(date(2025, 6, 30))
    assert not ward.is_in_force(date(2025, 7, 1))


def test_a_unit_without_dates_is_always_in_force():
    assert UnitFactory().is_in_force(date(1990, 1, 1))


def test_in_force_lists_the_units_of_that_day_only():
    old = UnitFactory(code="OLD", valid_to=date(2025, 6, 30))
    new = UnitFactory(code="NEW", valid_from=date(2025, 7, 1))
    always = UnitFactory(code="ALWAYS")
    assert set(in_force(date(2025, 6, 30))) == {old, always}
    assert set(in_force(date(2025, 7, 1))) == {new, always}


def test_reception_units_of_a_day_leave_out_a_dissolved_desk():
    desk = UnitFactory(code="CP-CTR-MC", kind=UnitKind.ONE_STOP_DESK, valid_to=date(2025, 6, 30))
    assert desk in reception_units(date(2025, 6, 30))
    assert desk not in reception_units(date(2025, 7, 1))
    assert desk in reception_units()  # without a day: every active one (the past keeps naming it)


def test_an_end_before_the_start_is_refused_and_nothing_is_saved():
    unit = Unit(code="CP-X", name="Phường X", kind=UnitKind.WARD, valid_from=date(2025, 7, 1), valid_to=date(2025, 6, 30))
    with pytest.raises(ValidationFailed) as exc:
        save_unit(unit)
    assert "không được trước ngày bắt đầu" in exc.value.detail
    assert not Unit.objects.filter(code="CP-X").exists()


def test_the_successor_must_be_in_force_the_day_after_the_unit_ends():
    late = UnitFactory(code="CP-NEW", kind=UnitKind.WARD, valid_from=date(2025, 7, 2))
    unit = UnitFactory(code="CP-OLD", kind=UnitKind.WARD)
    unit.valid_to, unit.successor = date(2025, 6, 30), late
    with pytest.raises(ValidationFailed) as exc:
        save_unit(unit)
    assert "01/07/2025" in exc.value.detail
    unit.refresh_from_db()
    assert unit.valid_to is None and unit.successor is None


def test_a_successor_that_starts_the_next_day_or_earlier_is_accepted():
    for start, code in ((date(2025, 7, 1), "NEXT"), (date(2020, 1, 1), "EARLIER"), (None, "ALWAYS")):
        successor = UnitFactory(code=f"S-{code}", valid_from=start)
        unit = UnitFactory(code=f"U-{code}", valid_to=date(2025, 6, 30), successor=successor)
        unit.full_clean()
        assert unit.successor == successor


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"successor_code": "SELF", "valid_to": date(2025, 6, 30)}, "successor", "chính nó"),
        ({"successor_code": "OTHER"}, "successor", "khi đơn vị có ngày hết hiệu lực"),
        ({"successor_code": "ENDED", "valid_to": date(2025, 6, 30)}, "successor", "còn hiệu lực sau"),
    ],
)
def test_model_validation_names_the_field_in_vietnamese(values, field, message):
    unit = UnitFactory(code="SELF")
    UnitFactory(code="OTHER")
    UnitFactory(code="ENDED", valid_to=date(2025, 6, 30))
    unit.successor = Unit.objects.get(code=values.pop("successor_code"))
    for k, v in values.items():
        setattr(unit, k, v)
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert message in " ".join(exc.value.message_dict[field])
