"""Vietnamese date and time wording of the forms ("09 giờ 30 phút, ngày 13 tháng 02 năm 2026")."""
from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from motcua.common.text import nfc


def _day(value: date | datetime) -> date:
    """The local date of an instant (a date stays itself)."""
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def vn_date(value: date | datetime | None) -> str:
    """ngày 13 tháng 02 năm 2026"""
    if value is None:
        return ""
    day = _day(value)
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def vn_datetime(value: datetime | None) -> str:
    """09 giờ 30 phút, ngày 13 tháng 02 năm 2026"""
    if value is None:
        return ""
    t = timezone.localtime(value)
    return f"{t:%H} giờ {t:%M} phút, {vn_date(t)}"


def short_date(value: datetime | date | None) -> str:
    """13/02/2026 (tables)"""
    return f"{_day(value):%d/%m/%Y}" if value is not None else ""


def short_datetime(value: datetime | None) -> str:
    """09:30 13/02/2026 (tables)"""
    if value is None:
        return ""
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


_PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Thị xã ", "Huyện ", "Quận ", "Thị trấn ")


def place_name(government_name: str) -> str:
    """"Thành phố Cẩm Phả" → "Cẩm Phả": the place written before the date of a document."""
    name = nfc(government_name)
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name
