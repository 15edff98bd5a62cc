"""Fixtures of the working-calendar tests: calendars cached per process are forgotten between tests."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays.calendars import invalidate

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fresh_calendars():
    invalidate()
    yield
    invalidate()


def vn(text: str) -> datetime:
    """'13/02/2026 09:30' → an aware instant in Asia/Ho_Chi_Minh."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)
