"""Counters call the next waiting ticket of the groups they serve, recall, skip and finish it; a closed
counter or an officer of another unit changes nothing."""
import pytest

from motcua.common.errors import Conflict, NotAllowed, NotFound
from motcua.frontdesk import services
from motcua.frontdesk.models import Ticket, TicketStatus

from .conftest import CENTER, WARD_DESK, counter, local

AT = local(2026, 3, 2, 8, 0)


def issue(n, group="A", unit=CENTER, minute=0):
    return [services.issue_ticket(unit, group, at=local(2026, 3, 2, 8, minute, i)) for i in range(n)]


def test_counters_call_in_order_of_issue(city):
    officer = city["tiepnhan.hcc"]
    issue(3)
    one, two = counter(CENTER, 1), counter(CENTER, 2)
    first = services.call_next(officer, one.pk, at=local(2026, 3, 2, 8, 5))
    second = services.call_next(officer, two.pk, at=local(2026, 3, 2, 8, 6))
    assert (first.label, first.counter_id, second.label, second.counter_id) == ("A001", one.pk, "A002", two.pk)
    assert first.status == TicketStatus.CALLED and first.called_by == officer
    assert first.called_at == first.announced_at == local(2026, 3, 2, 8, 5)


def test_a_counter_calls_only_the_groups_it_serves(city):
    issue(1, "A")
    issue(1, "B", minute=1)
    b_counter = counter(CENTER, 9)  # counters 9–12 serve group B in the demo
    assert services.call_next(city["tiepnhan.hcc"], b_counter.pk, at=AT).label == "B001"
    assert services.call_next(city["tiepnhan.hcc"], b_counter.pk, at=AT) is None


def test_calling_the_next_finishes_the_current_as_served(city):
    officer = city["tiepnhan.hcc"]
    issue(2)
    c = counter(CENTER, 1)
    first = services.call_next(officer, c.pk, at=local(2026, 3, 2, 8, 5))
    services.call_next(officer, c.pk, at=local(2026, 3, 2, 8, 12))
    first.refresh_from_db()
    assert (first.status, first.finished_at) == (TicketStatus.SERVED, local(2026, 3, 2, 8, 12))


def test_nobody_waiting_returns_none(city):
    assert services.call_next(city["tiepnhan.hcc"], counter(CENTER, 1).pk, at=AT) is None


def test_yesterdays_tickets_are_not_called_today(city):
    services.issue_ticket(CENTER, "A", at=local(2026, 3, 1, 16, 50))
    assert services.call_next(city["tiepnhan.hcc"], counter(CENTER, 1).pk, at=AT) is None


def test_recall_announces_the_same_number_again(city):
    officer = city["tiepnhan.hcc"]
    issue(2)
    c = counter(CENTER, 1)
    called = services.call_next(officer, c.pk, at=local(2026, 3, 2, 8, 5))
    again = services.recall(officer, c.pk, at=local(2026, 3, 2, 8, 7))
    assert (again.pk, again.recalls, again.announced_at, again.called_at) == (
        called.pk, 1, local(2026, 3, 2, 8, 7), local(2026, 3, 2, 8, 5)
    )


def test_skip_and_serve_finish_the_current_ticket(city):
    officer = city["tiepnhan.hcc"]
    issue(2)
    c = counter(CENTER, 1)
    services.call_next(officer, c.pk, at=local(2026, 3, 2, 8, 5))
    skipped = services.skip(officer, c.pk, at=local(2026, 3, 2, 8, 8))
    services.call_next(officer, c.pk, at=local(2026, 3, 2, 8, 9))
    served = services.serve(officer, c.pk, at=local(2026, 3, 2, 8, 20))
    assert (skipped.label, skipped.status) == ("A001", TicketStatus.SKIPPED)
    assert (served.label, served.status, served.finished_at) == ("A002", TicketStatus.SERVED, local(2026, 3, 2, 8, 20))
    with pytest.raises(Conflict, match="chưa gọi số nào"):
        services.recall(officer, c.pk)


def test_a_closed_counter_cannot_call_and_nothing_changes(city):
    officer = city["tiepnhan.hcc"]
    issue(1)
    c = counter(CENTER, 1)
    services.close_counter(officer, c.pk)
    with pytest.raises(Conflict) as err:
        services.call_next(officer, c.pk, at=AT)
    assert err.value.detail == "Quầy 1 đang đóng; hãy mở quầy trước khi gọi số."
    assert list(Ticket.objects.values_list("status", flat=True)) == [TicketStatus.WAITING]
    opened = services.open_counter(officer, c.pk)
    assert (opened.is_open, opened.officer) == (True, officer)
    assert services.call_next(officer, c.pk, at=AT).label == "A001"


def test_an_officer_of_another_unit_cannot_work_the_counter(city):
    issue(1)
    with pytest.raises(NotAllowed):
        services.call_next(city["tiepnhan.camtrung"], counter(CENTER, 1).pk, at=AT)
    with pytest.raises(NotAllowed):
        services.open_counter(city["tiepnhan.hcc"], counter(WARD_DESK, 1).pk)
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_an_unknown_counter_is_not_found(city):
    with pytest.raises(NotFound):
        services.call_next(city["tiepnhan.hcc"], 999_999)


def test_a_ticket_taken_by_another_counter_in_between_is_passed_over(city, monkeypatch):
    # The race the conditional UPDATE guards against: counter 2 reads A001 as the next waiting ticket,
    # counter 1 claims it before counter 2 writes; counter 2 must get A002, never A001 too.
    from django.db.models.query import QuerySet

    officer = city["tiepnhan.hcc"]
    first, _ = issue(2)
    one, two = counter(CENTER, 1), counter(CENTER, 2)
    real_first = QuerySet.first
    raced = []

    def first_then_race(qs):
        found = real_first(qs)
        if qs.model is Ticket and found is not None and not raced:
            raced.append(found.pk)
            Ticket.objects.filter(pk=found.pk).update(status=TicketStatus.CALLED, counter=one, called_at=AT)
        return found

    monkeypatch.setattr(QuerySet, "first", first_then_race)
    got = services.call_next(officer, two.pk, at=AT)
    assert raced == [first.pk]
    assert (got.label, got.counter_id) == ("A002", two.pk)
    assert dict(Ticket.objects.values_list("number", "counter_id")) == {1: one.pk, 2: two.pk}
