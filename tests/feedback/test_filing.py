"""Filing feedback on the portal: with or without an account, a tracking code, a due instant in working
time by the unit's calendar (the deadline engine), and a journal entry without the contact details."""
import re

from motcua.audit.models import ChangeEvent
from motcua.feedback.models import Feedback, FeedbackStatus

from .conftest import WARD_DESK, file_one, local


def test_anonymous_filing_gets_a_tracking_code_and_a_due_instant_ten_working_days_later(city):
    f = file_one(at=local(2024, 12, 2, 9))  # Monday
    assert re.fullmatch(r"PA-[A-HJ-NP-Z2-9]{10}", f.code)
    assert f.filer is None and f.status == FeedbackStatus.RECEIVED and f.unit.code == WARD_DESK
    # Ten working days: two weeks of Monday–Friday, no day off in December 2024.
    assert f.due_at == local(2024, 12, 16, 9)


def test_days_off_are_skipped_tet_2025(city):
    f = file_one(at=local(2025, 1, 24, 10))  # the Friday before Tết; 25/01–02/02/2025 are days off
    assert f.due_at == local(2025, 2, 14, 10)


def test_filed_on_a_saturday_the_clock_starts_on_monday_morning(city):
    f = file_one(at=local(2024, 12, 7, 20))
    # From Monday 07:30, ten whole working days end with the tenth day's last session (domain.md §3:
    # a due instant on the end of a working period stays there).
    assert f.due_at == local(2024, 12, 20, 17)


def test_the_limit_is_configurable_in_working_days(city, settings):
    settings.MOTCUA_FEEDBACK_WORKING_DAYS = 3
    f = file_one(at=local(2024, 12, 2, 9))
    assert f.due_at == local(2024, 12, 5, 9)


def test_a_citizen_signed_in_is_recorded_as_the_filer(city):
    citizen = city["congdan.demo"]
    f = file_one(filer=citizen)
    assert f.filer == citizen


def test_the_filing_is_journaled_without_the_contact_details(city):
    f = file_one(email="binh@example.vn")
    event = ChangeEvent.objects.get(app_label="feedback", object_id=str(f.pk))
    assert event.action == "create" and event.actor is None
    assert event.changes["unit"] == [None, WARD_DESK]
    assert event.changes["subject"] == [None, f.subject]
    text = str(event.changes) + event.note + event.object_repr
    assert "0912" not in text and "binh@example.vn" not in text and "Trần Thị Bình" not in text


def test_the_portal_form_files_it_and_shows_the_tracking_page(client, city):
    page = client.get("/phan-anh/gui/")
    assert page.status_code == 200 and "Gửi phản ánh, kiến nghị" in page.content.decode()
    r = client.post("/phan-anh/gui/", {
        "unit": WARD_DESK, "subject": "Thái độ cán bộ", "content": "Cán bộ trả lời thiếu lịch sự.",
        "name": "Lê Văn An", "phone": "", "email": "an@example.vn",
    }, follow=True)
    f = Feedback.objects.get()
    assert r.redirect_chain[-1][0] == f"/phan-anh/theo-doi/{f.code}/"
    body = r.content.decode()
    assert f.code in body and "Đang xử lý" in body and "Hạn trả lời" in body
