"""A calendar change recomputes every open deadline from its ledger; closed ones keep their figures."""
from datetime import date

import pytest

from motcua.workdays import services
from motcua.workdays.calendars import calendar_for
from motcua.workdays.models import (
    CalendarChange,
    CalendarDay,
    CalendarYear,
    DeadlineChange,
    WorkingHoursVariant,
)
from tests.factories import UnitFactory

from .conftest import vn

pytestmark = pytest.mark.django_db


def start(subject, at="02/03/2026 07:30", amount=3, unit=None):
    return services.start_deadline(subject, unit=unit, time_unit="working_days", amount=amount, started_at=vn(at))


def days_of(year):
    cy = CalendarYear.objects.get(year=year)
    off = [(d.date, d.name) for d in cy.days.filter(kind="day_off")]
    work = [(d.date, d.name) for d in cy.days.filter(kind="working_day")]
    return off, work


def test_seed_is_idempotent_and_confirmed():
    assert services.seed_calendar() == []  # the data migration already loaded 2018–2027
    assert list(CalendarYear.objects.values_list("year", "confirmed")) == [(y, True) for y in range(2018, 2028)]
    assert CalendarDay.objects.filter(date=date(2026, 8, 22), kind="working_day").exists()
    CalendarYear.objects.filter(year=2027).delete()
    assert services.seed_calendar() == [2027]


def test_a_new_day_off_moves_open_deadlines_and_is_recorded():
    open_one = start("dossier:A")
    closed_one = start("dossier:B")
    services.close_deadline(closed_one, at=vn("03/03/2026 10:00"))
    closed_before = (closed_one.due_at, closed_one.timeliness)
    off, work = days_of(2026)
    change = services.set_year_days(
        2026, days_off=[*off, (date(2026, 3, 3), "Nghỉ đột xuất")], working_days=work, reason="Thêm ngày nghỉ 03/03"
    )
    open_one.refresh_from_db()
    closed_one.refresh_from_db()
    assert open_one.due_at == vn("05/03/2026 17:00")
    assert (closed_one.due_at, closed_one.timeliness) == closed_before
    assert (change.deadlines_recomputed, change.deadlines_moved) == (1, 1)
    moved = DeadlineChange.objects.get(deadline=open_one)
    assert (moved.old_due_at, moved.new_due_at, moved.calendar_change) == (
        vn("04/03/2026 17:00"), vn("05/03/2026 17:00"), change
    )


def test_recomputation_replays_pauses():
    deadline = start("dossier:A", amount=2)
    services.pause_deadline(deadline, at=vn("02/03/2026 17:00"))
    services.resume_deadline(deadline, at=vn("05/03/2026 07:30"))
    deadline.refresh_from_db()
    assert deadline.due_at == vn("05/03/2026 17:00")
    off, work = days_of(2026)
    services.set_year_days(2026, days_off=[*off, (date(2026, 3, 5), "Nghỉ")], working_days=work)
    deadline.refresh_from_db()
    assert deadline.due_at == vn("06/03/2026 17:00")


def test_a_make_up_saturday_added_pulls_deadlines_in():
    deadline = start("dossier:A", at="06/03/2026 10:00", amount=1)
    assert deadline.due_at == vn("09/03/2026 10:00")
    off, work = days_of(2026)
    services.set_year_days(2026, days_off=off, working_days=[*work, (date(2026, 3, 7), "Làm bù")])
    deadline.refresh_from_db()
    assert deadline.due_at == vn("07/03/2026 10:00")


def test_unit_override_applies_to_the_subtree_and_nearest_wins():
    city = UnitFactory(code="CP")
    desk = UnitFactory(code="CP-HCC", parent=city)
    on_desk = start("dossier:A", unit=desk)
    elsewhere = start("dossier:B")
    services.set_unit_override(city, date(2026, 3, 3), is_working=False, name="Lễ hội địa phương")
    on_desk.refresh_from_db()
    elsewhere.refresh_from_db()
    assert on_desk.due_at == vn("05/03/2026 17:00")
    assert elsewhere.due_at == vn("04/03/2026 17:00")
    services.set_unit_override(desk, date(2026, 3, 3), is_working=True, name="Trực tiếp nhận")
    on_desk.refresh_from_db()
    assert on_desk.due_at == vn("04/03/2026 17:00")
    services.remove_unit_override(desk, date(2026, 3, 3))
    on_desk.refresh_from_db()
    assert on_desk.due_at == vn("05/03/2026 17:00")


def test_working_hours_change_recomputes():
    unit = UnitFactory(code="CP-HCC")
    deadline = start("dossier:A", unit=unit, amount=1, at="05/05/2026 07:30")
    assert deadline.due_at == vn("05/05/2026 17:00")
    WorkingHoursVariant.objects.create(
        unit=unit, name="Giờ mùa hè", from_month=4, from_day=15, to_month=10, to_day=14,
        periods=[["07:00", "11:30"], ["13:30", "17:00"]],
    )
    services.calendar_changed("Giờ mùa hè", unit=unit)
    deadline.refresh_from_db()
    assert deadline.due_at == vn("06/05/2026 07:30")  # 8 h from 07:30: 4 h + 3.5 h, then 30 min


def test_calendars_follow_changes_made_elsewhere():
    before = calendar_for(None)
    assert before is calendar_for(None)
    CalendarChange.objects.create(reason="autre processus", token="x" * 32)
    assert calendar_for(None) is not before


def test_propose_and_confirm_a_year():
    cy = services.propose_year(2028)
    assert not cy.confirmed
    assert cy.days.filter(name="Tết Nguyên Đán").exists()
    services.confirm_year(2028)
    cy.refresh_from_db()
    assert cy.confirmed and cy.confirmed_at is not None
