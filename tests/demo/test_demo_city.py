"""The demo city loads from the project's own copy of the data, idempotently; accounts only in demo mode."""
import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.common.errors import NotAllowed
from motcua.demo import services
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Unit.objects.order_by("code").values_list("code", "path", "name")),
        list(ProcedureVersion.objects.order_by("id").values_list("id", "number", "status")),
        list(User.objects.order_by("username").values_list("username", "password", "role", "unit__code")),
    )


def test_demo_city_loads_everything_in_demo_mode(settings):
    settings.DEMO_MODE = True
    report = services.load_demo_city()
    assert report.units["created"] == Unit.objects.count()
    assert Unit.objects.filter(parent__code="CP", kind__in=["ward", "commune"]).count() == 16
    assert Procedure.objects.filter(current_version__isnull=False).count() == 19
    assert report.accounts_created == 68
    officer = User.objects.get(username="tiepnhan.camtrung")
    assert officer.unit.code == "CP-CTR-MC" and officer.role == "counter_officer" and officer.is_demo
    assert officer.check_password("MotCua@2018")
    assert User.objects.get(username="admin").is_superuser
    assert Unit.objects.get(code="QN").working_hours == [["07:30", "11:30"], ["13:00", "17:00"]]


def test_loading_twice_changes_nothing(settings):
    settings.DEMO_MODE = True
    services.load_demo_city()
    before = snapshot()
    report = services.load_demo_city()
    assert snapshot() == before
    assert report.units == {"created": 0, "updated": 0}
    assert report.accounts_created == report.accounts_updated == 0
    assert report.procedures.unchanged == 19


def test_no_demo_accounts_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    services.load_demo_city()
    assert User.objects.count() == 0
    with pytest.raises(NotAllowed):
        services.load_demo_accounts()


def test_command_reports_and_refuses_nothing_in_production_mode(settings, capsys):
    settings.DEMO_MODE = False
    call_command("load_demo_city")
    out = capsys.readouterr().out
    assert "Không tạo tài khoản demo" in out
    assert "Thủ tục: 19 mới, 0 phiên bản mới, 0 không đổi." in out
    assert Unit.objects.filter(code="CP-HCC").exists()


def test_demo_accounts_command_error_is_clear(settings, monkeypatch):
    settings.DEMO_MODE = True

    def broken(**kwargs):
        raise NotAllowed("Tài khoản demo chỉ được tạo ở chế độ demo (MOTCUA_DEMO=1).")

    monkeypatch.setattr("motcua.demo.management.commands.load_demo_city.load_demo_city", broken)
    with pytest.raises(CommandError, match="chế độ demo"):
        call_command("load_demo_city")
