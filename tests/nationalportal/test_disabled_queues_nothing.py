"""Off (the default): no notice is queued, nothing is pushed, the command says so."""
from django.core.management import call_command

from motcua.nationalportal import services
from motcua.nationalportal.models import PortalPush

from .conftest import act, local, receive


def test_switched_off_nothing_is_queued_or_pushed(city, portal, settings, django_capture_on_commit_callbacks, capsys):
    settings.MOTCUA_DVCQG_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(city, at=local(2024, 11, 25, 9, 0))
        act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert PortalPush.objects.count() == 0
    assert services.send_pending().sent == 0 and portal.requests == [] and portal.token_requests == 0
    call_command("push_national_portal")
    assert "Chưa bật đồng bộ" in capsys.readouterr().out


def test_the_default_setting_is_off():
    from motcua import settings as project_settings

    assert project_settings.MOTCUA_DVCQG_ENABLED is False
