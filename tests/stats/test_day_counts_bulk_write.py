"""Many day counts at once (a bulk load: the generator's workers sum them) are added to the rows already
there, as a single transition's few are: on PostgreSQL above `COPY_FROM` rows by COPY into a scratch table
and one INSERT … SELECT … ON CONFLICT, below it by statements of bound values — the same rows either way."""
from datetime import date, timedelta

import pytest

from motcua.stats import summary
from motcua.stats.models import COLUMNS_OF_A_DAY, DayCount
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def _counts(units: list[int], days: int, factor: int) -> dict:
    width = len(COLUMNS_OF_A_DAY)
    start = date(2019, 1, 1)
    return {
        (unit, field, channel, start + timedelta(days=d)): [(d + i + unit) % 5 * factor for i in range(width)]
        for unit in units for field in (0, 7) for channel in ("counter", "online") for d in range(days)
    }


def _table() -> dict:
    rows = DayCount.objects.values_list("unit_id", "field_id", "channel", "day", *COLUMNS_OF_A_DAY)
    return {row[:4]: list(row[4:]) for row in rows}


@pytest.mark.parametrize("copy_from", [10**9, 100])  # statements only; COPY (on PostgreSQL) above 100 rows
def test_bulk_counts_add_to_the_rows_already_there(monkeypatch, copy_from):
    monkeypatch.setattr(summary, "COPY_FROM", copy_from)
    units = [Unit.objects.create(code=f"T-{i}", name=f"Đơn vị {i}", kind="ward", path=f"/T-{i}/").pk for i in range(3)]
    first, second = _counts(units, 130, 1), _counts(units[:2], 200, 2)
    assert len(first) > 1500 and len(second) > 1500
    summary.add_counts(first)
    summary.add_counts(second)
    expected: dict = {}
    for counts in (first, second):
        summary.merge_counts(expected, counts)
    assert _table() == {key: values for key, values in expected.items() if any(values)}
