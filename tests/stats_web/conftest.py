"""The demo city for the leaders' desk, and dossiers in known states to count."""
from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import load_demo_city

BUILDING_PERMIT = "1.009994.000.00.00.H49"  # city (CP-HCC → CP-QLDT → CP → CP-HCC), 15 working days
BIRTH = "1.001193.000.00.00.H49"  # ward, same day
APPLICANT = {"name": "Trần Thị Bình", "id_number": "022190000123", "phone": "0912345678",
             "email": "binh@example.vn", "address": "Tổ 5, khu 3, phường Cẩm Trung"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


@pytest.fixture
def client_as(client, city):
    def login(username):
        client.force_login(city[username])
        return client

    return login
