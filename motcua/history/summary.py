"""The figures a loaded scenario gives back, per group of reception units (the command prints them).

Counted here with plain queries over the dossiers (received by the reception unit in the year, resolved
in the year by timeliness, on-time rate = (early + on time) / resolved, rounded to two decimals); when
the statistics service (`motcua.stats.selectors.figures`) is present, its answer is printed beside.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier


def percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP) if whole else None


def group_figures(unit_codes, year: int) -> dict:
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    qs = Dossier.objects.filter(reception_unit__code__in=list(unit_codes))
    received = qs.filter(received_at__gte=start, received_at__lt=end).aggregate(
        total=Count("id"), online=Count("id", filter=Q(channel="online"))
    )
    resolved = qs.filter(resolved_at__gte=start, resolved_at__lt=end).exclude(timeliness="").aggregate(
        total=Count("id"), late=Count("id", filter=Q(timeliness="late"))
    )
    ratings = qs.exclude(rating="").aggregate(
        total=Count("id"), satisfied=Count("id", filter=Q(rating__in=["satisfied", "very_satisfied"]))
    )
    return {
        "received": received["total"], "online": received["online"], "resolved": resolved["total"],
        "late": resolved["late"], "on_time_rate": percent(resolved["total"] - resolved["late"], resolved["total"]),
        "ratings": ratings["total"], "satisfaction_rate": percent(ratings["satisfied"], ratings["total"]),
    }


def describe(scenario: dict) -> list[str]:
    year = int(scenario["year"])
    lines = []
    total = online = 0
    for g in scenario["groups"]:
        f = group_figures(g["units"], year)
        total += f["received"]
        online += f["online"]
        lines.append(
            f"{g['name']}: tiếp nhận {f['received']:,} (mục tiêu {g['received']:,}); trực tuyến {f['online']:,}; "
            f"đã giải quyết {f['resolved']:,}, trễ hạn {f['late']:,}; đúng và trước hạn {f['on_time_rate']} % "
            f"(mục tiêu {g['on_time_rate']} %); hài lòng {f['satisfaction_rate']} % trên {f['ratings']:,} đánh giá."
        )
    lines.append(f"Tổng: {total:,} hồ sơ, {online:,} trực tuyến (mục tiêu {scenario.get('online', 0):,}).")
    lines.extend(_service_lines(scenario, year))
    return lines


def _service_lines(scenario: dict, year: int) -> list[str]:
    try:
        from motcua.stats.selectors import figures  # the statistics service (issue 9 item 1), when merged
    except ImportError:
        return []
    from motcua.units.models import Unit

    lines = []
    for g in scenario["groups"]:
        units = list(Unit.objects.filter(code__in=list(g["units"])))
        received = resolved = on_time = 0
        for unit in units:
            body = figures(unit, date(year, 1, 1), date(year, 12, 31))
            received += body["received"]["new"]
            resolved += body["resolved"]["total"]
            on_time += body["resolved"]["early"] + body["resolved"]["on_time"]
        lines.append(
            f"Theo dịch vụ thống kê — {g['name']}: tiếp nhận {received:,}; đúng và trước hạn {percent(on_time, resolved)} %."
        )
    return lines
