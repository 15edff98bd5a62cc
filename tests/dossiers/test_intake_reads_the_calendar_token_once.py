"""An intake asks for working calendars six times (the due instant, the holding's budget, the body's
remaining time…): the calendar-change token is read once for the whole request (issue 10)."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import BUILDING_PERMIT, token_client


def test_an_intake_reads_the_token_once(city):
    client = token_client(city, "tiepnhan.hcc")
    with CaptureQueriesContext(connection) as ctx:
        r = client.post("/api/v1/dossiers", {
            "procedure": BUILDING_PERMIT, "unit": "CP-HCC", "channel": "counter",
            "applicant": {"name": "Nguyễn Văn A", "id_number": "022190000123"},
        }, format="json")
    assert r.status_code == 201, r.content
    assert sum('FROM "workdays_calendarchange"' in q["sql"] for q in ctx.captured_queries) == 1
