"""Changing a unit's working hours recomputes the open deadlines it governs (and records why)."""
import pytest

from motcua.units import services as unit_services
from motcua.units.models import Unit
from motcua.workdays import services as workdays
from motcua.workdays.models import CalendarChange
from tests.workdays.conftest import vn

pytestmark = pytest.mark.django_db


def test_new_working_hours_move_open_deadlines_of_the_unit():
    unit_services.load_units([{"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None}])
    unit = Unit.objects.get(code="CP")
    deadline = workdays.start_deadline(
        "dossier:X", unit=unit, time_unit="working_hours", amount=8, started_at=vn("02/03/2026 07:30")
    )
    assert deadline.due_at == vn("02/03/2026 17:00")
    unit.working_hours = [["08:00", "12:00"], ["13:30", "17:30"]]
    unit_services.save_unit(unit)
    deadline.refresh_from_db()
    assert deadline.due_at == vn("02/03/2026 17:30")
    change = CalendarChange.objects.latest("id")
    assert change.unit == unit and "CP" in change.reason


def test_saving_a_unit_without_changing_hours_records_no_calendar_change():
    unit_services.load_units([{"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None}])
    before = CalendarChange.objects.count()
    unit = Unit.objects.get(code="CP")
    unit.name = "TP Cẩm Phả"
    unit_services.save_unit(unit)
    assert CalendarChange.objects.count() == before
