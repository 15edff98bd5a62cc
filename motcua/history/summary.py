"""The figures a loaded scenario gives back, per group of reception units (the command prints them).

Counted here with plain queries over the dossiers (received by the reception unit in the year, resolved
in the year by timeliness, on-time rate = (early + on time) / resolved, rounded to two decimals), and the
statistics service's answer (`motcua.stats.selectors.figures`) beside.
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
    """The statistics service's answer for each group: one query per parent of the groups' units, grouped
    by unit (a group's units are reception units under a common level of government)."""
    from motcua.stats.selectors import figures
    from motcua.units.models import Unit

    codes = {code for g in scenario["groups"] for code in g["units"]}
    units = list(Unit.objects.filter(code__in=codes).select_related("parent"))
    by_unit: dict[str, dict] = {}
    for parent in {u.parent for u in units if u.parent is not None}:
        for group in figures(parent, date(year, 1, 1), date(year, 12, 31), group_by="unit")["groups"]:
            by_unit[group["key"]] = group
    for unit in units:  # a unit whose own dossiers did not form a group of its parent's: asked alone
        if unit.code not in by_unit:
            by_unit[unit.code] = figures(unit, date(year, 1, 1), date(year, 12, 31))
    lines = []
    for g in scenario["groups"]:
        counted = [by_unit[code] for code in g["units"] if code in by_unit]
        received = sum(c["received"]["new"] for c in counted)
        resolved = sum(c["resolved"]["total"] for c in counted)
        on_time = sum(c["resolved"]["early"] + c["resolved"]["on_time"] for c in counted)
        lines.append(
            f"Theo dịch vụ thống kê — {g['name']}: tiếp nhận {received:,}; đúng và trước hạn {percent(on_time, resolved)} %."
        )
    return lines
