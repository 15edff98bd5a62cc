"""A backup taken while the server runs is one state: a row committed by another process while the
backup is being made is in neither the dump nor the manifest, so the restored copy verifies."""
import sqlite3

from django.db import connection

from motcua.common import backup
from motcua.common.backup import make_backup, restore_backup, verify_restored
from motcua.dossiers.models import DossierCodeSequence
from motcua.units.models import Unit

INSERT = "INSERT INTO {table} (unit_id, day, last) VALUES ({p}, '2030-01-02', 7)"


def commit_from_another_process_connection(unit_id: int) -> None:
    db = connection.settings_dict
    table = DossierCodeSequence._meta.db_table
    if connection.vendor == "sqlite":
        other = sqlite3.connect(db["NAME"], timeout=5)
        with other:
            other.execute(INSERT.format(table=table, p="?"), [unit_id])
        other.close()
        return
    import psycopg

    with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                         password=db["PASSWORD"] or None, dbname=db["NAME"], autocommit=True) as other:
        other.execute(INSERT.format(table=table, p="%s"), [unit_id])


def test_a_row_committed_during_the_backup_is_in_neither_the_dump_nor_the_manifest(installation, tmp_path, monkeypatch):
    before = DossierCodeSequence.objects.count()
    unit_id = Unit.objects.get(code="CP-HCC").pk
    real_facts = backup.database_facts

    def facts_while_the_server_writes(*args, **kwargs):
        commit_from_another_process_connection(unit_id)  # after the snapshot began, before it is read
        return real_facts(*args, **kwargs)

    monkeypatch.setattr(backup, "database_facts", facts_while_the_server_writes)
    path = tmp_path / "during.tar.gz"
    manifest = make_backup(path, target=installation)

    assert DossierCodeSequence.objects.count() == before + 1  # the write did commit
    assert manifest["counts"]["dossiers.DossierCodeSequence"] == before
    restore_backup(path, force=True, target=installation, say=lambda _: None)
    assert DossierCodeSequence.objects.count() == before  # nor was it in the dump
    verify_restored(path, target=installation, say=lambda _: None)
