"""`push_national_portal` pushes now and, with --status, counts; `run_scheduler` enqueues the push every
minute beside the notifications."""
from django.core.management import call_command

from motcua.nationalportal.models import PortalPush

from .conftest import local, receive


def test_the_command_pushes_and_counts(city, portal, capsys):
    portal.mode = "503"
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    call_command("push_national_portal", "--status")
    assert "Đang chờ: 1; đã đẩy: 0; bị từ chối: 0." in capsys.readouterr().out
    portal.mode = "ok"
    PortalPush.objects.update(next_attempt_at=d.received_at)
    call_command("push_national_portal")
    assert "Đã đẩy 1, đẩy lại sau 0, bị từ chối 0." in capsys.readouterr().out
    call_command("push_national_portal", "--status")
    assert "Đang chờ: 0; đã đẩy: 1; bị từ chối: 0." in capsys.readouterr().out


def test_the_scheduler_pushes_what_is_pending(city, portal, capsys):
    portal.stop()
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    portal.start()
    PortalPush.objects.update(next_attempt_at=d.received_at)
    call_command("run_scheduler", "--once")
    assert "push_national_portal: SUCCESSFUL" in capsys.readouterr().out
    assert portal.statuses(d.code) == ["2"]
