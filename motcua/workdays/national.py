"""The national calendar as plain data: the shared file (2018–2027) and proposals of the `holidays` package."""
from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from .engine import YearDays

CALENDAR_FILE = Path(__file__).resolve().parent / "data" / "vn-calendar.json"


def read_calendar_file(path: Path = CALENDAR_FILE) -> dict[int, YearDays]:
    """Every year of the file: {year: YearDays(days_off, working_days)}."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[int, YearDays] = {}
    for year, days in raw["years"].items():
        out[int(year)] = YearDays(
            days_off={date.fromisoformat(r["date"]): r["name"] for r in days["days_off"]},
            working_days={date.fromisoformat(r["date"]): r["name"] for r in days["working_weekend_days"]},
        )
    return out


@cache
def file_years() -> dict[int, YearDays]:
    return read_calendar_file()


@cache
def proposed_year(year: int) -> YearDays:
    """Days off of a year as the `holidays` package knows them (Vietnam, in Vietnamese).

    It does not know the make-up Saturdays the government announces each year, so a proposal is only a
    start: an admin must complete and confirm it (docs/decisions/0007-holidays-package.md).
    """
    import holidays

    days = holidays.country_holidays("VN", years=year, language="vi")
    return YearDays(days_off={d: str(name) for d, name in sorted(days.items())}, working_days={})


def file_or_proposed(year: int) -> YearDays:
    """The shared file's year if it has it, else the package's proposal (tests, benchmark)."""
    return file_years().get(year) or proposed_year(year)
