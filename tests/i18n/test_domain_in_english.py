"""English for whoever asks for it, Vietnamese for everyone else (issue 15): problem+json titles and
details, the deadline explanations, model labels; the printed forms stay Vietnamese."""
from datetime import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from motcua.workdays.engine import TimeUnit, WorkingCalendar, YearDays
from motcua.workdays.explain import explain

pytestmark = pytest.mark.django_db
DUE = "/api/v1/calendar/due"


@pytest.fixture(autouse=True)
def _back_to_vietnamese():
    yield
    translation.activate(settings.LANGUAGE_CODE)  # a request in English leaves English active in the thread


def test_a_problem_is_vietnamese_by_default(api):
    body = api.get(DUE, {"amount": "3"}).json()
    assert body["title"] == "Dữ liệu không hợp lệ"
    assert body["detail"].startswith("Thiếu thời điểm bắt đầu")


def test_a_problem_in_english_keeps_its_type_and_status(api):
    vi = api.get(DUE, {"amount": "3"})
    en = api.get(DUE, {"amount": "3"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert en.status_code == vi.status_code == 400
    assert en["Content-Type"] == "application/problem+json"
    assert en.json()["type"] == vi.json()["type"] == "https://motcua.vn/problems/validation"
    assert en.json()["title"] == "Invalid data"
    assert en.json()["detail"] == "The start instant (start) is missing, in ISO 8601."
    assert en.json()["errors"] == [{"field": "start", "message": en.json()["detail"]}]


def test_the_language_cookie_wins_over_accept_language(api):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    body = api.get(DUE, {"amount": "3"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["title"] == "Dữ liệu không hợp lệ"


def test_pages_still_ignore_accept_language(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="vi"' in html


def test_a_drf_error_title_in_english(api):
    body = api.get("/api/v1/dossiers", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["status"] == 401 and body["title"] == "Not signed in"
    assert body["type"] == "https://motcua.vn/problems/unauthenticated"


def test_the_due_explanation_in_english(api):
    from motcua.workdays.services import seed_calendar

    seed_calendar()
    params = {"start": "2026-02-13T09:30:00+07:00", "amount": "3"}
    vi = api.get(DUE, params).json()["explanation"]
    en = api.get(DUE, params, HTTP_ACCEPT_LANGUAGE="en").json()["explanation"]
    assert vi.startswith("Hạn giải quyết: 09:30 thứ tư 25/02/2026 (3 ngày làm việc")
    assert "Tết Nguyên Đán" in vi
    assert en.startswith("Due: 09:30 Wednesday 25/02/2026 (3 working days, counted from")
    assert "not counted: Lunar New Year (Tết)" in en


def test_explain_without_an_active_translation_is_vietnamese():
    years = {2026: YearDays({}, {})}
    calendar = WorkingCalendar(lambda y: years.get(y, YearDays({}, {})))
    text = explain(calendar, datetime(2026, 3, 2, 9, 0), Decimal(1), TimeUnit.WORKING_DAYS).text
    assert text.startswith("Hạn giải quyết: 09:00 thứ ba 03/03/2026 (1 ngày làm việc")
    with translation.override("en"):
        text = explain(calendar, datetime(2026, 3, 2, 9, 0), Decimal(1), TimeUnit.WORKING_DAYS).text
    assert text.startswith("Due: 09:00 Tuesday 03/03/2026 (1 working days")


def test_model_labels_follow_the_language():
    from motcua.units.models import Unit, UnitKind

    assert str(Unit._meta.verbose_name) == "đơn vị"
    assert str(UnitKind.WARD.label) == "Phường"
    with translation.override("en"):
        assert str(Unit._meta.verbose_name) == "unit"
        assert str(UnitKind.WARD.label) == "Ward"


def test_printed_forms_stay_vietnamese():
    from motcua.forms.rendering import _in_vietnamese
    from motcua.workdays.models import TIME_UNIT_LABELS

    @_in_vietnamese
    def label():
        return str(TIME_UNIT_LABELS[TimeUnit.WORKING_DAYS])

    with translation.override("en"):
        assert str(TIME_UNIT_LABELS[TimeUnit.WORKING_DAYS]) == "working days"
        assert label() == "ngày làm việc"


def test_a_refusal_at_the_edge_in_english(api):
    vi = api.get("/api/v1/units?q=a%00b")
    en = api.get("/api/v1/units?q=a%00b", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 400
    assert vi.json()["detail"] == "Địa chỉ yêu cầu chứa ký tự điều khiển không hợp lệ."
    assert en.json()["detail"] == "The request address contains invalid control characters."
    assert en.json()["title"] == "Invalid data"


@pytest.mark.django_db
def test_a_dossier_api_error_detail_in_english(api):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="reader-en", password="x")
    api.force_authenticate(user)
    vi = api.get("/api/v1/dossiers", {"status": "bogus"}).json()
    en = api.get("/api/v1/dossiers", {"status": "bogus"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert vi["detail"] == "Trạng thái không hợp lệ."
    assert en["detail"] == "Invalid status."
