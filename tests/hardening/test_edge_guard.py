"""Bad bytes and oversized bodies are refused at the edge, before any view reads or writes."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API_PATHS = ["/api/v1/lookup/{x}", "/api/v1/procedures/{x}", "/api/v1/dossiers/{x}", "/api/v1/units?q={x}",
             "/api/v1/procedures?q={x}", "/api/v1/calendar/due?start={x}&amount=1&time_unit=working_days"]
PAGE_PATHS = ["/tra-cuu/{x}/", "/thu-tuc/?q={x}", "/thu-tuc/{x}/"]


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("bad", ["%00", "a%00b", "%1F", "%7F", "x%0Ay"])
def test_control_characters_in_api_paths_and_queries_answer_400_problem(api, path, bad):
    r = api.get(path.format(x=bad))
    assert r.status_code == 400
    assert r["Content-Type"] == "application/problem+json"
    assert "ký tự điều khiển" in r.json()["detail"]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_control_characters_in_pages_answer_a_vietnamese_400_page(client, path):
    r = client.get(path.format(x="%00"))
    assert r.status_code == 400
    assert "ký tự điều khiển" in r.content.decode()


def test_a_nul_byte_in_a_json_body_path_parameter_changes_nothing(api):
    from motcua.dossiers.models import Dossier, DossierEvent

    r = api.post("/api/v1/dossiers/AB%00CD/actions", {"action": "receive", "version": 1}, format="json")
    assert r.status_code == 400
    assert Dossier.objects.count() == 0 and DossierEvent.objects.count() == 0


def test_an_oversized_json_body_answers_413_problem_without_reading_it(api, settings):
    body = b"{" + b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b"}"
    r = api.generic("POST", "/api/v1/auth/token", body, content_type="application/json")
    assert r.status_code == 413
    assert r["Content-Type"] == "application/problem+json"
    assert "quá lớn" in r.json()["detail"]


def test_an_oversized_upload_is_refused_but_a_large_one_within_the_limit_is_not_cut_at_the_edge(settings):
    from django.test import RequestFactory

    from motcua.common.middleware import EdgeGuardMiddleware

    settings.MOTCUA_MAX_UPLOAD_REQUEST_BYTES = 1000
    seen = []
    guard = EdgeGuardMiddleware(lambda request: seen.append(request) or "passed")
    rf = RequestFactory()
    big = rf.post("/api/v1/dossiers", data={"f": "x" * 2000})
    assert guard(big).status_code == 413
    small = rf.post("/api/v1/dossiers", data={"f": "x" * 100})
    assert guard(small) == "passed" and len(seen) == 1


def test_a_bad_content_length_is_refused(settings):
    from django.test import RequestFactory

    from motcua.common.middleware import EdgeGuardMiddleware

    request = RequestFactory().post("/api/v1/dossiers", data="{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = "dix"
    assert EdgeGuardMiddleware(lambda r: None)(request).status_code == 400


def test_ordinary_vietnamese_queries_pass(client):
    r = client.get("/thu-tuc/?q=gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng")
    assert r.status_code == 200


def test_django_refusals_under_the_api_are_problem_json():
    client = Client(raise_request_exception=False)
    from django.test import override_settings

    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3):
        r = client.post("/api/v1/auth/token", {f"f{i}": "x" for i in range(10)})
    assert r.status_code == 400
    assert r["Content-Type"] == "application/problem+json"
