"""Sign-in protection: an account or a client address is locked after repeated failures, on the web
form and the token endpoint alike, counted in the database (shared by every process); a client-sent
X-Forwarded-For is not believed unless the request comes from a trusted proxy."""
import pytest
from django.test import Client, RequestFactory

from motcua.accounts.models import User
from motcua.common.clientip import client_ip

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-that-2026!"


@pytest.fixture
def officer(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return User.objects.create_user("canbo.a", password=PASSWORD, role="specialist")


def web_login(client, username, password, **extra):
    return client.post("/dang-nhap/", {"username": username, "password": password}, **extra)


def token(api, username, password, **extra):
    return api.post("/api/v1/auth/token", {"username": username, "password": password}, format="json", **extra)


def test_the_web_form_locks_an_account_after_repeated_failures_even_with_the_right_password(officer):
    client = Client()
    for _ in range(4):
        assert web_login(client, "canbo.a", "sai").status_code == 200
    assert web_login(client, "canbo.a", "sai").status_code == 429  # the fifth failure locks
    r = web_login(client, "canbo.a", PASSWORD)
    assert r.status_code == 429
    assert "tạm bị khóa" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_locks_too_with_a_problem_and_retry_after(api, officer):
    for _ in range(4):
        assert token(api, "canbo.a", "sai").status_code == 401
    assert token(api, "canbo.a", "sai").status_code == 429
    r = token(api, "canbo.a", PASSWORD)
    assert r.status_code == 429
    assert r["Content-Type"] == "application/problem+json"
    assert int(r["Retry-After"]) > 0


def test_rotating_x_forwarded_for_does_not_escape_the_address_lockout(api, officer, settings):
    for i in range(5):
        token(api, f"khong-co-{i}", "sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    r = token(api, "canbo.b-khac", "sai", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert r.status_code == 429


def test_failures_on_the_web_and_the_api_add_up_for_one_account(api, officer):
    client = Client()
    for _ in range(3):
        web_login(client, "canbo.a", "sai")
    for _ in range(2):
        token(api, "canbo.a", "sai")
    assert token(api, "canbo.a", PASSWORD).status_code == 429


def test_client_address_is_remote_addr_unless_the_request_comes_from_a_trusted_proxy(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.5"
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request) == "203.0.113.5"  # not from the proxy: the header is the client's own
    via_proxy = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(via_proxy) == "198.51.100.7"  # the right-most address the proxy saw


def test_the_lookup_limit_ignores_a_client_sent_forwarded_for(api, settings):
    settings.MOTCUA_LOOKUP_RATE = "5/minute"
    codes = [api.get(f"/api/v1/lookup/KHONG-{i}", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}").status_code for i in range(7)]
    assert codes.count(429) == 2
