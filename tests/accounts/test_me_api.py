"""`GET /api/v1/auth/me`: who the bearer of a token is; refused without a valid token (problem+json)."""
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.dossiers.conftest import token_client
from tests.factories import load_demo_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def test_the_bearer_is_named(city):
    officer = city["tiepnhan.hcc"]
    r = token_client(city, "tiepnhan.hcc").get("/api/v1/auth/me")
    assert r.status_code == 200
    assert r.json() == {"username": "tiepnhan.hcc", "full_name": officer.full_name, "role": officer.role,
                        "unit": officer.unit_id}


def test_without_a_token_it_is_refused_with_a_problem():
    r = APIClient().get("/api/v1/auth/me")
    assert r.status_code == 401
    assert r["Content-Type"].startswith("application/problem+json")


def test_an_expired_token_is_refused(city, settings):
    client = token_client(city, "tiepnhan.hcc")
    Token.objects.filter(user=city["tiepnhan.hcc"]).update(
        created=timezone.now() - timedelta(hours=settings.MOTCUA_TOKEN_TTL_HOURS + 1))
    r = client.get("/api/v1/auth/me")
    assert r.status_code == 401 and r["Content-Type"].startswith("application/problem+json")
    assert not Token.objects.filter(user=city["tiepnhan.hcc"]).exists()
