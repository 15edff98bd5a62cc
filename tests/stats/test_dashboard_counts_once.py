"""The leaders' desk counts the rows once: `figures_by_unit_and_field` gives exactly the bodies of
`figures(group_by="unit")` and `figures(group_by="field")`, and `decision766` — standalone (the API) or fed
the desk's figures — gives exactly the numbers of its definitions, each indicator a conditional count of
`_conditions` over the period's scope (the way it was first computed, kept here as the reference)."""
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Exists, OuterRef, Q

from motcua.dossiers.models import Attachment
from motcua.stats.selectors import (
    _conditions,
    _event,
    _scope,
    decision766,
    figures,
    figures_by_unit_and_field,
    validate,
)
from motcua.units.models import Unit

from .conftest import DESK, MARITAL, WARD_DESK, act, build_december, local, receive

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Fixed, so that the overdue figures do not move while the test runs.
NOW = local(2025, 3, 1, 12)
UNITS = ("CP", "CP-CTR", "CP-CTR-MC", "CP-HCC", "CP-MD")
PERIODS = (
    (date(2024, 12, 1), date(2024, 12, 31)),
    (date(2024, 11, 1), date(2025, 1, 31)),
    (date(2024, 12, 10), date(2024, 12, 10)),  # the day of the desk's payment only
    (date(2024, 11, 25), date(2024, 12, 3)),  # a payment asked before it, made in it
    (date(2023, 1, 1), date(2023, 12, 31)),  # nothing at all
)


def reference_decision766(unit: Unit, date_from: date, date_to: date) -> dict[str, int]:
    """Every count of Decision 766 as its definition states it: one conditional COUNT per indicator."""
    period = validate(unit, date_from, date_to)
    c = _conditions(period, NOW)
    in_period = {"at__gte": period.start, "at__lt": period.end}
    conditions = {
        "resolved": c["resolved.total"],
        "resolved_in_time": c["resolved.early"] | c["resolved.on_time"],
        "new": c["received.new"],
        "online": c["received.online"],
        "digitised": c["received.new"] & Q(Exists(Attachment.objects.filter(dossier=OuterRef("pk")))),
        "asked_to_pay": Q(_event("request_payment", **in_period)),
        "paid_online": Q(_event("pay", actor_role="citizen", **in_period)),
        "ratings": c["satisfaction.ratings"],
        "satisfied": c["satisfaction.satisfied"],
    }
    row = _scope(unit, period).aggregate(**{f"n_{name}": Count("pk", filter=q) for name, q in conditions.items()})
    return {name: row[f"n_{name}"] or 0 for name in conditions}


INDICATOR_PARTS = {
    "2.on_time": ("resolved_in_time", "resolved"),
    "3.digitised": ("digitised", "new"),
    "4.online": ("online", "new"),
    "4.online_payment": ("paid_online", "asked_to_pay"),
    "5.satisfaction": ("satisfied", "ratings"),
}


def numbers(result: dict) -> dict[str, tuple[int, int]]:
    """The indicators counted from dossiers; the feedback ones have their own reference
    (tests/feedback/test_decision766_feedback.py)."""
    return {i["indicator"]: (i["numerator"], i["denominator"]) for i in result["indicators"] if i["indicator"] in INDICATOR_PARTS}


def expected_numbers(counts: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {code: (counts[part], counts[whole]) for code, (part, whole) in INDICATOR_PARTS.items()}


def online_dossier(users, day, month=12):
    with time_machine.travel(local(2024, month, day, 8), tick=False):
        return receive(users, "congdan.demo", MARITAL, WARD_DESK, channel="online")


def pay(users, d, payer, at):
    act(users, d, DESK, "request_payment", data={"amount": 10000}, at=at - timedelta(minutes=30))
    return act(users, d, payer, "pay", data={"reference": f"REF-{d.pk}-{at:%d%H%M}"}, at=at)


@pytest.fixture
def december_with_payments(city):
    """The December cases of conftest, and what only Decision 766 counts: documents brought scanned
    (in the period and before it), fees paid online or at the desk, asked twice, asked before the
    period and paid in it, and a payment at another ward."""
    s = build_december(city)
    attached = [(None, SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"))]
    receive(city, DESK, MARITAL, WARD_DESK, at=local(2024, 12, 26, 9), attachments=attached)
    receive(city, DESK, MARITAL, WARD_DESK, at=local(2024, 11, 27, 9),
            attachments=[(None, SimpleUploadedFile("to-khai-2.pdf", PDF, "application/pdf"))])
    pay(city, online_dossier(city, 9), "congdan.demo", local(2024, 12, 9, 9))
    pay(city, online_dossier(city, 10), DESK, local(2024, 12, 10, 9))
    twice = pay(city, online_dossier(city, 11), "congdan.demo", local(2024, 12, 11, 9))
    pay(city, twice, "congdan.demo", local(2024, 12, 11, 15))
    late_payer = online_dossier(city, 28, month=11)
    act(city, late_payer, DESK, "request_payment", data={"amount": 10000}, at=local(2024, 11, 28, 9))
    act(city, late_payer, "congdan.demo", "pay", data={"reference": "REF-LATE"}, at=local(2024, 12, 2, 9))
    with time_machine.travel(local(2024, 12, 12, 8), tick=False):
        elsewhere = receive(city, "congdan.demo", MARITAL, "CP-MD-MC", channel="online")
    act(city, elsewhere, "tiepnhan.mongduong", "request_payment", data={"amount": 10000}, at=local(2024, 12, 12, 9))
    act(city, elsewhere, "congdan.demo", "pay", data={"reference": "REF-MD"}, at=local(2024, 12, 12, 10))
    return s


def test_the_cases_reach_every_count_of_decision_766(december_with_payments):
    """The reference is not vacuous: every count of the definition is reached. The online submissions
    that pay are not received yet (not new); the one asked twice counts once; the one asked in November
    and paid in December counts as paid only."""
    ward = reference_decision766(Unit.objects.get(code="CP-CTR"), date(2024, 12, 1), date(2024, 12, 31))
    assert ward == {"resolved": 7, "resolved_in_time": 6, "new": 13, "online": 1, "digitised": 1,
                    "asked_to_pay": 3, "paid_online": 3, "ratings": 2, "satisfied": 1}


def cases():
    """Every unit of UNITS with every period of PERIODS (one scenario built for all)."""
    for unit_code in UNITS:
        unit = Unit.objects.get(code=unit_code)
        for date_from, date_to in PERIODS:
            yield unit, unit_code, date_from, date_to


def test_decision_766_gives_the_numbers_of_its_definitions(december_with_payments):
    for unit, unit_code, date_from, date_to in cases():
        expected = expected_numbers(reference_decision766(unit, date_from, date_to))
        standalone = decision766(unit, date_from, date_to, now=NOW)
        by_unit, _ = figures_by_unit_and_field(unit, date_from, date_to, now=NOW)
        fed = decision766(unit, date_from, date_to, now=NOW, figures_body=by_unit)
        assert numbers(standalone) == expected, (unit_code, date_from, date_to)
        assert fed == standalone, (unit_code, date_from, date_to)


def test_one_pass_gives_the_bodies_by_unit_and_by_field(december_with_payments):
    for unit, unit_code, date_from, date_to in cases():
        by_unit, by_field = figures_by_unit_and_field(unit, date_from, date_to, now=NOW)
        assert by_unit == figures(unit, date_from, date_to, group_by="unit", now=NOW), (unit_code, date_from)
        assert by_field == figures(unit, date_from, date_to, group_by="field", now=NOW), (unit_code, date_from)


def test_the_bodies_of_a_city_have_groups_and_counts(december_with_payments):
    by_unit, by_field = figures_by_unit_and_field(Unit.objects.get(code="CP"), *PERIODS[0], now=NOW)
    assert by_unit["received"]["new"] == by_field["received"]["new"] == 15
    assert {g["key"] for g in by_unit["groups"]} >= {"CP-CTR", "CP-HCC", "CP-MD"}
    assert len(by_field["groups"]) == 2


def test_figures_of_another_unit_or_period_are_refused(december_with_payments):
    ward = Unit.objects.get(code="CP-CTR")
    by_unit, _ = figures_by_unit_and_field(ward, date(2024, 12, 1), date(2024, 12, 31), now=NOW)
    with pytest.raises(ValueError):
        decision766(ward, date(2024, 11, 1), date(2024, 12, 31), figures_body=by_unit)
    with pytest.raises(ValueError):
        decision766(Unit.objects.get(code="CP"), date(2024, 12, 1), date(2024, 12, 31), figures_body=by_unit)
