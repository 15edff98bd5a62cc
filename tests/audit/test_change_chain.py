"""The configuration journal is a hash chain of its own: append-only through the model, verified by
`verify_audit_chain`, which names the first event changed with SQL; the anchors outside the database
catch a rewrite that recomputes every later hash."""
import pytest
from django.core.management import call_command
from django.db import connection

from motcua.audit.models import ChangeChainHead, ChangeEvent
from motcua.audit.services import GENESIS, HASHED_FIELDS, event_hash, record_change, verify_chain
from motcua.dossiers import anchors
from motcua.units.services import load_units

pytestmark = pytest.mark.django_db

TABLE = ChangeEvent._meta.db_table


@pytest.fixture
def three_changes(journal):
    load_units([
        {"code": "CP", "name": "Thành phố Cẩm Phả", "kind": "city", "parent": None},
        {"code": "CP-CTR", "name": "Phường Cẩm Trung", "kind": "ward", "parent": "CP"},
    ])
    load_units([{"code": "CP-CTR", "name": "Phường Cẩm Trung (mới)", "kind": "ward", "parent": "CP"}])
    events = journal.new()
    assert len(events) == 3
    return events


def rewrite_like_a_dba(event_id: int, note: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET note = %s WHERE id = %s", [note, event_id])
    prev = GENESIS
    rows = list(ChangeEvent.objects.order_by("id").values("id", "at", *HASHED_FIELDS))
    with connection.cursor() as cur:
        for row in rows:
            digest = event_hash(row, row["at"], prev)
            cur.execute(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, row["id"]])
            prev = digest
        cur.execute(f"UPDATE {ChangeChainHead._meta.db_table} SET last_id = %s, last_hash = %s", [rows[-1]["id"], prev])


def test_events_are_linked_in_order_from_the_genesis(three_changes):
    first, second, third = three_changes
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash and third.prev_hash == second.hash
    assert ChangeChainHead.objects.get().last_hash == third.hash
    assert verify_chain().ok and verify_chain().count == 3


def test_an_event_cannot_be_changed_or_deleted_through_the_model(three_changes):
    event = three_changes[0]
    event.note = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_a_row_changed_with_sql_is_named_by_the_command(three_changes, capsys):
    target = three_changes[1]
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET changes = %s WHERE id = %s", ['{"name": ["a", "b"]}', target.pk])
    report = verify_chain()
    assert report.broken_id == target.pk and report.reason == "nội dung đã bị sửa"
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit_chain")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"sự kiện cấu hình {target.pk}" in err and "Phường Cẩm Trung" in err and "bị sửa" in err


def test_a_row_deleted_with_sql_breaks_the_link_of_the_next(three_changes):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE id = %s", [three_changes[1].pk])
    report = verify_chain()
    assert report.broken_id == three_changes[2].pk and "đứt" in report.reason


def test_the_last_rows_deleted_with_sql_are_noticed_by_the_head(three_changes):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE id = %s", [three_changes[2].pk])
    assert not verify_chain().ok and "cuối chuỗi" in verify_chain().reason


def test_the_anchor_carries_the_configuration_events_under_their_own_key(three_changes):
    record = anchors.write_anchor(force=True)
    assert record["changes"] == {"last_id": three_changes[-1].pk, "events": [[e.pk, e.hash] for e in three_changes]}
    later = record_change(action="update", label="thử", app_label="units", model="unit", object_id="1")
    again = anchors.write_anchor(force=True)
    assert again["changes"] == {"last_id": later.pk, "events": [[later.pk, later.hash]]}


def test_a_rewrite_the_chain_cannot_see_is_named_by_the_anchors(three_changes, capsys):
    anchors.write_anchor(force=True)
    target = three_changes[1]
    rewrite_like_a_dba(target.pk, "sửa lén")
    assert verify_chain().ok  # the chain alone is fooled
    report = anchors.verify_anchors()
    assert report.change_mismatch_id == target.pk and report.mismatch_id is None and "mốc neo" in report.reason
    with pytest.raises(SystemExit):
        call_command("verify_audit_chain")
    err = capsys.readouterr().err
    assert f"không khớp mốc neo tại sự kiện cấu hình {target.pk}" in err


def test_an_intact_journal_is_reported_with_its_anchored_count(three_changes, capsys):
    anchors.write_anchor(force=True)
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert "Nhật ký thay đổi cấu hình toàn vẹn: 3 sự kiện (3 sự kiện đã neo)" in out


def test_the_journal_admin_list_is_read_only_and_in_vietnamese(three_changes, admin_client):
    response = admin_client.get("/quan-tri/audit/changeevent/")
    page = response.content.decode()
    assert response.status_code == 200 and "Nhật ký thay đổi cấu hình" in page and "Phường Cẩm Trung" in page
    assert admin_client.get("/quan-tri/audit/changeevent/add/").status_code == 403
    delete = admin_client.post(f"/quan-tri/audit/changeevent/{three_changes[0].pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403 and ChangeEvent.objects.count() == 3


def test_the_anchor_command_reports_the_new_configuration_events(three_changes, capsys):
    call_command("anchor_audit_chain")
    assert "3 thay đổi cấu hình mới" in capsys.readouterr().out
