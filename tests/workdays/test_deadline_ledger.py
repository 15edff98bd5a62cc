"""A deadline is a budget plus a ledger: start, pause, resume, restart, extend, close (domain.md §3)."""
from datetime import timedelta
from decimal import Decimal

import pytest

from motcua.workdays import selectors, services
from motcua.workdays.engine import Timeliness
from motcua.workdays.models import Deadline, DeadlineEvent, DeadlineStatus
from tests.factories import UnitFactory

from .conftest import vn

pytestmark = pytest.mark.django_db


def start(amount=3, time_unit="working_days", at="13/02/2026 09:30", unit=None):
    return services.start_deadline(
        "dossier:CP-HCC-260213-0001", unit=unit, time_unit=time_unit, amount=amount, started_at=vn(at)
    )


def test_start_caches_the_due_instant_across_tet():
    deadline = start()
    assert deadline.due_at == vn("25/02/2026 09:30")
    assert deadline.legal_due_at == deadline.due_at
    assert deadline.budget_seconds == 3 * 8 * 3600
    assert list(deadline.events.values_list("kind", flat=True)) == ["start"]


def test_received_online_at_night_starts_next_morning():
    deadline = start(amount=1, at="03/03/2026 22:15")
    assert deadline.due_at == vn("04/03/2026 17:00")


def test_pause_then_resume_continues_with_the_budget_left():
    deadline = start(amount=3, at="02/03/2026 07:30")  # due Wed 04/03 17:00
    deadline = services.pause_deadline(deadline, at=vn("02/03/2026 17:00"), note="yêu cầu bổ sung")
    assert deadline.status == DeadlineStatus.PAUSED
    assert deadline.due_at is None
    assert selectors.remaining(deadline, vn("05/03/2026 10:00")) == timedelta(hours=16)
    deadline = services.resume_deadline(deadline, at=vn("05/03/2026 10:00"))
    assert deadline.status == DeadlineStatus.RUNNING
    assert deadline.due_at == vn("09/03/2026 10:00")  # 16 working hours from Thu 10:00, over the weekend


def test_restart_gives_the_full_budget_again():
    deadline = start(amount=1, at="02/03/2026 07:30")
    deadline = services.pause_deadline(deadline, at=vn("02/03/2026 15:00"))
    deadline = services.restart_deadline(deadline, at=vn("04/03/2026 09:00"))
    assert deadline.due_at == vn("05/03/2026 09:00")


def test_a_pause_after_the_due_instant_does_not_move_it():
    deadline = start(amount=1, at="02/03/2026 07:30")
    deadline = services.pause_deadline(deadline, at=vn("04/03/2026 10:00"))
    assert deadline.due_at == vn("02/03/2026 17:00")
    deadline = services.resume_deadline(deadline, at=vn("10/03/2026 10:00"))
    assert deadline.due_at == vn("02/03/2026 17:00")


def test_extension_moves_the_appointment_but_not_the_legal_due():
    deadline = start(amount=1, at="02/03/2026 07:30")
    deadline = services.extend_deadline(deadline, minutes=8 * 60, at=vn("02/03/2026 16:00"), note="Mẫu 04")
    assert deadline.due_at == vn("03/03/2026 17:00")
    assert deadline.legal_due_at == vn("02/03/2026 17:00")
    assert services.close_deadline(deadline, at=vn("03/03/2026 10:00")) is Timeliness.LATE


def test_remaining_working_time_at_any_instant():
    deadline = start(amount=2, at="02/03/2026 07:30")
    assert selectors.remaining(deadline, vn("02/03/2026 12:00")) == timedelta(hours=12)
    assert selectors.remaining(deadline, vn("04/03/2026 08:30")) == timedelta(hours=-1)


@pytest.mark.parametrize(
    ("finished", "expected"),
    [("04/03/2026 16:00", Timeliness.ON_TIME), ("04/03/2026 17:00", Timeliness.ON_TIME),
     ("04/03/2026 17:01", Timeliness.LATE), ("03/03/2026 17:00", Timeliness.EARLY)],
)
def test_close_judges_timeliness(finished, expected):
    deadline = start(amount=3, at="02/03/2026 07:30")
    assert services.close_deadline(deadline, at=vn(finished)) is expected
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.CLOSED
    assert deadline.timeliness == expected.value


def test_state_errors_write_nothing():
    deadline = start()
    with pytest.raises(services.DeadlineStateError):
        services.resume_deadline(deadline, at=vn("16/02/2026 09:00"))
    services.close_deadline(deadline, at=vn("20/02/2026 09:00"))
    with pytest.raises(services.DeadlineStateError):
        services.pause_deadline(deadline, at=vn("23/02/2026 09:00"))
    assert DeadlineEvent.objects.filter(deadline=deadline).count() == 1


def test_same_day_deadline_and_unit_calendar():
    unit = UnitFactory(code="CP-HCC", working_hours=[["08:00", "12:00"], ["13:00", "17:00"]])
    deadline = start(amount=0, time_unit="same_day", at="03/03/2026 16:00", unit=unit)
    assert deadline.due_at == vn("04/03/2026 17:00")


def test_step_deadlines_share_the_budget_and_are_chained():
    shares = [Decimal("0.25"), Decimal("0.5"), Decimal("0.25")]
    steps = services.start_step_deadlines(
        "dossier:X", unit=None, time_unit="working_days", amount=4, shares=shares, started_at=vn("02/03/2026 07:30")
    )
    assert [s.kind for s in steps] == ["step:1", "step:2", "step:3"]
    assert [s.due_at for s in steps] == [vn("02/03/2026 17:00"), vn("04/03/2026 17:00"), vn("05/03/2026 17:00")]
    plan = selectors.plan_steps(vn("02/03/2026 07:30"), 4, "working_days", shares)
    assert [d for _, d in plan] == [s.due_at for s in steps]
    assert sum(b for b, _ in plan) == 4 * 8 * 3600


def test_preview_explains_in_vietnamese():
    p = selectors.preview_due(vn("13/02/2026 09:30"), 3, "working_days")
    assert p.due == vn("25/02/2026 09:30")
    assert "đã trừ: Tết Nguyên Đán 14/02–22/02/2026" in p.explanation


def test_no_due_date():
    deadline = start(amount=0, time_unit="none")
    assert deadline.due_at is None
    assert services.close_deadline(deadline, at=vn("20/02/2026 09:00")) is None
    assert Deadline.objects.get(pk=deadline.pk).timeliness == ""
