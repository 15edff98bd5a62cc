"""pg_dump and pg_restore are taken from PATH, else the newest of /usr/lib/postgresql/*/bin (Debian and
Ubuntu install them there, with only a wrapper or nothing on PATH); missing altogether, the operator is
told which package to install."""
import pytest

from motcua.common import backup


def test_on_path_first(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: f"/opt/pg/bin/{name}")
    assert backup.pg_tool("pg_dump") == "/opt/pg/bin/pg_dump"


def test_else_the_newest_installed_version(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    installed = ["/usr/lib/postgresql/9.6/bin/pg_restore", "/usr/lib/postgresql/17/bin/pg_restore",
                 "/usr/lib/postgresql/15/bin/pg_restore"]
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: installed if pattern.endswith("/pg_restore") else [])
    assert backup.pg_tool("pg_restore") == "/usr/lib/postgresql/17/bin/pg_restore"
    with pytest.raises(backup.BackupError, match="postgresql-client"):
        backup.pg_tool("pg_dump")
