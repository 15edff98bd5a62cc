"""The results of the evaluation per unit and period (Circular 01/2018/TT-VPCP Art. 13–14): per indicator
averages, the average total, the levels' distribution, and the unit's score.

An evaluation counts in the period its `at` falls in (the instant of its rate event), for the unit that
received the dossier and every unit above it — as the satisfaction figure of the statistics does. One
grouped query (by reception unit, level and satisfaction) gives sums and counts; the unit and its direct
children are rolled up from them, so every average is a true average over the dossiers, not an average of
averages.

The unit's score (Art. 14): the sum over the indicators of their average points. Indicators 5, 8 and 9
are the unit's own (not asked of applicants): until they are scored, the score covers the indicators that
were, brought to the 18-point scale (`scoring.out_of_18`) for its level — said so next to it."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum

from motcua.stats.selectors import validate
from motcua.units.models import Unit

from . import scoring
from .models import Evaluation

NUMBERS = range(1, 10)


def _bucket() -> dict:
    return {"n": 0, "levels": {}, "satisfaction": {}, **{f"s{n}": 0 for n in NUMBERS}, **{f"c{n}": 0 for n in NUMBERS},
            "total": 0, "maximum": 0}


def _add(into: dict, row: dict) -> None:
    into["n"] += row["n"]
    into["levels"][row["level"]] = into["levels"].get(row["level"], 0) + row["n"]
    into["satisfaction"][row["satisfaction"]] = into["satisfaction"].get(row["satisfaction"], 0) + row["n"]
    for n in NUMBERS:
        into[f"s{n}"] += row[f"s{n}"] or 0
        into[f"c{n}"] += row[f"c{n}"] or 0
    into["total"] += row["total"] or 0
    into["maximum"] += row["maximum"] or 0


def _body(b: dict) -> dict:
    indicators = []
    points = 0.0
    maximum = 0
    for i in scoring.INDICATORS:
        scored = b[f"c{i.number}"]
        average = round(b[f"s{i.number}"] / scored, 2) if scored else None
        if average is not None:
            points += average
            maximum += 2
        indicators.append({"number": i.number, "name": i.name, "per_dossier": i.per_dossier, "per_unit": i.per_unit,
                           "scored": scored, "average": average})
    score18 = scoring.out_of_18(points, maximum)
    levels = [{"level": name, "count": b["levels"].get(name, 0)} for name in scoring.level_names()]
    return {
        "evaluations": b["n"],
        "indicators": indicators,
        # The average of the dossiers' totals, over what each dossier scored.
        "average_total": round(b["total"] / b["n"], 2) if b["n"] else None,
        "average_maximum": round(b["maximum"] / b["n"], 2) if b["n"] else None,
        "score": {"points": round(points, 2), "maximum": maximum, "out_of_18": score18,
                  "level": scoring.level_of(score18), "complete": maximum == scoring.MAXIMUM},
        "levels": levels,
        "without_criteria": b["levels"].get("", 0),
        "satisfaction": [{"level": key, "name": name, "count": b["satisfaction"].get(key, 0)}
                         for key, name in scoring.SATISFACTION_LEVELS.items()],
    }


def results(unit: Unit, date_from: date, date_to: date, *, by_unit: bool = False) -> dict:
    """The evaluation body for `unit` and its subtree over [date_from, date_to] (local dates, inclusive);
    `by_unit`: also one group per direct child unit that has evaluations."""
    period = validate(unit, date_from, date_to)
    rows = (
        Evaluation.objects.filter(
            at__gte=period.start, at__lt=period.end, dossier__reception_unit__path__startswith=unit.path
        )
        .order_by()
        .values("dossier__reception_unit__path", "level", "satisfaction")
        .annotate(
            n=Count("pk"), total=Sum("total"), maximum=Sum("maximum"),
            **{f"s{n}": Sum(f"i{n}") for n in NUMBERS}, **{f"c{n}": Count(f"i{n}") for n in NUMBERS},
        )
    )
    whole = _bucket()
    children = list(Unit.objects.filter(parent=unit).order_by("path")) if by_unit else []
    buckets = {c.pk: _bucket() for c in children}
    for row in rows:
        _add(whole, row)
        path = row["dossier__reception_unit__path"]
        child = next((c for c in children if path.startswith(c.path)), None)
        if child is not None:
            _add(buckets[child.pk], row)
    groups = [{"key": c.code, "name": c.name, **_body(buckets[c.pk])} for c in children if buckets[c.pk]["n"]]
    return {"unit": unit.code, "from": period.date_from.isoformat(), "to": period.date_to.isoformat(),
            **_body(whole), "groups": groups}
