"""An installation of the demo city with a little history — dossiers, scanned files, an anchor of the
audit chain — in the test's own folders, and helpers to back it up and to tamper with an archive.

Backups read the database from outside any transaction (a read snapshot of their own), as the command
does on a running server: these tests commit their data (transactional database)."""
import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.common.backup import Target, make_backup
from motcua.dossiers import anchors
from tests.dossiers.conftest import act, local, receive
from tests.factories import load_demo_city

PDF = b"%PDF-1.7\n%scan of the application\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def installation(transactional_db, settings, tmp_path, monkeypatch) -> Target:
    """VAR_DIR, uploads and anchors under tmp_path; the secret key is the generated one in VAR_DIR and
    the anchor key defaults to it, as on a server started without MOTCUA_SECRET_KEY."""
    monkeypatch.delenv("MOTCUA_SECRET_KEY", raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    (settings.VAR_DIR / "secret_key").write_text(settings.SECRET_KEY)
    settings.MOTCUA_AUDIT_ANCHOR_KEY = settings.SECRET_KEY
    city = load_demo_city(settings, tmp_path)
    first = receive(city, at=local(2024, 11, 25, 9, 0), attachments=[(None, SimpleUploadedFile("don.pdf", PDF))])
    first = act(city, first, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    act(city, first, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 11, 0))
    anchors.write_anchor(force=True)
    # Written after the anchor: the archive must carry unanchored events too.
    receive(city, at=local(2024, 11, 26, 14, 0), attachments=[(None, SimpleUploadedFile("ban-ve.png", PNG))])
    receive(city, at=local(2025, 1, 6, 8, 30))
    return Target.from_settings()


@pytest.fixture
def archive(installation, tmp_path) -> Path:
    path = tmp_path / "backups" / "motcua.tar.gz"
    make_backup(path, target=installation)
    return path


def rewrite_archive(source: Path, dest: Path, *, change: dict[str, bytes] | None = None, drop: str = "") -> Path:
    """A copy of the archive with one member's bytes changed or one member left out (the manifest as is)."""
    change = change or {}
    with tarfile.open(source, "r:gz") as old, tarfile.open(dest, "w:gz") as new:
        for member in old:
            if member.name == drop:
                continue
            data = old.extractfile(member).read() if member.isfile() else b""
            data = change.get(member.name, data)
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return dest


def media_members(path: Path) -> list[str]:
    with tarfile.open(path, "r:gz") as tar:
        return sorted(m.name for m in tar if m.name.startswith("media/"))
