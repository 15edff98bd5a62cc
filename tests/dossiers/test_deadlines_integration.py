"""Dossier deadlines follow the working calendar as the admins keep it: years, unit overrides, hours."""
from datetime import date

from motcua.dossiers import deadlines
from motcua.dossiers.models import UnitHolding
from motcua.units.models import Unit
from motcua.workdays import services as workdays
from motcua.workdays.models import CalendarYear

from .conftest import BIRTH, BUILDING_PERMIT, MARITAL, SOCIAL_ALLOWANCE, act, local, receive


def year_days(year):
    cy = CalendarYear.objects.get(year=year)
    return (
        [(d.date, d.name) for d in cy.days.filter(kind="day_off")],
        [(d.date, d.name) for d in cy.days.filter(kind="working_day")],
    )


def add_national_day_off(day, name="Nghỉ đột xuất"):
    off, work = year_days(day.year)
    return workdays.set_year_days(day.year, days_off=[*off, (day, name)], working_days=work, reason=name)


def test_an_admin_day_off_moves_open_dossiers_and_not_resolved_ones(city):
    open_one = receive(city, at=local(2024, 11, 25, 9, 0))
    assert open_one.due_at == local(2024, 12, 16, 9, 0)
    done = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    done = act(city, done, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 8, 30))
    done = act(city, done, "chuyenvien.camtrung", "transfer", at=local(2024, 11, 25, 9, 0))
    done = act(city, done, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 10, 0))
    done = act(city, done, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 25, 11, 0))
    figures = (done.due_at, done.timeliness)

    add_national_day_off(date(2024, 12, 2))

    open_one.refresh_from_db()
    done.refresh_from_db()
    assert open_one.due_at == local(2024, 12, 17, 9, 0)  # one working day later
    assert (done.due_at, done.timeliness) == figures


def test_a_ward_day_off_applies_to_its_desk_dossiers_only(city):
    ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    center = receive(city, at=local(2024, 11, 25, 9, 0))
    ward_due, center_due = ward.due_at, center.due_at
    assert ward_due == local(2024, 11, 28, 9, 0)

    workdays.set_unit_override(Unit.objects.get(code="CP-CTR"), date(2024, 11, 26), is_working=False, name="Bầu cử")

    ward.refresh_from_db()
    center.refresh_from_db()
    assert ward.due_at == local(2024, 11, 29, 9, 0)
    assert center.due_at == center_due


def test_new_dossiers_use_the_unit_override_at_intake(city):
    workdays.set_unit_override(Unit.objects.get(code="CP-CTR"), date(2024, 11, 26), is_working=False, name="Bầu cử")
    ward = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    assert ward.due_at == local(2024, 11, 29, 9, 0)


def test_receipt_preview_across_tet_2026_names_the_holiday(city):
    from motcua.catalog.models import Procedure

    version = Procedure.objects.get(code=MARITAL).current_version
    due, text, skipped = deadlines.preview_due(
        Unit.objects.get(code="CP-CTR-MC"), version, local(2026, 2, 13, 9, 30), "counter"
    )
    assert due == local(2026, 2, 25, 9, 30)
    assert "Tết Nguyên Đán" in text
    assert date(2026, 2, 17) in [d for d, _ in skipped]


def test_open_unit_holdings_follow_a_calendar_change(city):
    d = receive(city, "tiepnhan.camtrung", SOCIAL_ALLOWANCE, "CP-CTR-MC", at=local(2024, 11, 25, 8, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 0))
    holding = UnitHolding.objects.get(dossier=d, unit__code="CP-CTR", ended_at__isnull=True)
    before = holding.due_at
    assert before is not None and before > local(2024, 11, 26, 0, 0)

    add_national_day_off(date(2024, 11, 26))

    holding.refresh_from_db()
    assert holding.due_at > before


def test_building_permit_due_is_unchanged_by_a_day_off_after_it(city):
    d = receive(city, procedure=BUILDING_PERMIT, at=local(2024, 11, 25, 9, 0))
    add_national_day_off(date(2024, 12, 20))
    d.refresh_from_db()
    assert d.due_at == local(2024, 12, 16, 9, 0)
