"""`generate_dossiers --count N --years …` at scale (issue 10 item 2), on a small N: the count split over the
years and the demo year's groups, its shares roughly, the engine's due instants, well-formed unique codes
that continue the day's sequence, a valid audit chain, the same data for the same seed whatever the number
of worker processes, a second run that adds nothing, and bad input refused in Vietnamese with nothing
written."""
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from motcua.dossiers import deadlines
from motcua.dossiers.audit import heads, heads_digest, verify_chain
from motcua.dossiers.models import AuditChainHead, Dossier, DossierCodeSequence, DossierEvent, UnitHolding
from motcua.history import bulk, generator
from motcua.history.models import HistoryLoad
from motcua.history.summary import group_figures
from motcua.stats import summary
from motcua.stats.models import COLUMNS_OF_A_DAY, DayCount
from motcua.units.models import Unit
from motcua.workdays import engine
from motcua.workdays.calendars import calendar_for
from tests.history.checks import rated_at_is_the_rate_events_instant

N = 3000


@pytest.fixture
def generated(city):
    out = StringIO()
    call_command("generate_dossiers", "--count", str(N), "--years", "2019-2020", "--seed", "5", "--workers", "1", stdout=out)
    return out.getvalue()


def test_the_count_is_split_evenly_over_the_years_and_like_the_demo_year_over_its_groups(generated):
    assert Dossier.objects.count() == N
    scenario = generator.read_scenario()
    weights = [g["received"] for g in scenario["groups"]]
    for year in (2019, 2020):
        received = [group_figures(g["units"], year)["received"] for g in scenario["groups"]]
        assert received == generator.split(N // 2, weights)
    assert "Đã sinh 3000 hồ sơ" in generated


def test_channels_outcomes_supplements_ratings_and_lien_thong_are_roughly_the_demo_years(generated):
    scenario = generator.read_scenario()
    dossiers = Dossier.objects.all()
    channels = Counter(dossiers.values_list("channel", flat=True))
    online_share = scenario["online"] / sum(g["received"] for g in scenario["groups"])
    assert 0.5 * online_share < channels["online"] / N < 1.5 * online_share
    statuses = Counter(dossiers.values_list("status", flat=True))
    assert statuses["returned"] > 0.98 * N and statuses["withdrawn"] + statuses["refused"] < 0.02 * N
    assert 0 < dossiers.filter(supplement_count=1).count() < 0.05 * N
    rated = dossiers.exclude(rating="").count()
    assert 0.08 * N < rated < 0.16 * N
    assert rated_at_is_the_rate_events_instant() == rated
    # Liên thông: a share of the dossiers is handed over to processing units beyond the desk.
    elsewhere = UnitHolding.objects.exclude(unit_id__in=dossiers.values("reception_unit_id")).values("dossier_id").distinct()
    assert elsewhere.count() > 0.2 * N
    for year in (2019, 2020):
        for group in scenario["groups"]:
            figures = group_figures(group["units"], year)
            assert 98.5 <= figures["on_time_rate"] <= 100


def test_due_instants_and_timeliness_are_the_deadline_engines(generated):
    for d in Dossier.objects.select_related("procedure_version", "reception_unit").order_by("id")[:400]:
        time_unit, amount = deadlines.rule(d.procedure_version, None, d.channel)
        ledger = [
            engine.LedgerEvent(engine.EventKind(e["kind"]), deadlines.to_local(datetime.fromisoformat(e["at"])))
            for e in d.deadline_ledger
        ]
        due = engine.evaluate(calendar_for(d.reception_unit), time_unit, amount, ledger).due
        assert deadlines.to_local(d.due_at) == due
        if d.resolved_at:
            assert d.timeliness == engine.timeliness(deadlines.to_local(d.resolved_at), due).value


def test_codes_are_unique_well_formed_gap_free_and_the_sequences_end_at_the_last_number(generated):
    numbers = defaultdict(list)
    codes = list(Dossier.objects.values_list("code", "reception_unit__code", "received_at"))
    assert len({c for c, _, _ in codes}) == N
    for code, unit, received in codes:
        m = re.fullmatch(rf"{re.escape(unit)}-(\d{{6}})-(\d{{4}})", code)
        assert m, code
        assert m.group(1) == deadlines.to_local(received).strftime("%y%m%d")
        numbers[(unit, m.group(1))].append(int(m.group(2)))
    for key, seq in numbers.items():
        assert sorted(seq) == list(range(1, len(seq) + 1)), key
    lasts = {(s.unit.code, s.day.strftime("%y%m%d")): s.last for s in DossierCodeSequence.objects.select_related("unit")}
    assert lasts == {key: len(seq) for key, seq in numbers.items()}


def test_the_audit_chain_is_valid_and_verify_audit_chain_accepts_it(generated):
    report = verify_chain()
    assert report.ok, report.reason
    assert report.count == DossierEvent.objects.count() > 4 * N
    # One chain per reception unit (decision 0048): each head is the last event of its unit's chain.
    for head in AuditChainHead.objects.all():
        last = DossierEvent.objects.filter(chain=head.pk).order_by("-id").values_list("id", "hash").first()
        assert (head.last_id, head.last_hash) == last
    receptions = set(Dossier.objects.values_list("reception_unit_id", flat=True))
    assert set(AuditChainHead.objects.exclude(last_id=0).values_list("pk", flat=True)) == receptions
    assert not DossierEvent.objects.exclude(chain=F("dossier__reception_unit_id")).exists()
    assert report.chains == len(receptions) > 1
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "toàn vẹn" in out.getvalue()


def test_events_follow_each_other_in_time_and_every_dossier_has_its_holdings(generated):
    assert not Dossier.objects.filter(holdings__isnull=True).exists()
    ats = list(DossierEvent.objects.order_by("id").values_list("at", flat=True))
    assert ats == sorted(ats)  # one chain in time order, as live events are appended


def test_results_are_handed_over_in_the_desks_working_hours(generated):
    """A desk returns results while it is open (they were once handed over at 01:47 on a Sunday)."""
    returns = DossierEvent.objects.filter(action="return_result").select_related("dossier__reception_unit")
    assert returns.count() == Dossier.objects.exclude(returned_at=None).count() > 0
    for e in returns:
        cal = calendar_for(e.dossier.reception_unit)
        at = deadlines.to_local(e.at)
        assert cal.day_status(at.date())[0], (e.dossier.code, at)
        seconds = at.hour * 3600 + at.minute * 60 + at.second
        assert any(a <= seconds <= b for a, b in cal.periods_on(at.date())), (e.dossier.code, at)


def test_running_twice_adds_nothing(generated):
    before = (Dossier.objects.count(), DossierEvent.objects.count(), HistoryLoad.objects.count())
    out = StringIO()
    call_command("generate_dossiers", "--count", str(N), "--years", "2019-2020", "--seed", "5", stdout=out)
    assert (Dossier.objects.count(), DossierEvent.objects.count(), HistoryLoad.objects.count()) == before
    assert "bỏ qua" in out.getvalue()


def test_a_later_run_on_the_same_days_continues_their_codes_and_the_chain(city):
    bulk.generate(400, [2019], 1, workers=1)
    bulk.generate(400, [2019], 2, workers=1)
    assert Dossier.objects.count() == 800
    assert len(set(Dossier.objects.values_list("code", flat=True))) == 800
    assert verify_chain().ok


def _snapshot(workers: int) -> tuple:
    with transaction.atomic():
        bulk.generate(600, [2019], 9, workers=workers)
        rows = list(
            Dossier.objects.order_by("id").values_list(
                "id", "code", "procedure_id", "channel", "status", "received_at", "due_at", "resolved_at", "applicant_name"
            )
        )
        head = heads_digest(heads())
        # The statistics' day counts, summed by the workers from the rows they wrote (decision 0054), are
        # what a rebuild reads back from the database.
        counted = _day_counts()
        summary.rebuild()
        assert _day_counts() == counted
        transaction.set_rollback(True)
    return rows, head, counted


def _day_counts() -> dict:
    rows = DayCount.objects.values_list("unit_id", "field_id", "channel", "day", *COLUMNS_OF_A_DAY)
    return {row[:4]: row[4:] for row in rows if any(row[4:])}


def test_the_same_seed_gives_the_same_dossiers_and_chain_with_one_or_two_worker_processes(city):
    one, two = _snapshot(1), _snapshot(2)
    assert one == two
    assert len(one[0]) == 600 and one[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "0"], "--count phải là số nguyên dương"),
        (["--count", "-5"], "--count phải là số nguyên dương"),
        (["--count", "10", "--years", "hai nghìn"], "không hợp lệ"),
        (["--count", "10", "--years", "2020-2019"], "ngược"),
        (["--count", "10", "--years", "1990"], "ngoài phạm vi"),
        (["--count", "10", "--years", f"{date.today().year}"], "ngoài phạm vi"),
        (["--count", "10", "--years", ","], "Cần ít nhất một năm"),
        (["--count", "10", "--workers", "0"], "--workers phải là số nguyên dương"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_writes_nothing(city, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_dossiers", *args, stdout=StringIO())
    assert (Dossier.objects.count(), DossierEvent.objects.count(), HistoryLoad.objects.count()) == (0, 0, 0)
    assert not DossierCodeSequence.objects.exists()


def test_an_unknown_unit_in_the_scenario_is_refused_and_writes_nothing(city):
    scenario = generator.read_scenario()
    scenario["groups"][0]["units"] = {"KHONG-CO": 1}
    with pytest.raises(bulk.GenerationError, match="đơn vị không có"):
        bulk.generate(100, [2019], 1, workers=1, scenario=scenario)
    assert Dossier.objects.count() == 0 and not Unit.objects.filter(code="KHONG-CO").exists()


def test_years_are_read_as_a_list_or_a_range():
    today = date(2026, 6, 1)
    assert bulk.parse_years("2019", today) == [2019]
    assert bulk.parse_years("2020,2019", today) == [2019, 2020]
    assert bulk.parse_years("2016-2018,2020", today) == [2016, 2017, 2018, 2020]

