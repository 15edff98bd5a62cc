"""Two-factor sign-in (TOTP with recovery codes) for officers and administrators: enrolment in the
browser, the code at sign-in, `otp` on the token endpoint; citizens and demo accounts in demo mode
go without."""
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-that-2026!"


@pytest.fixture(autouse=True)
def required(settings):
    settings.MOTCUA_REQUIRE_2FA = True


@pytest.fixture
def officer(db):
    from motcua.units.models import Unit

    unit = Unit.objects.create(code="X-PH", name="Phòng thử", kind="department")
    return User.objects.create_user("canbo.otp", password=PASSWORD, role="specialist", unit=unit)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def next_window():
    """A code is accepted once: the next sign-in happens in a later 30-second window."""
    return time_machine.travel(timezone.now() + timedelta(seconds=61))


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Walks the enrolment page as the officer would; returns the device and the recovery codes."""
    r = client.get("/tai-khoan/xac-thuc/")
    assert r.status_code == 200 and "<svg" in r.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    r = client.post("/tai-khoan/xac-thuc/", {"otp": current_code(device), "next": "/can-bo/"})
    assert r.status_code == 200
    codes = r.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_an_officer_without_a_device_signs_in_then_must_enrol_before_any_page(officer):
    client = Client()
    r = client.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD})
    assert r.status_code == 302
    r = client.get("/can-bo/")
    assert r.status_code == 302 and r["Location"].startswith("/tai-khoan/xac-thuc/")
    enrol(client)
    assert client.get("/can-bo/").status_code == 200


def test_once_enrolled_the_sign_in_asks_for_the_code(officer):
    client = Client()
    client.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD})
    device, _ = enrol(client)
    client.post("/dang-xuat/")

    fresh = Client()
    r = fresh.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD})
    assert r.status_code == 200 and "xác thực hai bước" in r.content.decode()
    assert "_auth_user_id" not in fresh.session
    r = fresh.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD, "otp": "000000"})
    assert r.status_code == 200 and "không đúng" in r.content.decode()
    with next_window():
        r = fresh.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD, "otp": current_code(device)})
        assert r.status_code == 302
        assert fresh.get("/can-bo/").status_code == 200


def test_a_recovery_code_works_once(officer):
    client = Client()
    client.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD})
    _, codes = enrol(client)
    first = Client()
    assert first.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD, "otp": codes[0]}).status_code == 302
    again = Client()
    assert again.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD, "otp": codes[0]}).status_code == 200


def test_the_token_endpoint_needs_otp_for_an_enrolled_officer(api, officer):
    r = api.post("/api/v1/auth/token", {"username": "canbo.otp", "password": PASSWORD}, format="json")
    assert r.status_code == 403 and "bật" in r.json()["detail"]  # not enrolled yet: enrol in the browser
    client = Client()
    client.post("/dang-nhap/", {"username": "canbo.otp", "password": PASSWORD})
    device, _ = enrol(client)
    r = api.post("/api/v1/auth/token", {"username": "canbo.otp", "password": PASSWORD}, format="json")
    assert r.status_code == 401 and "otp" in r.json()["detail"]
    r = api.post("/api/v1/auth/token", {"username": "canbo.otp", "password": PASSWORD, "otp": "123456"}, format="json")
    assert r.status_code == 401
    with next_window():
        r = api.post("/api/v1/auth/token", {"username": "canbo.otp", "password": PASSWORD, "otp": current_code(device)}, format="json")
    assert r.status_code == 200 and r.json()["token"]


def test_citizens_sign_in_without_a_second_factor(api):
    User.objects.create_user("congdan.x", password=PASSWORD, role="citizen")
    assert api.post("/api/v1/auth/token", {"username": "congdan.x", "password": PASSWORD}, format="json").status_code == 200
    client = Client()
    client.post("/dang-nhap/", {"username": "congdan.x", "password": PASSWORD})
    assert client.get("/ca-nhan/").status_code == 200


def test_demo_accounts_in_demo_mode_go_without(api, settings):
    settings.DEMO_MODE = True
    from motcua.demo import services

    services.load_demo_city()
    r = api.post("/api/v1/auth/token", {"username": "tiepnhan.hcc", "password": "MotCua@2018"}, format="json")
    assert r.status_code == 200
