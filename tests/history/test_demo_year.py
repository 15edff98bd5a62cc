"""The generated year (issue 9 item 8) on a small scenario: exact counts and rates, the engine's verdicts,
a valid audit chain, valid gap-free codes, and a second load that adds nothing."""
import re
from collections import defaultdict
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.dossiers import deadlines
from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent, UnitHolding
from motcua.history import generator
from motcua.history.models import HistoryLoad
from motcua.history.summary import group_figures, percent
from motcua.workdays import engine
from motcua.workdays.calendars import calendar_for
from tests.history.checks import rated_at_is_the_rate_events_instant

SCENARIO = Path(__file__).with_name("small-scenario.json")


@pytest.fixture
def year(city):
    scenario = generator.read_scenario(SCENARIO)
    result = generator.generate(scenario)
    return scenario, result


def test_each_group_receives_exactly_its_count_and_the_online_total(year):
    scenario, result = year
    assert result.dossiers == Dossier.objects.count() == 1000
    center, wards = (group_figures(g["units"], 2018) for g in scenario["groups"])
    assert (center["received"], wards["received"]) == (400, 600)
    assert center["online"] + wards["online"] == 30


def test_each_group_gives_back_its_published_on_time_rate(year):
    scenario, _ = year
    for group in scenario["groups"]:
        figures = group_figures(group["units"], 2018)
        assert figures["late"] > 0
        assert float(figures["on_time_rate"]) == group["on_time_rate"]


def test_satisfaction_is_above_99_percent(year):
    scenario, _ = year
    for group in scenario["groups"]:
        figures = group_figures(group["units"], 2018)
        assert figures["ratings"] > 0 and figures["satisfaction_rate"] > 99
    assert rated_at_is_the_rate_events_instant() == Dossier.objects.exclude(rating="").count()


def test_due_instants_and_timeliness_are_the_engines(year):
    for d in Dossier.objects.select_related("procedure_version", "reception_unit").order_by("id")[:300]:
        time_unit, amount = deadlines.rule(d.procedure_version, None, d.channel)
        ledger = [
            engine.LedgerEvent(engine.EventKind(e["kind"]), deadlines.to_local(datetime.fromisoformat(e["at"])))
            for e in d.deadline_ledger
        ]
        due = engine.evaluate(calendar_for(d.reception_unit), time_unit, amount, ledger).due
        assert deadlines.to_local(d.due_at) == due
        if d.resolved_at:
            assert d.timeliness == engine.timeliness(deadlines.to_local(d.resolved_at), due).value


def test_the_audit_chain_stays_verifiable(year):
    _, result = year
    report = verify_chain()
    assert report.ok, report.reason
    assert report.count == result.events == DossierEvent.objects.count()
    assert DossierEvent.objects.filter(data__generated=True).count() == result.events


def test_codes_are_per_unit_and_day_gap_free_and_sequences_end_at_the_last_number(year):
    numbers = defaultdict(list)
    for code, unit, received in Dossier.objects.values_list("code", "reception_unit__code", "received_at"):
        m = re.fullmatch(rf"{re.escape(unit)}-(\d{{6}})-(\d{{4}})", code)
        assert m, code
        assert m.group(1) == deadlines.to_local(received).strftime("%y%m%d")
        numbers[(unit, m.group(1))].append(int(m.group(2)))
    for key, seq in numbers.items():
        assert sorted(seq) == list(range(1, len(seq) + 1)), key
    lasts = {(s.unit.code, s.day.strftime("%y%m%d")): s.last for s in DossierCodeSequence.objects.select_related("unit")}
    assert lasts == {key: len(seq) for key, seq in numbers.items()}


def test_every_dossier_has_its_holdings_and_events_in_time_order(year):
    assert not Dossier.objects.filter(holdings__isnull=True).exists()
    assert UnitHolding.objects.filter(ended_at__isnull=True).count() == 0
    for d in Dossier.objects.order_by("id")[:200]:
        ats = list(d.events.order_by("id").values_list("at", flat=True))
        assert ats == sorted(ats) and ats[0] <= d.received_at


def test_a_second_load_adds_nothing(year):
    scenario, _ = year
    before = (Dossier.objects.count(), DossierEvent.objects.count(), HistoryLoad.objects.count())
    again = generator.generate(scenario)
    assert again.skipped
    assert (Dossier.objects.count(), DossierEvent.objects.count(), HistoryLoad.objects.count()) == before


def test_an_unreachable_rate_is_refused_and_nothing_is_written(city):
    scenario = generator.read_scenario(SCENARIO)
    scenario["groups"][1]["on_time_rate"] = 99.6  # 600 dossiers cannot give exactly 99.60 %
    with pytest.raises(generator.ScenarioError):
        generator.generate(scenario)
    assert Dossier.objects.count() == DossierEvent.objects.count() == HistoryLoad.objects.count() == 0


def test_load_demo_city_skips_the_year_when_the_setting_is_off(db, settings):
    settings.DEMO_YEAR = False
    settings.DEMO_MODE = True
    call_command("load_demo_city", stdout=StringIO())
    assert Dossier.objects.count() == 0


def test_the_statistics_service_gives_back_the_scenarios_figures(year):
    from datetime import date

    from motcua.stats.selectors import figures
    from motcua.units.models import Unit

    scenario, _ = year
    center, wards = scenario["groups"]
    body = figures(Unit.objects.get(code="CP-HCC"), date(2018, 1, 1), date(2018, 12, 31))
    assert body["received"]["new"] == body["received"]["total"] == center["received"]
    assert float(body["on_time_rate"]) == center["on_time_rate"]
    city = figures(Unit.objects.get(code="CP"), date(2018, 1, 1), date(2018, 12, 31), group_by="unit")
    ward_codes = {code.removesuffix("-MC") for code in wards["units"]}
    ward_groups = [g for g in city["groups"] if g["key"] in ward_codes]
    assert len(ward_groups) == 16
    received = sum(g["received"]["new"] for g in ward_groups)
    resolved = sum(g["resolved"]["total"] for g in ward_groups)
    in_time = sum(g["resolved"]["early"] + g["resolved"]["on_time"] for g in ward_groups)
    assert received == wards["received"]
    assert float(percent(in_time, resolved)) == wards["on_time_rate"]
    assert city["received"]["online"] == scenario["online"]
    assert city["satisfaction"]["rate"] > 99


def test_the_audit_events_alone_give_the_same_figures(year):
    from datetime import date

    from motcua.stats.recompute import compare
    from motcua.units.models import Unit

    result = compare(Unit.objects.get(code="CP"), date(2018, 1, 1), date(2018, 12, 31))
    assert result.differences == []
    assert result.event_counts["received.new"] == 1000


def test_the_stats_api_answers_the_centers_figures(year):
    from tests.dossiers.conftest import token_client

    scenario, _ = year
    users = {u.username: u for u in User.objects.all()}
    r = token_client(users, "giamdoc.hcc").get("/api/v1/stats?unit=CP-HCC&from=2018-01-01&to=2018-12-31")
    assert r.status_code == 200, r.content
    assert r.json()["received"]["total"] == scenario["groups"][0]["received"]
    assert r.json()["on_time_rate"] == scenario["groups"][0]["on_time_rate"]


def test_generate_dossiers_makes_a_scaled_year_once(city):
    out = StringIO()
    call_command("generate_dossiers", "--count", "300", "--years", "2019", "--seed", "3", stdout=out)
    assert Dossier.objects.filter(received_at__year=2019).count() == 300
    assert verify_chain().ok
    call_command("generate_dossiers", "--count", "300", "--years", "2019", "--seed", "3", stdout=out)
    assert Dossier.objects.count() == 300
    assert "bỏ qua" in out.getvalue()
