"""`manage.py restore` checks the whole archive before it changes anything, refuses a target that holds
data unless --force, and with --force sets the old files aside instead of deleting them."""
import errno
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from motcua.common import backup
from motcua.common.backup import VerifyError, restore_backup, verify_restored
from motcua.dossiers.models import Dossier

from .conftest import media_members, rewrite_archive


def snapshot(target):
    files = sorted((p.relative_to(target.media_root), p.read_bytes()) for p in target.media_root.rglob("*") if p.is_file())
    return Dossier.objects.count(), get_user_model().objects.count(), files


def test_a_database_holding_data_is_not_overwritten_without_force(archive, installation):
    before = snapshot(installation)
    with pytest.raises(CommandError, match="đã có dữ liệu .*3 dossiers.Dossier.*--force"):
        call_command("restore", str(archive))
    assert snapshot(installation) == before


def test_a_tampered_archive_is_refused_before_anything_changes(archive, installation, tmp_path):
    scan = media_members(archive)[0]
    bad = rewrite_archive(archive, tmp_path / "bad.tar.gz", change={scan: b"%PDF-1.7 forged"})
    before = snapshot(installation)
    with pytest.raises(CommandError, match=f"Tệp {scan} trong bản sao lưu đã bị thay đổi"):
        call_command("restore", str(bad), "--force")
    assert snapshot(installation) == before


def test_with_force_the_backup_replaces_the_data_and_the_old_files_are_set_aside(archive, installation):
    get_user_model().objects.create(username="after.backup")
    stray = installation.media_root / "after-backup.pdf"
    stray.write_bytes(b"%PDF-1.7 uploaded after the backup")
    with pytest.raises(VerifyError):
        verify_restored(archive, target=installation, say=lambda _: None)

    said: list[str] = []
    restore_backup(archive, force=True, target=installation, say=said.append)

    assert not get_user_model().objects.filter(username="after.backup").exists()
    assert not stray.exists()
    aside = list(installation.media_root.parent.glob("media.before-restore-*"))
    assert len(aside) == 1 and (aside[0] / "after-backup.pdf").exists()
    assert any("Đã để riêng" in line for line in said)
    verify_restored(archive, target=installation, say=said.append)
    assert said[-1].startswith("Số liệu thống kê: giống hệt")


def test_an_uploads_folder_that_cannot_be_renamed_keeps_its_old_files_inside(archive, installation, monkeypatch):
    """The shared uploads storage of several app machines is a mount point: renaming it fails (EBUSY)."""
    stray = installation.media_root / "after-backup.pdf"
    stray.write_bytes(b"%PDF-1.7 uploaded after the backup")
    real_replace = os.replace

    def replace(src, dst):
        if Path(src) == installation.media_root:
            raise OSError(errno.EBUSY, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(backup.os, "replace", replace)
    restore_backup(archive, force=True, target=installation, say=lambda _: None)

    aside = list(installation.media_root.glob(".before-restore-*"))
    assert len(aside) == 1 and (aside[0] / "after-backup.pdf").exists() and not stray.exists()
    verify_restored(archive, target=installation, say=lambda _: None)
