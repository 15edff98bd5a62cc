"""The worklist reads the unit's open dossiers, not its history (issue 10 item 3, decision 0028): the counts
and the lists ignore closed dossiers, the queries do not grow with
the years behind the unit, and keyset pages give every dossier once, ties of the due instant included.
The history tab ("Đã xử lý") is listed, a page at a time, but not counted."""
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, Status, UnitHolding
from motcua.units.models import Unit

from .conftest import local, receive

NOW = local(2024, 11, 25, 9, 0)
CLOSED = (Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)


def _history(template: Dossier, n: int, *, held_by: str = "CP-HCC", now_at: str = "CP-HCC", start: int = 0) -> None:
    """`n` closed dossiers received by the desk of `template` years ago, held by `held_by` once and standing
    now at `now_at` (bulk rows: the worklist only reads them)."""
    holder, current = Unit.objects.get(code=held_by), Unit.objects.get(code=now_at)
    received = local(2019, 3, 4, 9, 0)
    rows = Dossier.objects.bulk_create(
        Dossier(
            code=f"LS-{start + i:06d}", procedure_id=template.procedure_id, procedure_version_id=template.procedure_version_id,
            reception_unit_id=template.reception_unit_id, current_unit=current, channel="counter",
            status=CLOSED[i % len(CLOSED)], applicant_name="Người nộp cũ", received_at=received,
            due_at=received + timedelta(days=10), resolved_at=received + timedelta(days=5),
        )
        for i in range(n)
    )
    UnitHolding.objects.bulk_create(UnitHolding(dossier=d, unit=holder, started_at=received) for d in rows)


def _open_without_due(template: Dossier, n: int) -> list[Dossier]:
    """Open dossiers being processed at the desk with no due instant (procedures without a time limit)."""
    return Dossier.objects.bulk_create(
        Dossier(
            code=f"KH-{i:04d}", procedure_id=template.procedure_id, procedure_version_id=template.procedure_version_id,
            reception_unit_id=template.reception_unit_id, current_unit_id=template.current_unit_id, channel="counter",
            status=Status.RECEIVED, applicant_name="Người nộp", received_at=NOW, due_at=None,
        )
        for i in range(n)
    )


def test_counts_and_lists_show_the_open_dossiers_of_a_unit_with_many_closed_ones(city, client_as):
    with time_machine.travel(NOW, tick=False):
        open_ = [receive(city), receive(city)]
        _history(open_[0], 60)  # closed at the desk itself: in no tab at all
        _history(open_[0], 7, held_by="CP-HCC", now_at="CP-QLDT", start=100)  # passed on: "Đã xử lý" only
        r = client_as("tiepnhan.hcc").get("/can-bo/?tab=dang-xu-ly")
        assert {t.slug: n for t, n in r.context["tabs"]} == {
            "cho-tiep-nhan": 0, "dang-xu-ly": 2, "sap-den-han": 0, "qua-han": 0, "cho-bo-sung": 0,
            "cho-tra-ket-qua": 0, "da-xu-ly": None,
        }
        assert sorted(d.code for d in r.context["dossiers"]) == sorted(d.code for d in open_)
        history = client_as("tiepnhan.hcc").get("/can-bo/?tab=da-xu-ly")
        assert len(history.context["dossiers"]) == 7
        assert all(d.status in CLOSED for d in history.context["dossiers"])


def test_the_history_tab_shows_no_count_and_the_work_tabs_do(city, client_as):
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        _history(d, 8, held_by="CP-HCC", now_at="CP-QLDT")
        body = client_as("tiepnhan.hcc").get("/can-bo/?tab=da-xu-ly").content.decode()
    assert 'data-count="da-xu-ly"' not in body and 'data-count="dang-xu-ly">1<' in body


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("tab", ["dang-xu-ly", "da-xu-ly"])
def test_the_worklist_makes_as_many_queries_with_years_of_history_as_without(city, client_as, tab):
    with time_machine.travel(NOW, tick=False):
        d = receive(city)
        client = client_as("tiepnhan.hcc")
        client.get(f"/can-bo/?tab={tab}")  # warm the calendar and the session
        before = _queries(client, f"/can-bo/?tab={tab}")
        _history(d, 80)
        _history(d, 40, held_by="CP-HCC", now_at="CP-QLDT", start=1000)
        after = _queries(client, f"/can-bo/?tab={tab}")
        assert len(after) == len(before)


def test_the_work_tabs_read_the_partial_indexes_of_open_dossiers(city):
    """SQLite uses a partial index only when the query repeats its condition literally (a bound parameter
    is not enough): the counts and the lists must say `status IN ('submitted', …)` as the index does."""
    with time_machine.travel(NOW, tick=False):
        receive(city)
        user = city["tiepnhan.hcc"]
        if connection.vendor == "postgresql":
            # One row: PostgreSQL would rightly scan the table; asked not to, it shows whether the partial
            # index can serve the query (what this test is about).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        counts_plan = selectors._open_work(user).order_by().explain()
        list_plan = selectors.worklist(user, "dang-xu-ly").explain()
        waiting_plan = selectors.worklist(user, "cho-tiep-nhan").explain()
    for plan in (counts_plan, list_plan, waiting_plan):
        assert "dossier_open_" in plan, plan


def _all_pages(user, tab: str, size: int) -> list[int]:
    seen, after = [], None
    for _ in range(100):
        page = selectors.worklist_page(user, tab, NOW, after, size)
        seen += [d.pk for d in page.rows]
        if page.next is None:
            return seen
        after = page.next
    raise AssertionError("the pages never end")


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_pages_give_every_open_dossier_once_in_order_even_when_due_instants_tie(city, size):
    with time_machine.travel(NOW, tick=False):
        tied = [receive(city) for _ in range(4)]  # received at the same instant: the same due instant
        assert len({d.due_at for d in tied}) == 1
        earlier = receive(city, at=NOW - timedelta(days=1))
        no_due = _open_without_due(tied[0], 3)  # after every dossier with a due instant
        _history(tied[0], 20)
        user = city["tiepnhan.hcc"]
        whole = [d.pk for d in selectors.worklist(user, "dang-xu-ly", NOW)]
        paged = _all_pages(user, "dang-xu-ly", size)
    assert paged == whole
    assert len(paged) == len(set(paged)) == 8
    assert whole[0] == earlier.pk and set(whole[-3:]) == {d.pk for d in no_due}


def test_the_page_after_follows_its_link_and_a_foreign_key_starts_again(city, client_as, monkeypatch):
    monkeypatch.setattr("motcua.desk.views.WORKLIST_LIMIT", 2)
    with time_machine.travel(NOW, tick=False):
        made = [receive(city) for _ in range(3)]
        client = client_as("tiepnhan.hcc")
        first = client.get("/can-bo/?tab=dang-xu-ly")
        after = first.context["next_after"]
        assert after and 'rel="next"' in first.content.decode()
        second = client.get("/can-bo/?tab=dang-xu-ly", {"sau": after})
        assert second.context["next_after"] is None
        codes = [d.code for d in first.context["dossiers"]] + [d.code for d in second.context["dossiers"]]
        assert sorted(codes) == sorted(d.code for d in made)
        again = client.get("/can-bo/?tab=dang-xu-ly", {"sau": "không-phải-khóa"})
        assert again.status_code == 200
        assert [d.code for d in again.context["dossiers"]] == [d.code for d in first.context["dossiers"]]
