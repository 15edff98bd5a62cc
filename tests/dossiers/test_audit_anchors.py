"""Anchors outside the database: a database administrator who rewrites an event and every later hash
(and the head row) is caught by the signed anchor file, which names the first event that no longer
matches; the anchor file itself cannot be edited without the key."""
import json
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from motcua.dossiers import anchors
from motcua.dossiers.audit import GENESIS, HASHED_FIELDS, event_hash, verify_chain
from motcua.dossiers.models import AuditChainHead, DossierEvent

from .conftest import act, local, receive


@pytest.fixture
def history(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 11, 0))
    return d


def rewrite_like_a_dba(event_id: int, note: str) -> None:
    """Change one event's note with SQL, then recompute every later hash and the head, as someone with
    database write access could: the chain alone still verifies."""
    table = DossierEvent._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET note = %s WHERE id = %s", [note, event_id])
    prev = GENESIS
    rows = list(DossierEvent.objects.order_by("id").values("id", "at", *HASHED_FIELDS))
    with connection.cursor() as cur:
        for row in rows:
            digest = event_hash(row, row["at"], prev)
            cur.execute(f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, row["id"]])
            prev = digest
        cur.execute(f"UPDATE {AuditChainHead._meta.db_table} SET last_id = %s, last_hash = %s", [rows[-1]["id"], prev])


def anchor_file(settings) -> Path:
    return Path(settings.MOTCUA_AUDIT_ANCHOR_FILE)


def test_an_anchor_records_the_new_events_signed_and_linked(history, settings):
    first = anchors.write_anchor(force=True)
    ids = list(DossierEvent.objects.order_by("id").values_list("id", "hash"))
    assert first["events"] == [list(x) for x in ids] and first["seq"] == 1 and first["prev"] == GENESIS
    act_again = anchors.write_anchor(force=True)
    assert act_again["events"] == [] and act_again["seq"] == 2 and act_again["last_id"] == ids[-1][0]
    assert len(anchors.read_anchors()) == 2


def test_a_rewrite_that_the_chain_cannot_see_is_named_by_the_anchors(history, settings, capsys):
    anchors.write_anchor(force=True)
    target = DossierEvent.objects.order_by("id")[1]
    rewrite_like_a_dba(target.pk, "sửa lén và tính lại hash")
    assert verify_chain().ok  # the chain alone is fooled
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit_chain")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"sự kiện {target.pk}" in err and history.code in err and "mốc neo" in err


def test_an_anchored_event_deleted_with_its_followers_rehashed_is_named(history, settings):
    anchors.write_anchor(force=True)
    last = DossierEvent.objects.order_by("id").last()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {DossierEvent._meta.db_table} WHERE id = %s", [last.pk])
        cur.execute(f"UPDATE {AuditChainHead._meta.db_table} SET last_id = %s, last_hash = %s",
                    list(DossierEvent.objects.order_by("id").values_list("id", "hash").last()))
    assert verify_chain().ok
    report = anchors.verify_anchors()
    assert report.mismatch_id == last.pk and "không còn" in report.reason


def test_an_intact_history_matches_its_anchors(history, capsys):
    anchors.write_anchor(force=True)
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert "Chuỗi kiểm toán toàn vẹn: 3 sự kiện; khớp 1 mốc neo (3 sự kiện đã neo)" in out


def test_an_edited_anchor_line_is_refused(history, settings, capsys):
    anchors.write_anchor(force=True)
    path = anchor_file(settings)
    record = json.loads(path.read_text())
    record["events"][0][1] = "f" * 64  # a DBA who also reaches the file but not the key
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(SystemExit):
        call_command("verify_audit_chain")
    assert "chữ ký sai" in capsys.readouterr().err


def test_a_line_removed_from_the_middle_of_the_file_is_refused(history, settings):
    for _ in range(3):
        anchors.write_anchor(force=True)
    path = anchor_file(settings)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n")
    report = anchors.verify_anchors()
    assert not report.ok and "dòng 2" in report.reason and "không nối" in report.reason


def test_a_different_key_cannot_verify_the_file(history, settings):
    anchors.write_anchor(force=True)
    settings.MOTCUA_AUDIT_ANCHOR_KEY = "another-key"
    assert "chữ ký sai" in anchors.verify_anchors().reason


def test_the_periodic_anchor_waits_for_its_interval(history, settings):
    settings.MOTCUA_AUDIT_ANCHOR_EVERY = 24 * 3600
    with time_machine.travel(local(2024, 11, 25, 18, 0), tick=False):
        assert anchors.write_anchor()["seq"] == 1
    with time_machine.travel(local(2024, 11, 26, 17, 0), tick=False):
        assert anchors.write_anchor() is None
    with time_machine.travel(local(2024, 11, 26, 18, 1), tick=False):
        assert anchors.write_anchor()["seq"] == 2


def test_the_auditor_receives_the_head_by_email(history, settings):
    settings.MOTCUA_AUDIT_EMAIL = "kiemtoan@campha.gov.vn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    record = anchors.write_anchor(force=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kiemtoan@campha.gov.vn"]
    assert record["head_hash"] in mail.outbox[0].body


def test_no_anchor_file_yet_is_not_an_error(history, capsys):
    call_command("verify_audit_chain")
    assert "khớp 0 mốc neo" in capsys.readouterr().out
