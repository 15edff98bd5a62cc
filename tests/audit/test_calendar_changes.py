"""Calendar changes are journalled: a proposed year, edited days, a confirmation, a unit's own day, a
working-hours variant — each one event with what changed, linked to the deadline recomputation by its
reason, and rolled back with the change."""
from datetime import date

import pytest
from django.db import transaction

from motcua.audit.models import ChangeEvent
from motcua.units.models import Unit
from motcua.units.services import load_units
from motcua.workdays import services
from motcua.workdays.calendars import invalidate
from motcua.workdays.models import CalendarDay, CalendarYear, UnitDayOverride

pytestmark = pytest.mark.django_db
ADMIN = "/quan-tri/workdays/calendaryear/"


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def _fresh_calendars():
    invalidate()
    yield
    invalidate()


@pytest.fixture
def ward(db):
    load_units([
        {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None},
        {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
    ])
    return Unit.objects.get(code="CP-CTR")


def test_proposing_a_year_writes_one_propose_event_with_its_days(journal, admin_user):
    services.propose_year(2031, actor=admin_user)
    (event,) = journal.new()
    assert (event.action, event.object_repr, event.actor_name) == ("propose", "Lịch năm 2031", "quantri")
    assert any("Quốc khánh" in day or "02/09/2031" in day for day in event.changes["days"]["thêm"])
    assert event.changes["days"]["bỏ"] == [] and "holidays" in event.note


def test_editing_a_years_days_records_the_days_gained_and_lost(journal):
    services.set_year_days(2031, days_off=[(date(2031, 9, 2), "Quốc khánh")])
    journal.mark()
    services.set_year_days(
        2031, days_off=[(date(2031, 9, 2), "Quốc khánh"), (date(2031, 9, 3), "Nghỉ liền kề")],
        working_days=[(date(2031, 9, 6), "Làm bù")], reason="Thông báo nghỉ lễ 2/9",
    )
    (event,) = journal.new()
    assert event.action == "update" and event.note == "Thông báo nghỉ lễ 2/9"
    assert event.changes["days"] == {
        "thêm": ["03/09/2031 day_off Nghỉ liền kề", "06/09/2031 working_day Làm bù"], "bỏ": [],
    }


def test_confirming_a_year_writes_one_event_and_confirming_again_none(journal, admin_user):
    services.propose_year(2031)
    journal.mark()
    services.confirm_year(2031, actor=admin_user)
    services.confirm_year(2031, actor=admin_user)
    (event,) = journal.new()
    assert event.action == "confirm" and event.changes == {"confirmed": [False, True]}


def test_a_units_own_day_is_journalled_on_create_update_and_delete(journal, ward):
    journal.mark()
    services.set_unit_override(ward, date(2031, 4, 10), is_working=False, name="Giỗ Tổ (bù)")
    services.set_unit_override(ward, date(2031, 4, 10), is_working=False, name="Nghỉ bù Giỗ Tổ")
    services.remove_unit_override(ward, date(2031, 4, 10))
    created, updated, deleted = journal.new()
    assert created.action == "create" and created.changes["name"] == [None, "Giỗ Tổ (bù)"]
    assert updated.action == "update" and updated.changes == {"name": ["Giỗ Tổ (bù)", "Nghỉ bù Giỗ Tổ"]}
    assert deleted.action == "delete" and deleted.changes["name"] == ["Nghỉ bù Giỗ Tổ", None]
    assert created.object_id == updated.object_id == deleted.object_id


def test_a_calendar_change_rolled_back_leaves_no_event(journal, ward):
    journal.mark()
    with pytest.raises(Boom), transaction.atomic():
        services.set_unit_override(ward, date(2031, 4, 10), is_working=False, name="Nghỉ")
        raise Boom
    assert journal.new() == [] and not UnitDayOverride.objects.exists()


def test_an_admin_year_edit_with_confirmation_writes_an_update_then_a_confirm(admin_client, journal):
    services.propose_year(2031)
    cy = CalendarYear.objects.get(year=2031)
    days = list(cy.days.order_by("date"))
    data = {
        "confirmed": "on", "note": "",
        "days-TOTAL_FORMS": str(len(days) + 1), "days-INITIAL_FORMS": str(len(days)),
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        f"days-{len(days)}-calendar_year": str(cy.pk), f"days-{len(days)}-date": "2031-01-04",
        f"days-{len(days)}-kind": "working_day", f"days-{len(days)}-name": "Làm bù",
    }
    for i, d in enumerate(days):
        data.update({
            f"days-{i}-id": str(d.pk), f"days-{i}-calendar_year": str(cy.pk),
            f"days-{i}-date": d.date.isoformat(), f"days-{i}-kind": d.kind, f"days-{i}-name": d.name,
        })
    journal.mark()
    assert admin_client.post(f"{ADMIN}{cy.pk}/change/", data).status_code == 302
    update, confirm = journal.new()
    assert update.action == "update" and update.changes[str(CalendarDay._meta.verbose_name_plural)]["thêm"] == ["04/01/2031 — Làm bù"]
    assert confirm.action == "confirm"


def test_an_admin_working_hours_variant_is_journalled(admin_client, journal, ward):
    journal.mark()
    response = admin_client.post("/quan-tri/workdays/workinghoursvariant/add/", {
        "unit": ward.pk, "name": "Giờ mùa hè", "from_day": "1", "from_month": "5", "to_day": "30",
        "to_month": "9", "periods": '[["07:00", "11:30"], ["13:30", "17:00"]]',
    })
    assert response.status_code == 302, response.content.decode()[-3000:]
    (event,) = journal.new()
    assert event.action == "create" and event.model == "workinghoursvariant"
    assert event.changes["periods"] == [None, [["07:00", "11:30"], ["13:30", "17:00"]]]
    assert ChangeEvent.objects.filter(model="workinghoursvariant").count() == 1
