"""manage.py check_calendar exits non-zero when a needed year is not confirmed."""
import pytest
import time_machine
from django.core.management import CommandError, call_command

from motcua.workdays import services

from .conftest import vn

pytestmark = pytest.mark.django_db


def test_passes_when_the_next_60_days_are_confirmed(capsys):
    with time_machine.travel(vn("02/03/2026 09:00"), tick=False):
        call_command("check_calendar")
    assert "đã xác nhận" in capsys.readouterr().out


def test_fails_when_the_next_60_days_reach_a_missing_year():
    with time_machine.travel(vn("15/11/2027 09:00"), tick=False), pytest.raises(CommandError) as exc:
        call_command("check_calendar")
    assert exc.value.returncode == 1


def test_fails_when_an_open_deadline_falls_in_an_unconfirmed_year(capsys):
    services.propose_year(2028)
    services.start_deadline(
        "dossier:A", unit=None, time_unit="working_days", amount=20, started_at=vn("20/12/2027 09:00")
    )
    with time_machine.travel(vn("02/03/2026 09:00"), tick=False), pytest.raises(CommandError):
        call_command("check_calendar")
    assert "Lịch năm 2028 chưa xác nhận, mà 1 thời hạn đang mở" in capsys.readouterr().err
    services.confirm_year(2028)
    with time_machine.travel(vn("02/03/2026 09:00"), tick=False):
        call_command("check_calendar")


def test_seed_command_proposes_a_year(capsys):
    call_command("seed_calendar", "--propose", "2030")
    assert "2030" in capsys.readouterr().out
