"""Within one request the newest calendar-change token is read once (issue 10: an intake read it six times,
a worklist three). A change made by another process is seen at the next request; one made in this request
(a service that changes a calendar) is seen at once, and the request then reads the token at every call.
An intake reading it once: tests/dossiers/test_intake_reads_the_calendar_token_once.py."""
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.units.models import Unit
from motcua.workdays import services
from motcua.workdays.calendars import calendar_for, one_token_per_request
from motcua.workdays.models import CalendarChange, UnitDayOverride

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 4)  # a Wednesday, a working day


def token_reads(ctx) -> int:
    return sum('FROM "workdays_calendarchange"' in q["sql"] for q in ctx.captured_queries)


def test_outside_a_request_every_call_reads_the_token():
    unit = Unit.objects.create(code="T-LICH", name="Đơn vị thử lịch", kind="ward", path="/T-LICH/")
    with CaptureQueriesContext(connection) as ctx:
        calendar_for(unit)
        calendar_for(unit)
    assert token_reads(ctx) == 2


def test_a_request_reads_it_once_and_another_process_s_change_is_seen_at_the_next():
    unit = Unit.objects.create(code="T-LICH", name="Đơn vị thử lịch", kind="ward", path="/T-LICH/")
    with one_token_per_request():
        assert calendar_for(unit).day_status(DAY)[0]
        # Another process makes the day a day off: its rows and a new token, without this process knowing.
        UnitDayOverride.objects.create(unit=unit, date=DAY, is_working=False, name="Nghỉ đột xuất")
        CalendarChange.objects.create(reason="khác tiến trình", unit=unit, token=uuid.uuid4().hex)
        with CaptureQueriesContext(connection) as ctx:
            assert calendar_for(unit).day_status(DAY)[0]  # the request keeps the calendar it began with
            calendar_for(None)
        assert token_reads(ctx) == 0
    with one_token_per_request():  # the next request
        assert not calendar_for(unit).day_status(DAY)[0]


def test_a_change_made_within_the_request_is_seen_at_once():
    unit = Unit.objects.create(code="T-LICH", name="Đơn vị thử lịch", kind="ward", path="/T-LICH/")
    with one_token_per_request():
        assert calendar_for(unit).day_status(DAY)[0]
        services.set_unit_override(unit, DAY, is_working=False, name="Nghỉ đột xuất")
        assert not calendar_for(unit).day_status(DAY)[0]
        with CaptureQueriesContext(connection) as ctx:
            calendar_for(unit)
        assert token_reads(ctx) == 1  # after a change, read at every call, as outside a request
