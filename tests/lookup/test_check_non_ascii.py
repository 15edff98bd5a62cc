"""A check element with non-ASCII characters is simply wrong (404), never a 500 (found by schemathesis)."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("check", ["µµµµµµ", "Đ12345", "ẞ"])
def test_a_non_ascii_check_is_not_found_not_a_server_error(api, check):
    response = api.get("/api/v1/lookup/hµ", {"check": check})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
