"""Vietnamese date and time wording of the forms ("09 giờ 30 phút, ngày 13 tháng 02 năm 2026")."""
from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from motcua.common.text import nfc


def local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def vn_date(value: date | datetime | None) -> str:
    """ngày 13 tháng 02 năm 2026"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}"


def vn_datetime(value: datetime | None) -> str:
    """09 giờ 30 phút, ngày 13 tháng 02 năm 2026"""
    if value is None:
        return ""
    t = timezone.localtime(value)
    return f"{t:%H} giờ {t:%M} phút, {vn_date(t)}"


def short_date(value: datetime | date | None) -> str:
    """13/02/2026 (tables)"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d/%m/%Y}"


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
