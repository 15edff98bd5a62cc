"""Admins edit a year of the calendar, confirm it, and see a warning when a needed year is not confirmed."""
from datetime import date

import pytest
import time_machine

from motcua.workdays import services
from motcua.workdays.models import CalendarChange, CalendarYear, DeadlineChange
from tests.factories import UserFactory

from .conftest import vn

pytestmark = pytest.mark.django_db
ADMIN = "/quan-tri/workdays/calendaryear/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def year_form(cy: CalendarYear, extra_days=(), **fields) -> dict:
    days = list(cy.days.order_by("date"))
    data = {
        "confirmed": "on" if cy.confirmed else "",
        "note": cy.note,
        "days-TOTAL_FORMS": str(len(days) + len(extra_days)),
        "days-INITIAL_FORMS": str(len(days)),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, d in enumerate(days):
        data.update({
            f"days-{i}-id": str(d.pk), f"days-{i}-calendar_year": str(cy.pk),
            f"days-{i}-date": d.date.isoformat(), f"days-{i}-kind": d.kind, f"days-{i}-name": d.name,
        })
    for j, (day, kind, name) in enumerate(extra_days, len(days)):
        data.update({
            f"days-{j}-calendar_year": str(cy.pk), f"days-{j}-date": day.isoformat(),
            f"days-{j}-kind": kind, f"days-{j}-name": name,
        })
    data.update(fields)
    return {k: v for k, v in data.items() if v != ""}


def test_editing_a_year_in_the_admin_recomputes_open_deadlines(admin_client):
    deadline = services.start_deadline(
        "dossier:A", unit=None, time_unit="working_days", amount=3, started_at=vn("02/03/2026 07:30")
    )
    cy = CalendarYear.objects.get(year=2026)
    response = admin_client.post(
        f"{ADMIN}{cy.pk}/change/", year_form(cy, [(date(2026, 3, 3), "day_off", "Nghỉ đột xuất")])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deadline.refresh_from_db()
    assert deadline.due_at == vn("05/03/2026 17:00")
    change = CalendarChange.objects.filter(year=2026).first()
    assert change.deadlines_moved == 1
    assert DeadlineChange.objects.get(deadline=deadline).calendar_change == change


def test_adding_a_year_proposes_its_days_and_confirming_is_recorded(admin_client):
    response = admin_client.post(
        f"{ADMIN}add/",
        {"year": "2028", "days-TOTAL_FORMS": "0", "days-INITIAL_FORMS": "0",
         "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000"},
    )
    assert response.status_code == 302
    cy = CalendarYear.objects.get(year=2028)
    assert not cy.confirmed
    assert cy.days.filter(name="Tết Nguyên Đán").exists()
    response = admin_client.post(
        f"{ADMIN}{cy.pk}/change/",
        year_form(cy, [(date(2028, 1, 8), "working_day", "Làm bù")], confirmed="on"),
    )
    assert response.status_code == 302
    cy.refresh_from_db()
    assert cy.confirmed and cy.confirmed_at and cy.confirmed_by
    assert cy.days.filter(date=date(2028, 1, 8), kind="working_day").exists()


def test_confirm_action(admin_client):
    services.propose_year(2029)
    cy = CalendarYear.objects.get(year=2029)
    admin_client.post(ADMIN, {"action": "confirm_years", "_selected_action": [cy.pk]})
    cy.refresh_from_db()
    assert cy.confirmed


def dashboard(client, at):
    with time_machine.travel(vn(at), tick=False):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.get("/quan-tri/")
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_warns_when_the_next_60_days_fall_in_an_unconfirmed_year(client):
    page = dashboard(client, "15/12/2027 09:00")
    assert "calendar-warnings" in page
    assert "Lịch năm 2028 chưa có" in page


def test_dashboard_is_quiet_when_the_calendar_is_confirmed(client):
    page = dashboard(client, "02/03/2026 09:00")
    assert "calendar-warnings" not in page
