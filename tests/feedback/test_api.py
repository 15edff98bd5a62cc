"""The feedback API: file (anonymous or with a citizen's token), follow by tracking code, rate; errors
are Vietnamese problem+json and store nothing; filings are rate-limited per client like the form."""
from motcua.feedback import services
from motcua.feedback.models import Feedback

from .conftest import DESK_OFFICER, WARD_DESK

BODY = {"unit": WARD_DESK, "subject": "Hỏi lệ phí", "content": "Lệ phí chứng thực bao nhiêu?", "name": "An",
        "email": "an@example.vn"}


def test_file_follow_and_rate(api, city):
    r = api.post("/api/v1/feedback", BODY, format="json")
    assert r.status_code == 201
    code = r.json()["code"]
    assert r.json()["status"] == "received" and r.json()["due_at"] and "email" not in r.json()
    services.answer_feedback(city[DESK_OFFICER], code, "2.000 đồng/trang.", publish=False)
    followed = api.get(f"/api/v1/feedback/{code}").json()
    assert (followed["status"], followed["answer"]) == ("answered", "2.000 đồng/trang.")
    rated = api.post(f"/api/v1/feedback/{code}/rating", {"satisfaction": "satisfied"}, format="json")
    assert rated.status_code == 200 and rated.json()["satisfaction"] == "satisfied"
    again = api.post(f"/api/v1/feedback/{code}/rating", {"satisfaction": "late"}, format="json")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"


def test_bad_input_is_a_vietnamese_problem_and_nothing_is_stored(api, city):
    r = api.post("/api/v1/feedback", {**BODY, "content": "x" * 4001}, format="json")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    assert "tối đa 4000 ký tự" in r.json()["detail"] and r.json()["errors"][0]["field"] == "content"
    assert Feedback.objects.count() == 0


def test_unknown_tracking_code_is_404(api, city):
    assert api.get("/api/v1/feedback/PA-KHONGCOMA").status_code == 404


def test_filings_are_rate_limited(api, city, settings):
    settings.MOTCUA_FEEDBACK_RATE = "1/hour"
    assert api.post("/api/v1/feedback", BODY, format="json").status_code == 201
    r = api.post("/api/v1/feedback", BODY, format="json")
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert Feedback.objects.count() == 1


def test_a_citizen_token_records_the_filer(api, city):
    api.force_authenticate(city["congdan.demo"])
    assert api.post("/api/v1/feedback", BODY, format="json").status_code == 201
    assert Feedback.objects.get().filer == city["congdan.demo"]
