"""Anti-abuse: filings per client address are limited through the shared throttle cache (default 5 an
hour); the refused one gets a Vietnamese 429 page with Retry-After and stores nothing."""
from motcua.feedback.models import Feedback

from .conftest import WARD_DESK

FORM = {"unit": WARD_DESK, "subject": "Hỏi về lệ phí", "content": "Lệ phí bao nhiêu?", "name": "An", "phone": "0912345678"}


def test_the_sixth_filing_within_an_hour_is_refused_and_not_stored(client, city):
    for _ in range(5):
        assert client.post("/phan-anh/gui/", FORM).status_code == 302
    r = client.post("/phan-anh/gui/", FORM)
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn" in r.content.decode()
    assert Feedback.objects.count() == 5


def test_the_limit_is_per_client_address(client, city, settings):
    settings.MOTCUA_FEEDBACK_RATE = "1/hour"
    assert client.post("/phan-anh/gui/", FORM, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post("/phan-anh/gui/", FORM, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/phan-anh/gui/", FORM, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert Feedback.objects.count() == 2


def test_bad_attempts_count_too(client, city, settings):
    """A script trying endless bad bodies is stopped as well."""
    settings.MOTCUA_FEEDBACK_RATE = "2/hour"
    assert client.post("/phan-anh/gui/", {**FORM, "content": ""}).status_code == 400
    assert client.post("/phan-anh/gui/", {**FORM, "content": ""}).status_code == 400
    assert client.post("/phan-anh/gui/", FORM).status_code == 429
    assert Feedback.objects.count() == 0


def test_reading_the_form_is_not_limited(client, city, settings):
    settings.MOTCUA_FEEDBACK_RATE = "1/hour"
    for _ in range(3):
        assert client.get("/phan-anh/gui/").status_code == 200
