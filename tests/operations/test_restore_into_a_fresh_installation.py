"""The restore drill, as the operator runs it: `manage.py restore ARCHIVE` on a fresh installation (its
own database and VAR_DIR, started without MOTCUA_SECRET_KEY), then `manage.py verify_restore ARCHIVE` in a
new process: counts, audit chain and anchors (signed with the restored key), statistics and every file
identical."""
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from motcua.common.backup import sha256_file
from tests.processes import installation_env

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def fresh_database_url(tmp_path, installation):
    """An empty database of the same kind as the one the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'db.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    auth = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    yield f"postgres://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    connection.close()
    with connection.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_restored_into_a_fresh_database_and_folder_it_verifies_identical(archive, installation, fresh_database_url, tmp_path):
    var = tmp_path / "fresh" / "var"
    env = installation_env(DATABASE_URL=fresh_database_url, MOTCUA_VAR_DIR=str(var), MOTCUA_PLAIN_HTTP="1")
    (tmp_path / "fresh").mkdir(exist_ok=True)

    restored = manage("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Bản sao lưu nguyên vẹn" in restored.stdout and "Đã khôi phục cơ sở dữ liệu" in restored.stdout
    # The fresh installation had generated its own key at start; the archived one replaced it (set aside).
    assert (var / "secret_key").read_text() == settings.SECRET_KEY
    assert list(var.glob("secret_key.before-restore-*"))
    for original in installation.media_root.rglob("*"):
        if original.is_file():
            copy = var / "media" / original.relative_to(installation.media_root)
            assert sha256_file(copy) == sha256_file(original)

    verified = manage("verify_restore", str(archive), env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    out = verified.stdout
    assert "Tệp tải lên: 2 tệp có mặt, sha256 khớp." in out
    assert "Chuỗi kiểm toán toàn vẹn" in out and "Mốc neo: 1 mốc" in out
    assert "Số liệu thống kê: giống hệt lúc sao lưu" in out
    assert out.rstrip().endswith("Bản khôi phục khớp bản sao lưu.")

    again = manage("restore", str(archive), env=env)  # now the target holds data
    assert again.returncode != 0 and "--force" in again.stderr
