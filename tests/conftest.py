"""Shared fixtures: an API client, the cache cleared between tests (throttles live there), the default
language restored after each test."""
import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_between_tests():
    """A request with the English cookie leaves English active in the thread (the locale middleware activates,
    nothing deactivates): the next test, if it calls services outside a request, would read the catalog's
    labels and messages in English. Every test starts and ends in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _audit_anchors_in_tmp(settings, tmp_path):
    """Anchors of the audit chain go to the test's own folder, never to the project's var/."""
    settings.MOTCUA_AUDIT_ANCHOR_FILE = str(tmp_path / "audit" / "anchors.jsonl")


@pytest.fixture(autouse=True)
def _no_signing_certificate(settings, tmp_path):
    """Results are signed where a certificate is configured (motcua.esign, ADR 0043): never with the one a
    `make run` left in var/esign, and no demo one made by `load_demo_city`; tests/esign make their own."""
    where = tmp_path / "esign"
    settings.MOTCUA_ESIGN_DIR = where
    settings.MOTCUA_ESIGN_KEY, settings.MOTCUA_ESIGN_CERT, settings.MOTCUA_ESIGN_CHAIN = (
        str(where / name) for name in ("signer-key.pem", "signer-cert.pem", "ca-cert.pem")
    )
    settings.MOTCUA_ESIGN_PKCS12 = ""
    settings.MOTCUA_ESIGN_DEMO_CERTIFICATE = False


@pytest.fixture(autouse=True)
def _no_demo_year(settings):
    # `load_demo_city` loads the seed's year (113,060 dossiers) unless told not to; tests ask for it.
    settings.DEMO_YEAR = False
    # Nor Cẩm Phả's change of 1 July 2025 (tests of the change load it: tests/demo/test_reorganisation_2025.py).
    settings.DEMO_REORGANISATION_2025 = False


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language (Vietnamese): a request in English (the language
    cookie) leaves English active in the thread, which would leak into the next test's gettext calls."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def api():
    return APIClient()


def pytest_configure(config):
    """The test client and the browser journeys' live server speak plain HTTP on 127.0.0.1, as
    `make run` does (MOTCUA_PLAIN_HTTP=1); production settings are HTTPS-only by default and are
    checked as they are in tests/hardening/test_deploy_settings.py."""
    from django.conf import settings

    settings.PLAIN_HTTP = True
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Officers made by the factories sign in with a password alone here; two-factor sign-in is tested
    # with it switched on (tests/accounts/test_two_factor.py), as production has it by default.
    settings.MOTCUA_REQUIRE_2FA = False
