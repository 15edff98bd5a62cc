"""Tickets are numbered per reception point, service group and day, gap-free; bad input writes nothing."""
import pytest
from django.db import transaction

from motcua.common.errors import NotFound, ValidationFailed
from motcua.frontdesk import services
from motcua.frontdesk.models import ServiceGroup, Ticket
from motcua.units.models import Unit

from .conftest import CENTER, WARD_DESK, local


def test_numbers_run_per_group_and_restart_each_day(city):
    at = local(2026, 3, 2, 8, 0)
    a1 = services.issue_ticket(CENTER, "A", at=at)
    a2 = services.issue_ticket(CENTER, "A", at=at)
    b1 = services.issue_ticket(CENTER, "B", at=at)
    next_day = services.issue_ticket(CENTER, "A", at=local(2026, 3, 3, 7, 45))
    ward = services.issue_ticket(WARD_DESK, at=at)
    assert [(t.number, t.label) for t in (a1, a2, b1, next_day, ward)] == [
        (1, "A001"), (2, "A002"), (1, "B001"), (1, "A001"), (1, "A001")
    ]
    assert a1.day.isoformat() == "2026-03-02" and ward.unit.code == WARD_DESK


def test_without_a_group_the_first_group_of_the_point_is_used(city):
    assert services.issue_ticket(CENTER, at=local(2026, 3, 2, 8, 0)).group.code == "A"


def test_a_point_nobody_configured_gets_one_default_group(city):
    desk = Unit.objects.get(code="CP-MD-MC")
    ServiceGroup.objects.filter(unit=desk).delete()
    ticket = services.issue_ticket("CP-MD-MC", at=local(2026, 3, 2, 8, 0))
    assert (ticket.label, ticket.group.name) == ("A001", services.DEFAULT_GROUP[1])


def test_the_day_is_the_local_day(city):
    # 23:30 UTC on 1 March is 06:30 on 2 March in Hà Nội time.
    from datetime import UTC, datetime

    ticket = services.issue_ticket(CENTER, "A", at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    assert ticket.day.isoformat() == "2026-03-02"


def test_a_rolled_back_issue_gives_its_number_back(city):
    at = local(2026, 3, 2, 8, 0)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_ticket(CENTER, "A", at=at)
        raise RuntimeError("the printer failed before the answer")
    assert services.issue_ticket(CENTER, "A", at=at).number == 1


def test_unknown_point_is_refused_and_nothing_is_written(city):
    with pytest.raises(NotFound) as err:
        services.issue_ticket("KHONG-CO")
    assert "Không có điểm tiếp nhận mã" in err.value.detail
    assert not Ticket.objects.exists()


def test_a_unit_that_receives_nothing_is_not_a_reception_point(city):
    with pytest.raises(ValidationFailed) as err:
        services.issue_ticket("CP-QLDT")
    assert "không phải điểm tiếp nhận" in err.value.detail
    assert not Ticket.objects.exists()


def test_unknown_service_group_is_refused(city):
    with pytest.raises(ValidationFailed) as err:
        services.issue_ticket(CENTER, "Z")
    assert err.value.field == "service_group" and "không có nhóm dịch vụ “Z”" in err.value.detail
    assert not Ticket.objects.exists()
