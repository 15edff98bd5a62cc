"""The audit trail is a hash chain: verify it, and name the first event changed or removed behind its back."""
import pytest
from django.core.management import call_command
from django.db import connection

from motcua.dossiers.audit import verify_chain
from motcua.dossiers.models import DossierEvent

from .conftest import act, local, receive


@pytest.fixture
def history(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 11, 0))
    return d


def test_intact_chain_verifies(history, capsys):
    call_command("verify_audit_chain")
    assert "Chuỗi kiểm toán toàn vẹn: 3 sự kiện" in capsys.readouterr().out


def test_a_row_changed_with_raw_sql_is_named(history, capsys):
    event = DossierEvent.objects.order_by("id")[1]
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {DossierEvent._meta.db_table} SET note = %s WHERE id = %s", ["sửa lén", event.pk])
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit_chain")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"sự kiện {event.pk}" in err and history.code in err


def test_a_deleted_row_breaks_the_link(history):
    first, second, _ = DossierEvent.objects.order_by("id")
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {DossierEvent._meta.db_table} WHERE id = %s", [second.pk])
    report = verify_chain()
    assert not report.ok and report.broken_id > first.pk


def test_events_refuse_update_and_delete_through_the_model(history):
    event = DossierEvent.objects.first()
    event.note = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
