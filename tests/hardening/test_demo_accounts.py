"""Demo accounts (published password) work only in demo mode; the deploy check refuses the password."""
import logging

import pytest
from django.core import checks
from rest_framework.authtoken.models import Token

from motcua.accounts.checks import published_demo_password
from motcua.accounts.models import User
from motcua.accounts.services import enforce_demo_mode
from motcua.demo import services as demo

pytestmark = pytest.mark.django_db
PASSWORD = "MotCua@2018"


@pytest.fixture
def demo_city(settings):
    settings.DEMO_MODE = True
    demo.load_demo_city()
    return settings


def test_with_demo_mode_on_the_demo_admin_gets_a_token(api, demo_city):
    r = api.post("/api/v1/auth/token", {"username": "admin", "password": PASSWORD}, format="json")
    assert r.status_code == 200


def test_with_demo_mode_off_the_demo_admin_is_refused_a_token(api, demo_city):
    demo_city.DEMO_MODE = False
    r = api.post("/api/v1/auth/token", {"username": "admin", "password": PASSWORD}, format="json")
    assert r.status_code in (400, 401)
    assert "token" not in r.json()


def test_with_demo_mode_off_the_web_sign_in_refuses_demo_accounts(client, demo_city):
    demo_city.DEMO_MODE = False
    assert not client.login(username="tiepnhan.hcc", password=PASSWORD)


def test_a_token_or_session_made_in_demo_mode_stops_working_when_it_is_turned_off(api, client, demo_city):
    token = api.post("/api/v1/auth/token", {"username": "tiepnhan.hcc", "password": PASSWORD}, format="json").json()["token"]
    assert client.login(username="tiepnhan.hcc", password=PASSWORD)
    demo_city.DEMO_MODE = False
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/dossiers").status_code == 401
    r = client.get("/can-bo/")
    assert r.status_code == 302 and "/dang-nhap/" in r["Location"]


def test_starting_without_demo_mode_switches_the_demo_accounts_off_and_logs_it(api, demo_city, caplog):
    api.post("/api/v1/auth/token", {"username": "admin", "password": PASSWORD}, format="json")
    ordinary = User.objects.create_user("canbo.that", password="Mat-khau-rieng-2026", role="specialist")
    demo_city.DEMO_MODE = False
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        count = enforce_demo_mode()
    demo_total = User.objects.filter(is_demo=True).count()
    assert count == demo_total > 0
    assert not User.objects.filter(is_demo=True, is_active=True).exists()
    assert not Token.objects.filter(user__is_demo=True).exists()
    ordinary.refresh_from_db()
    assert ordinary.is_active
    assert "MOTCUA_DEMO=0" in caplog.text and "admin" in caplog.text
    assert enforce_demo_mode() == 0  # already off

    demo_city.DEMO_MODE = True
    demo.load_demo_city()  # demo mode again: switched back on
    assert User.objects.filter(is_demo=True, is_active=True).count() == demo_total


def test_demo_mode_on_switches_nothing_off(demo_city):
    assert enforce_demo_mode() == 0
    assert not User.objects.filter(is_demo=True, is_active=False).exists()


def test_deploy_check_fails_while_an_account_has_the_published_password(demo_city):
    errors = published_demo_password()
    assert [e.id for e in errors] == ["motcua.E001"]
    assert errors[0].level == checks.ERROR
    assert "admin" in errors[0].msg


def test_deploy_check_passes_once_every_such_password_is_changed(demo_city):
    for user in User.objects.all():
        user.set_password(f"Rieng-{user.username}-2026!")
        user.save()
    assert published_demo_password() == []


def test_deploy_check_sees_a_staff_account_given_the_demo_password_by_hand(db):
    User.objects.create_user("quantri", password=PASSWORD, is_staff=True)
    assert [e.id for e in published_demo_password()] == ["motcua.E001"]
