"""Every figure of domain.md §8 on hand-built dossiers (docs/statistics.md)."""
from datetime import date

from motcua.stats.selectors import figures
from motcua.units.models import Unit

DEC = (date(2024, 12, 1), date(2024, 12, 31))


def ward_desk():
    return Unit.objects.get(code="CP-CTR-MC")


def test_received_is_carried_over_plus_new_by_channel(december):
    f = figures(ward_desk(), *DEC)
    assert f["received"] == {"total": 13, "carried_over": 1, "new": 12, "online": 1, "counter": 10, "post": 1}


def test_resolved_early_on_time_late_in_the_period(december):
    f = figures(ward_desk(), *DEC)
    # carried_on_time + on_time; early, refused_in_processing, online, post; late.
    assert f["resolved"] == {"total": 7, "early": 4, "on_time": 2, "late": 1}
    assert f["on_time_rate"] == 85.71


def test_in_progress_and_awaiting_supplement_as_they_stood_at_the_end(december):
    f = figures(ward_desk(), *DEC)
    # overdue and resolved_late_in_january were overdue on 31 Dec; within_deadline was not yet due.
    assert f["in_progress"] == {"total": 3, "within_deadline": 1, "overdue": 2}
    assert f["awaiting_supplement"] == 1


def test_returned_refused_withdrawn_and_satisfaction(december):
    f = figures(ward_desk(), *DEC)
    assert (f["returned"], f["refused"], f["withdrawn"]) == (2, 2, 1)
    assert f["satisfaction"] == {"ratings": 2, "satisfied": 1, "rate": 50.0}
    assert f["online_rate"] == round(100 / 12, 2)


def test_every_received_dossier_is_accounted_for_at_the_end(december):
    f = figures(ward_desk(), *DEC)
    stopped = 1
    assert f["received"]["total"] == (
        f["resolved"]["total"] + f["in_progress"]["total"] + f["awaiting_supplement"] + f["withdrawn"] + stopped
    )


def test_the_next_period_carries_over_what_was_open(december):
    f = figures(ward_desk(), date(2025, 1, 1), date(2025, 1, 31), now=None)
    assert f["received"] == {"total": 4, "carried_over": 4, "new": 0, "online": 0, "counter": 0, "post": 0}
    assert f["resolved"] == {"total": 1, "early": 0, "on_time": 0, "late": 1}
    assert f["awaiting_supplement"] == 0 and f["in_progress"]["total"] == 3


def test_a_period_before_anything_is_all_zero_with_null_rates(december):
    f = figures(ward_desk(), date(2024, 1, 1), date(2024, 1, 31))
    assert f["received"]["total"] == 0 and f["on_time_rate"] is None and f["online_rate"] is None
    assert f["satisfaction"]["rate"] is None and f["groups"] == []


def test_a_one_day_period_counts_that_local_day_only(december):
    f = figures(ward_desk(), date(2024, 12, 2), date(2024, 12, 2))
    assert f["received"]["new"] == 3 and f["resolved"]["total"] == 0


def test_the_city_sums_its_subtree(december):
    city = figures(Unit.objects.get(code="CP"), *DEC)
    ward = figures(Unit.objects.get(code="CP-CTR"), *DEC)
    assert ward["received"] == figures(ward_desk(), *DEC)["received"]
    assert city["received"]["new"] == ward["received"]["new"] + 2
    assert city["in_progress"]["total"] == ward["in_progress"]["total"] + 2
    assert city["unit"] == "CP" and (city["from"], city["to"]) == ("2024-12-01", "2024-12-31")
