"""The demo city's units, calendar and accounts (no catalog: feedback does not need it; fast)."""
from datetime import datetime

import pytest
from django.utils import timezone

from motcua.feedback import services

WARD = "CP-CTR"  # phường Cẩm Trung
WARD_DESK = "CP-CTR-MC"  # its one-stop desk
WARD_OFFICER = "chuyenvien.camtrung"  # CP-CTR
DESK_OFFICER = "tiepnhan.camtrung"  # CP-CTR-MC
OTHER_DESK_OFFICER = "tiepnhan.mongduong"  # CP-MD-MC
CITY_LEADER = "lanhdao.cp"  # CP


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def city(db, settings):
    from motcua.accounts.models import User
    from motcua.demo.services import load_demo_accounts, load_demo_units
    from motcua.workdays.services import seed_calendar

    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_units()
    seed_calendar()
    load_demo_accounts()
    return {u.username: u for u in User.objects.select_related("unit")}


def data(**overrides) -> dict:
    base = {
        "unit": WARD_DESK,
        "subject": "Cán bộ hẹn trả kết quả nhưng chưa trả",
        "content": "Tôi nộp hồ sơ ngày 02/12, đến hẹn vẫn chưa nhận được kết quả.",
        "name": "Trần Thị Bình",
        "phone": "0912 345 678",
        "email": "",
        "address": "Tổ 5, khu 3, phường Cẩm Trung",
        "dossier_code": "",
    }
    base.update(overrides)
    return base


def file_one(*, at=None, filer=None, **overrides):
    return services.submit_feedback(data(**overrides), filer=filer, at=at or local(2024, 12, 2, 9))
