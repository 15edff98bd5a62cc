"""Shared fixtures: an API client, and the cache cleared between tests (throttles live there)."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_demo_year(settings):
    # `load_demo_city` loads the seed's year (113,060 dossiers) unless told not to; tests ask for it.
    settings.DEMO_YEAR = False


@pytest.fixture
def api():
    return APIClient()
