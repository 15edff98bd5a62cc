"""Waiting time (issued → called) and service time (called → served) per counter, service group and hour
are figures: `queue_figures(unit, from, to, group_by)` and GET /api/v1/queue/figures."""
import pytest

from motcua.common.errors import ValidationFailed
from motcua.frontdesk import services
from motcua.frontdesk.selectors import queue_figures
from motcua.units.models import Unit

from .conftest import CENTER, counter, local


@pytest.fixture
def day(city):
    """2 March 2026 at the center: A001 waits 10 min, served 20 min at counter 1; A002 waits 15 min,
    skipped at counter 2; B001 (09:xx) waits 5 min, served 4 min at counter 9; A003 still waits."""
    officer = city["tiepnhan.hcc"]
    one, two, nine = (counter(CENTER, n).pk for n in (1, 2, 9))
    services.issue_ticket(CENTER, "A", at=local(2026, 3, 2, 8, 0))
    services.issue_ticket(CENTER, "A", at=local(2026, 3, 2, 8, 5))
    services.issue_ticket(CENTER, "B", at=local(2026, 3, 2, 9, 0))
    services.issue_ticket(CENTER, "A", at=local(2026, 3, 2, 9, 30))
    services.issue_ticket(CENTER, "A", at=local(2026, 3, 3, 8, 0))  # another day: outside the period
    services.call_next(officer, one, at=local(2026, 3, 2, 8, 10))
    services.serve(officer, one, at=local(2026, 3, 2, 8, 30))
    services.call_next(officer, two, at=local(2026, 3, 2, 8, 20))
    services.skip(officer, two, at=local(2026, 3, 2, 8, 25))
    services.call_next(officer, nine, at=local(2026, 3, 2, 9, 5))
    services.serve(officer, nine, at=local(2026, 3, 2, 9, 9))
    return Unit.objects.get(code=CENTER)


def test_totals_of_the_period(day):
    from datetime import date

    f = queue_figures(day, date(2026, 3, 2), date(2026, 3, 2))
    assert {k: f[k] for k in ("tickets", "called", "served", "skipped", "waiting", "with_dossier")} == {
        "tickets": 4, "called": 3, "served": 2, "skipped": 1, "waiting": 1, "with_dossier": 0
    }
    assert (f["wait_avg_seconds"], f["wait_max_seconds"]) == (600, 900)  # (10 + 15 + 5) / 3 min
    assert (f["service_avg_seconds"], f["service_max_seconds"]) == (720, 1200)  # (20 + 4) / 2 min
    assert f["groups"] == []


def test_per_counter_group_and_hour(day):
    from datetime import date

    by = {g: queue_figures(day, date(2026, 3, 2), date(2026, 3, 2), g)["groups"] for g in ("counter", "service_group", "hour")}
    assert [(r["key"], r["name"], r["tickets"], r["wait_avg_seconds"], r["service_avg_seconds"]) for r in by["counter"]] == [
        (1, "Quầy 1", 1, 600, 1200), (2, "Quầy 2", 1, 900, None), (9, "Quầy 9", 1, 300, 240), (None, "Chưa gọi", 1, None, None)
    ]
    assert [(r["key"], r["tickets"], r["served"], r["wait_avg_seconds"]) for r in by["service_group"]] == [
        ("A", 3, 1, 750), ("B", 1, 1, 300)
    ]
    assert [(r["key"], r["name"], r["tickets"]) for r in by["hour"]] == [(8, "08:00–08:59", 2), (9, "09:00–09:59", 2)]


def test_bad_group_by_and_reversed_period_are_refused(day):
    from datetime import date

    with pytest.raises(ValidationFailed):
        queue_figures(day, date(2026, 3, 2), date(2026, 3, 2), "procedure")
    with pytest.raises(ValidationFailed):
        queue_figures(day, date(2026, 3, 3), date(2026, 3, 2))


def test_figures_api_is_scoped_like_the_statistics(api, day, city):
    api.force_authenticate(city["giamdoc.hcc"])
    r = api.get(f"/api/v1/queue/figures?unit={CENTER}&from=2026-03-02&to=2026-03-03&group_by=service_group")
    assert r.status_code == 200 and (r.json()["tickets"], len(r.json()["groups"])) == (5, 2)
    api.force_authenticate(city["tiepnhan.camtrung"])
    assert api.get(f"/api/v1/queue/figures?unit={CENTER}&from=2026-03-02&to=2026-03-02").status_code == 403
    api.force_authenticate(city["giamdoc.hcc"])
    bad = api.get(f"/api/v1/queue/figures?unit={CENTER}&from=2026-03-02&to=2026-03-02&group_by=x")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "group_by"
