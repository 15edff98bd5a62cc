"""API tokens expire and can be revoked."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-that-2026!"


@pytest.fixture
def citizen():
    return User.objects.create_user("congdan.t", password=PASSWORD, role="citizen")


def get_token(api):
    r = api.post("/api/v1/auth/token", {"username": "congdan.t", "password": PASSWORD}, format="json")
    assert r.status_code == 200
    return r.json()


def test_a_token_says_when_it_expires_and_stops_working_then(api, citizen, settings):
    settings.MOTCUA_TOKEN_TTL_HOURS = 12
    body = get_token(api)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert api.get("/api/v1/dossiers").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=12, seconds=1)):
        r = api.get("/api/v1/dossiers")
        assert r.status_code == 401 and "hết hạn" in r.json()["detail"]
    assert not Token.objects.filter(key=body["token"]).exists()


def test_a_new_token_is_issued_after_expiry(api, citizen):
    first = get_token(api)["token"]
    assert get_token(api)["token"] == first  # still valid: the same
    with time_machine.travel(timezone.now() + timedelta(hours=13)):
        assert get_token(api)["token"] != first


def test_a_token_can_be_revoked(api, citizen):
    key = get_token(api)["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.delete("/api/v1/auth/token").status_code == 204
    assert api.get("/api/v1/dossiers").status_code == 401


def test_revoking_without_a_token_is_401(api):
    assert api.delete("/api/v1/auth/token").status_code == 401
