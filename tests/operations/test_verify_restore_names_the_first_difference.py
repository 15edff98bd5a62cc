"""`manage.py verify_restore ARCHIVE` compares the installation with the archive's manifest and exits 1
naming the first difference. The installation a backup was just made of is a faithful copy of it; each
test changes one thing, as a broken or incomplete restore would."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent
from tests.dossiers.test_audit_anchors import rewrite_like_a_dba

from .conftest import media_members, rewrite_archive


def verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_restore", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_an_identical_copy_passes_and_every_check_is_said(archive):
    code, out, err = verify(archive)
    assert (code, err) == (0, "")
    for check in ("Bản sao lưu nguyên vẹn", "Tệp tải lên: 2 tệp", "Tệp mốc neo", "Khóa bí mật: khớp", "Số bản ghi",
                  "Số thứ tự mã hồ sơ", "Chuỗi kiểm toán toàn vẹn", "Mốc neo: 1 mốc", "Số liệu thống kê: giống hệt"):
        assert check in out


def test_a_changed_uploaded_file(archive, installation):
    scan = media_members(archive)[0]
    (installation.media_root / scan.removeprefix("media/")).write_bytes(b"%PDF-1.7 another scan")
    code, _, err = verify(archive)
    assert code == 1 and f"Tệp tải lên {scan} khác bản sao lưu" in err


def test_a_missing_uploaded_file(archive, installation):
    scan = media_members(archive)[-1]
    (installation.media_root / scan.removeprefix("media/")).unlink()
    code, _, err = verify(archive)
    assert code == 1 and f"Thiếu tệp tải lên {scan}" in err


def test_a_changed_row_count(archive):
    get_user_model().objects.create(username="not.in.the.backup")
    code, _, err = verify(archive)
    users = get_user_model().objects.count()
    assert code == 1 and f"Số bản ghi accounts.User: bản sao lưu {users - 1}, bản khôi phục {users}." in err


def test_an_event_rewritten_with_recomputed_hashes_is_caught_by_the_head_kept_in_the_backup(archive):
    first = DossierEvent.objects.order_by("id").first()
    rewrite_like_a_dba(first.id, "sửa lén")
    code, _, err = verify(archive)
    assert code == 1 and "Đầu chuỗi kiểm toán khác" in err and "chuỗi đã bị viết lại" in err


def test_anchors_signed_with_another_key_are_named(archive, settings):
    settings.MOTCUA_AUDIT_ANCHOR_KEY = "a-key-that-is-not-the-one-of-the-backup"
    code, _, err = verify(archive)
    assert code == 1 and "Khóa ký mốc neo khác khóa lúc sao lưu" in err


def test_an_anchor_file_that_lost_its_lines_is_named(archive, installation):
    installation.anchor_file.write_text("")
    code, _, err = verify(archive)
    assert code == 1 and f"Tệp mốc neo {installation.anchor_file} khác bản sao lưu" in err


def test_a_changed_status_shows_in_the_statistics(archive):
    dossier = Dossier.objects.order_by("id").last()
    with connection.cursor() as cur:  # the dossier row is not hashed: only the statistics can tell
        cur.execute(f"UPDATE {Dossier._meta.db_table} SET status = 'withdrawn' WHERE id = %s", [dossier.id])
    code, _, err = verify(archive)
    assert code == 1 and "Số liệu thống kê khác: dossiers_by_status_timeliness" in err


def test_an_archive_with_a_file_missing_fails_even_alone(archive, tmp_path):
    scan = media_members(archive)[0]
    bad = rewrite_archive(archive, tmp_path / "cut.tar.gz", drop=scan)
    code, _, err = verify(bad, "--archive-only")
    assert code == 1 and f"Tệp {scan} có trong bản kê nhưng thiếu trong bản sao lưu" in err
    assert verify(archive, "--archive-only")[0] == 0


@pytest.mark.parametrize("member", ["audit/anchors.jsonl", "secret/secret_key"])
def test_a_changed_anchor_file_or_key_in_the_archive(archive, tmp_path, member):
    bad = rewrite_archive(archive, tmp_path / "bad.tar.gz", change={member: b"changed\n"})
    code, _, err = verify(bad)
    assert code == 1 and f"Tệp {member} trong bản sao lưu đã bị thay đổi" in err
