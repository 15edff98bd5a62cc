import pytest

from tests.portal.catalog_data import build_catalog


@pytest.fixture
def catalog(db):
    return build_catalog()
