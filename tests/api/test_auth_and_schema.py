"""POST /api/v1/auth/token, bearer authentication, the OpenAPI schema and problem+json for unknown paths."""
import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_for_good_credentials_authenticates_with_bearer(api):
    user = UserFactory(username="tiepnhan", password="Mat-khau-2026")
    response = api.post("/api/v1/auth/token", {"username": "tiepnhan", "password": "Mat-khau-2026"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 20
    from rest_framework.authtoken.models import Token

    assert Token.objects.get(key=token).user == user


def test_same_user_gets_the_same_token(api):
    UserFactory(username="a", password="Mat-khau-2026")
    first = api.post("/api/v1/auth/token", {"username": "a", "password": "Mat-khau-2026"}, format="json").json()
    second = api.post("/api/v1/auth/token", {"username": "a", "password": "Mat-khau-2026"}, format="json").json()
    assert first == second


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"username": "a", "password": "wrong"}, 401, None),
        ({"username": "a"}, 400, "password"),
        ({}, 400, "username"),
    ],
)
def test_bad_credentials_are_problems_and_create_no_token(api, body, status, field):
    UserFactory(username="a", password="Mat-khau-2026")
    response = api.post("/api/v1/auth/token", body, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    if field:
        assert field in {e["field"] for e in problem["errors"]}
    from rest_framework.authtoken.models import Token

    assert Token.objects.count() == 0


def test_malformed_json_is_a_problem(api):
    response = api.generic("POST", "/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_a_bad_bearer_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer nope")
    response = api.get("/api/v1/units")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_schema_lists_the_contract_paths(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/auth/token", "/api/v1/units", "/api/v1/procedures", "/api/v1/procedures/{code}"):
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_unknown_api_path_is_a_problem(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Không tìm thấy"
