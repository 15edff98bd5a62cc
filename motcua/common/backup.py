"""Backup and restore of one installation, and the check of a restored copy (docs/operations.md).

One archive (.tar.gz) holds everything that must come back together: the database (a `pg_dump
--format=custom` on PostgreSQL, a page copy by SQLite's online backup API on SQLite), the uploaded files
(MEDIA_ROOT), the audit chain's anchor file, the generated secret key when it is the one in VAR_DIR (the
anchor key defaults to it), and `manifest.json`: the counts of rows, the head of the audit chain, a
statistics fingerprint and the sha256 of every other file of the archive.

The database facts of the manifest are read in the same snapshot as the dump (a read transaction on
SQLite, an exported REPEATABLE READ snapshot handed to pg_dump on PostgreSQL), so a backup taken while the
server runs is consistent with its own manifest. The anchor file is copied just before that snapshot (an
anchor written later would name events the dump does not have); the uploads are walked just after it
(a file is written before the row that names it commits, so every file the dump names is there).
"""
from __future__ import annotations

import glob
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Min, Model
from django.utils import timezone

FORMAT = "motcua-backup/1"
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
MEDIA = "media/"
ANCHORS = "audit/anchors.jsonl"
SECRET = "secret/secret_key"
# Rows counted besides the project's own apps: the API tokens and second factors of the accounts.
EXTRA_APPS = {"authtoken", "otp_totp", "otp_static"}
# A database holding any of these is "not empty": restore then needs --force (a freshly migrated
# database holds the seeded calendar, which is not the operator's data).
DATA_MODELS = ("accounts.User", "units.Unit", "catalog.Procedure", "dossiers.Dossier")
KEY_CHECK = b"motcua-backup: anchor key check"

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot be made; the message is for the operator (Vietnamese)."""


class VerifyError(Exception):
    """The restored copy differs from the manifest; the message names the first difference."""


@dataclass
class Target:
    """Where the files of an installation live (the settings, or a test's folders)."""

    media_root: Path
    anchor_file: Path
    var_dir: Path

    @classmethod
    def from_settings(cls) -> Target:
        return cls(Path(settings.MEDIA_ROOT), Path(settings.MOTCUA_AUDIT_ANCHOR_FILE), Path(settings.VAR_DIR))

    @property
    def secret_file(self) -> Path:
        return self.var_dir / "secret_key"


# -- facts of the database ------------------------------------------------------------------------------
def counted_models() -> list[type[Model]]:
    """Every table of the project's apps (so a model added later is counted too), plus EXTRA_APPS."""
    return sorted(
        (
            m for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy
            and (m.__module__.startswith("motcua.") or m._meta.app_label in EXTRA_APPS)
        ),
        key=lambda m: m._meta.label,
    )


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in counted_models()}


def code_sequences() -> dict[str, int]:
    """The last code number per reception unit and day: after a restore no code may be given twice."""
    from motcua.dossiers.models import DossierCodeSequence

    rows = DossierCodeSequence.objects.values_list("unit__code", "day", "last").order_by("unit__code", "day")
    return {f"{unit} {day.isoformat()}": last for unit, day, last in rows}


def _jsonable(value: Any) -> Any:
    loaded = json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))
    return loaded


def statistics_fingerprint(now: datetime) -> dict[str, Any]:
    """What the statistics show, to compare a restored copy with the original: dossiers by status and
    timeliness and by reception unit, and — where the statistics app provides it — the figures of each
    root unit for every calendar year that has dossiers, computed as of `now` (the backup's instant)."""
    from motcua.dossiers.models import Dossier

    by_status = Dossier.objects.values_list("status", "timeliness").annotate(n=Count("id")).order_by("status", "timeliness")
    by_unit = Dossier.objects.values_list("reception_unit__code").annotate(n=Count("id")).order_by("reception_unit__code")
    result: dict[str, Any] = {
        "dossiers_by_status_timeliness": {f"{s}/{t or '-'}": n for s, t, n in by_status},
        "dossiers_by_reception_unit": {code: n for code, n in by_unit},
    }
    try:
        from motcua.stats.selectors import figures
    except ImportError:
        return result
    from motcua.units.models import Unit

    first = Dossier.objects.aggregate(first=Min("received_at"))["first"]
    per_year: dict[str, Any] = {}
    if first is not None:
        for unit in Unit.objects.filter(parent=None).order_by("code"):
            for year in range(timezone.localtime(first).year, timezone.localtime(now).year + 1):
                try:
                    body = figures(unit, date(year, 1, 1), date(year, 12, 31), now=now)
                except Exception as exc:  # recorded, so that the restored copy must fail the same way
                    body = {"error": f"{type(exc).__name__}: {exc}"}
                per_year[f"{unit.code} {year}"] = body
    result["figures"] = _jsonable(per_year)
    return result


def anchor_key_check() -> str:
    """Identifies the anchor key without revealing it: verification says so plainly when the restored
    installation signs with another key (every anchor would otherwise just look forged)."""
    return hmac.new(settings.MOTCUA_AUDIT_ANCHOR_KEY.encode(), KEY_CHECK, hashlib.sha256).hexdigest()[:16]


def database_facts(now: datetime, anchor_file: Path) -> dict[str, Any]:
    from motcua.dossiers.anchors import verify_anchors
    from motcua.dossiers.audit import heads, heads_digest, verify_chain

    chain = verify_chain()
    chain_heads = heads()
    # One chain per reception unit (decision 0048): the highest head id and the digest of every head.
    head = (max((h[0] for h in chain_heads.values()), default=0), heads_digest(chain_heads))
    anchors = verify_anchors(anchor_file)
    return {
        "counts": row_counts(),
        "code_sequences": code_sequences(),
        "audit": {
            "events": chain.count,
            "chain_intact": chain.ok,
            "head_id": head[0],
            "head_hash": head[1],
            "heads": {str(k): list(v) for k, v in chain_heads.items()},
            "anchors": anchors.anchors,
            "anchored_events": anchors.checked,
            "anchors_match": anchors.ok,
            "anchor_key_check": anchor_key_check(),
            "anchor_key": "secret_key" if settings.MOTCUA_AUDIT_ANCHOR_KEY == settings.SECRET_KEY else "separate",
        },
        "statistics": _jsonable(statistics_fingerprint(now)),
    }


# -- database dump and load -----------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest under /usr/lib/postgresql/*/bin (Debian, Ubuntu)."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.parent.name)
        except ValueError:
            return 0.0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    if not candidates:
        raise BackupError(f"Không tìm thấy {name} (cài gói postgresql-client cùng phiên bản với máy chủ).")
    return candidates[0]


def pg_env() -> dict[str, str]:
    """The connection of DATABASE_URL as libpq's environment (the password never on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")), ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")), ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[var] = str(value)
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} thất bại (mã {done.returncode}): {done.stderr.strip()[-2000:]}")


@contextmanager
def _sqlite_snapshot() -> Iterator[sqlite3.Connection]:
    """A read transaction on the server's own connection: the facts (through the ORM) and the page copy
    see the same state, while other processes keep writing (WAL)."""
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu được bên trong một giao dịch đang mở.")
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the read snapshot now
        yield raw
    finally:
        raw.execute("COMMIT")


def dump_database(workdir: Path, now: datetime, anchor_copy: Path) -> tuple[Path, dict[str, Any]]:
    """The database into `workdir`, and its facts read in the same snapshot."""
    vendor = connection.vendor
    if vendor == "sqlite":
        path = workdir / "db.sqlite3"
        with _sqlite_snapshot() as raw:
            facts = database_facts(now, anchor_copy)
            copy = sqlite3.connect(path)
            try:
                raw.backup(copy)
            finally:
                copy.close()
        return path, facts
    if vendor == "postgresql":
        path = workdir / "db.pgdump"
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute("SELECT pg_export_snapshot()")
                snapshot = cur.fetchone()[0]
            facts = database_facts(now, anchor_copy)
            # pg_dump reads the snapshot this transaction exported: dump and facts are the same state.
            _run([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={path}"], pg_env())
        return path, facts
    raise BackupError(f"Cơ sở dữ liệu {vendor} chưa được hỗ trợ (chỉ PostgreSQL và SQLite).")


def database_holds_data() -> dict[str, int]:
    """The operator's data already in the configured database (empty dict: nothing to overwrite)."""
    tables = set(connection.introspection.table_names())
    found = {}
    for label in DATA_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in tables:
            n = model._base_manager.count()
            if n:
                found[label] = n
    return found


def load_database(dump: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là cơ sở dữ liệu {vendor}, nơi khôi phục là {connection.vendor}: không khôi phục chéo được."
        )
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch đang mở.")
    connection.close()
    if vendor == "sqlite":
        # Page by page into the configured file with the backup API (not a raw file copy): it takes the
        # database's locks and leaves no stale -wal/-shm file of the old database behind.
        name = str(connection.settings_dict["NAME"])
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        target = sqlite3.connect(name, timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run(
            [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            pg_env(),
        )
    connection.close()


# -- the archive ----------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add(tar: tarfile.TarFile, path: Path, name: str, files: dict[str, dict[str, Any]]) -> None:
    data = path.read_bytes() if path.stat().st_size < (64 << 20) else None
    if data is None:  # a large file: hashed then streamed (an upload is never rewritten in place)
        files[name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        tar.add(path, arcname=name, recursive=False)
        return
    files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(path.stat().st_mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


def generated_secret_key(target: Target) -> Path | None:
    """VAR_DIR/secret_key when it is the key in use (not MOTCUA_SECRET_KEY from the environment)."""
    if os.environ.get("MOTCUA_SECRET_KEY"):
        return None
    path = target.secret_file
    if path.is_file() and path.read_text().strip() == settings.SECRET_KEY:
        return path
    return None


def make_backup(output: Path, *, target: Target | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Write the archive to `output` (first as `output.partial`, renamed when complete); the manifest."""
    target = target or Target.from_settings()
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    work = Path(tempfile.mkdtemp(prefix=".motcua-backup-", dir=output.parent))
    partial = output.with_name(output.name + ".partial")
    try:
        anchor_copy = work / "anchors.jsonl"
        if target.anchor_file.is_file():
            shutil.copyfile(target.anchor_file, anchor_copy)
        dump, facts = dump_database(work, now, anchor_copy)
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz") as tar:
            _add(tar, dump, DB_MEMBER[connection.vendor], files)
            if anchor_copy.exists():
                _add(tar, anchor_copy, ANCHORS, files)
            if target.media_root.is_dir():
                for path in sorted(target.media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        _add(tar, path, MEDIA + path.relative_to(target.media_root).as_posix(), files)
            secret = generated_secret_key(target)
            if secret is not None:
                _add(tar, secret, SECRET, files)
            manifest = {
                "format": FORMAT,
                "made_at": now.isoformat(),
                "database": {"vendor": connection.vendor, "member": DB_MEMBER[connection.vendor]},
                "secret_key": "included" if secret else "not included (MOTCUA_SECRET_KEY or another key)",
                **facts,
                "files": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)  # it may hold the secret key and every citizen's data
        os.replace(partial, output)
        return manifest
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Bản sao lưu có đường dẫn không hợp lệ: {name!r}.")
    if name != MANIFEST and not name.startswith(("database/", "audit/", MEDIA, "secret/")):
        raise BackupError(f"Bản sao lưu có tệp lạ: {name!r}.")
    return path.as_posix()


def _hash_member(source: IO[bytes], dest: Path | None) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with open(dest, "wb") if dest is not None else nullcontext() as sink:
        while block := source.read(1 << 20):
            digest.update(block)
            size += len(block)
            if sink is not None:
                sink.write(block)
    return {"sha256": digest.hexdigest(), "size": size}


def read_archive(archive: Path, into: Path | None = None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The manifest and every member's sha256 and size, checked against each other; with `into`, the
    members are also written there. BackupError names the first file that does not match."""
    found: dict[str, dict[str, Any]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _safe_name(member.name)
                source = tar.extractfile(member) if member.isfile() else None
                if source is None:
                    raise BackupError(f"Bản sao lưu có mục không phải tệp thường: {name!r}.")
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                dest = None
                if into is not None:
                    dest = into / name
                    dest.parent.mkdir(parents=True, exist_ok=True)
                found[name] = _hash_member(source, dest)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu {archive} (hỏng hoặc bị cắt cụt): {exc}") from exc
    if manifest_bytes is None:
        raise BackupError(f"Bản sao lưu {archive} không có {MANIFEST}.")
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu không đúng định dạng {FORMAT} (thấy {manifest.get('format')!r}).")
    for name, expected in sorted(manifest["files"].items()):
        if name not in found:
            raise BackupError(f"Tệp {name} có trong bản kê nhưng thiếu trong bản sao lưu.")
        if found[name]["sha256"] != expected["sha256"]:
            raise BackupError(f"Tệp {name} trong bản sao lưu đã bị thay đổi (sha256 không khớp bản kê).")
    for name in sorted(set(found) - set(manifest["files"])):
        raise BackupError(f"Tệp {name} trong bản sao lưu không có trong bản kê.")
    return manifest, found


def _set_aside(path: Path, stamp: str, say: Say) -> None:
    """Nothing is deleted by a restore: what was in the way is renamed beside it."""
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    os.replace(path, aside)
    say(f"Đã để riêng {path} cũ thành {aside}.")


def _set_aside_media(media_root: Path, stamp: str, say: Say) -> None:
    """The uploads folder beside itself; when it cannot be renamed (a mount point, as the shared
    storage of several app machines is), its contents into a folder inside it."""
    try:
        _set_aside(media_root, stamp, say)
    except OSError:
        aside = media_root / f".before-restore-{stamp}"
        aside.mkdir()
        for entry in list(media_root.iterdir()):
            if entry != aside:
                os.replace(entry, aside / entry.name)
        say(f"Đã để riêng các tệp cũ của {media_root} vào {aside}.")


def restore_backup(archive: Path, *, force: bool = False, target: Target | None = None, say: Say = print) -> dict[str, Any]:
    """Check the archive, then put the database and files back. Without `force`, a database that holds
    data or a non-empty uploads folder is refused before anything is changed."""
    target = target or Target.from_settings()
    target.var_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".motcua-restore-", dir=target.var_dir))
    try:
        manifest, found = read_archive(Path(archive), into=staging)
        say(f"Bản sao lưu nguyên vẹn: {len(found)} tệp khớp bản kê (sao lưu lúc {manifest['made_at']}).")
        try:
            holds = database_holds_data()
        except DatabaseError as exc:
            raise BackupError(f"Không kết nối được cơ sở dữ liệu đích (DATABASE_URL): {exc}") from exc
        media_busy = target.media_root.is_dir() and any(target.media_root.iterdir())
        if not force and (holds or media_busy):
            what = ", ".join(f"{n} {label}" for label, n in holds.items()) or f"tệp trong {target.media_root}"
            raise BackupError(
                f"Nơi khôi phục đã có dữ liệu ({what}); không ghi đè. Dùng --force nếu thật sự muốn thay thế "
                "(dữ liệu cũ của cơ sở dữ liệu bị thay; các tệp cũ được để riêng, không bị xóa)."
            )
        load_database(staging / manifest["database"]["member"], manifest["database"]["vendor"])
        say(f"Đã khôi phục cơ sở dữ liệu ({manifest['database']['vendor']}).")
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        if target.media_root.is_dir() and any(target.media_root.iterdir()):
            _set_aside_media(target.media_root, stamp, say)
        target.media_root.mkdir(parents=True, exist_ok=True)
        staged_media = staging / MEDIA
        if staged_media.is_dir():
            # Entry by entry into the folder (not a rename of the folder): it may be a mount point.
            for entry in staged_media.iterdir():
                shutil.move(str(entry), str(target.media_root / entry.name))
        say(f"Đã khôi phục {sum(n.startswith(MEDIA) for n in found)} tệp tải lên vào {target.media_root}.")
        for member, dest in ((ANCHORS, target.anchor_file), (SECRET, target.secret_file)):
            if member not in found:
                continue
            if member == SECRET and os.environ.get("MOTCUA_SECRET_KEY"):
                say("Khóa bí mật trong bản sao lưu không được dùng: MOTCUA_SECRET_KEY đã được đặt.")
                continue
            if dest.exists() and sha256_file(dest) != found[member]["sha256"]:
                _set_aside(dest, stamp, say)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / member, dest)
            os.chmod(dest, 0o600 if member == SECRET else 0o640)
            say(f"Đã khôi phục {dest}.")
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- verification of a restored copy --------------------------------------------------------------------
def _first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                return f"{where}: thiếu ở bản khôi phục"
            if key not in expected:
                return f"{where}: chỉ có ở bản khôi phục"
            found = _first_difference(expected[key], actual[key], where)
            if found:
                return found
        return None
    if expected != actual:
        return f"{path}: bản sao lưu {expected!r}, bản khôi phục {actual!r}"
    return None


def verify_restored(archive: Path, *, target: Target | None = None, say: Say = print, archive_only: bool = False) -> None:
    """Check the configured installation against the archive's manifest; VerifyError at the first
    difference, naming it. Each check that passes is said."""
    from motcua.dossiers.anchors import verify_anchors
    from motcua.dossiers.audit import LEGACY_CHAIN, chain_label, heads, heads_digest, verify_chain

    target = target or Target.from_settings()
    try:
        manifest, found = read_archive(Path(archive))
    except BackupError as exc:
        raise VerifyError(str(exc)) from exc
    say(f"Bản sao lưu nguyên vẹn: {len(found)} tệp khớp bản kê (sao lưu lúc {manifest['made_at']}).")
    if archive_only:
        return

    # Files: every uploaded file, the anchor file (it may have grown since: its archived part must be
    # there unchanged) and the generated secret key.
    media = {n: f for n, f in manifest["files"].items() if n.startswith(MEDIA)}
    for name, expected in sorted(media.items()):
        path = target.media_root / name[len(MEDIA):]
        if not path.is_file():
            raise VerifyError(f"Thiếu tệp tải lên {name} (không có {path}).")
        if sha256_file(path) != expected["sha256"]:
            raise VerifyError(f"Tệp tải lên {name} khác bản sao lưu (sha256 không khớp).")
    say(f"Tệp tải lên: {len(media)} tệp có mặt, sha256 khớp.")
    if ANCHORS in manifest["files"]:
        expected = manifest["files"][ANCHORS]
        if not target.anchor_file.is_file():
            raise VerifyError(f"Thiếu tệp mốc neo {target.anchor_file}.")
        with open(target.anchor_file, "rb") as f:
            head = f.read(expected["size"])
        if hashlib.sha256(head).hexdigest() != expected["sha256"]:
            raise VerifyError(f"Tệp mốc neo {target.anchor_file} khác bản sao lưu (sha256 không khớp).")
        say("Tệp mốc neo: phần đã sao lưu có mặt, sha256 khớp.")
    if SECRET in manifest["files"] and not os.environ.get("MOTCUA_SECRET_KEY"):
        if not target.secret_file.is_file() or sha256_file(target.secret_file) != manifest["files"][SECRET]["sha256"]:
            raise VerifyError(f"Khóa bí mật {target.secret_file} khác khóa trong bản sao lưu.")
        say("Khóa bí mật: khớp.")

    counts = row_counts()
    for label, n in sorted(manifest["counts"].items()):
        if label not in counts:
            raise VerifyError(f"Bảng {label} không còn trong bản khôi phục.")
        if counts[label] != n:
            raise VerifyError(f"Số bản ghi {label}: bản sao lưu {n}, bản khôi phục {counts[label]}.")
    say(f"Số bản ghi: {len(manifest['counts'])} bảng khớp ({sum(manifest['counts'].values())} bản ghi).")
    diff = _first_difference(manifest["code_sequences"], code_sequences())
    if diff:
        raise VerifyError(f"Số thứ tự mã hồ sơ khác: {diff}.")
    say(f"Số thứ tự mã hồ sơ: {len(manifest['code_sequences'])} dãy khớp.")

    audit = manifest["audit"]
    chain = verify_chain()
    if not chain.ok:
        raise VerifyError(
            f"Chuỗi kiểm toán {chain_label(chain.chain)} bị phá vỡ tại sự kiện {chain.broken_id} (hồ sơ {chain.broken_dossier or '?'}): "
            f"{chain.reason}" + ("" if audit["chain_intact"] else " — chuỗi đã hỏng ngay từ lúc sao lưu")
        )
    chain_heads = heads()
    if "heads" in audit:  # decision 0048: the highest head id and the digest of every chain's head
        last = (max((h[0] for h in chain_heads.values()), default=0), heads_digest(chain_heads))
    else:  # an archive made with the single chain, restored and migrated: that chain is now chain 0
        last = chain_heads.get(LEGACY_CHAIN, (0, "0" * 64))
    if chain.count != audit["events"] or list(last) != [audit["head_id"], audit["head_hash"]]:
        raise VerifyError(
            f"Đầu chuỗi kiểm toán khác: bản sao lưu {audit['events']} sự kiện, đầu {audit['head_id']} "
            f"({audit['head_hash'][:12]}…); bản khôi phục {chain.count} sự kiện, đầu {last[0]} ({last[1][:12]}…)"
            + (" — chuỗi đã bị viết lại và tính lại hash" if chain.count == audit["events"] else "")
            + "."
        )
    say(f"Chuỗi kiểm toán toàn vẹn: {chain.count} sự kiện, đầu chuỗi {last[0]} ({last[1][:12]}…) như lúc sao lưu.")
    if anchor_key_check() != audit["anchor_key_check"]:
        raise VerifyError(
            "Khóa ký mốc neo khác khóa lúc sao lưu: đặt lại MOTCUA_AUDIT_ANCHOR_KEY (hoặc khóa bí mật) như cũ."
        )
    anchors = verify_anchors(target.anchor_file)
    if not anchors.ok:
        where = f"sự kiện {anchors.mismatch_id}: " if anchors.mismatch_id is not None else ""
        raise VerifyError(f"Mốc neo không khớp: {where}{anchors.reason}.")
    if anchors.anchors < audit["anchors"]:
        raise VerifyError(f"Mốc neo: bản sao lưu có {audit['anchors']}, bản khôi phục chỉ có {anchors.anchors}.")
    say(f"Mốc neo: {anchors.anchors} mốc, {anchors.checked} sự kiện đã neo khớp cơ sở dữ liệu.")

    now = datetime.fromisoformat(manifest["made_at"])
    # Only what the backup recorded is compared (an archive made before the statistics app had figures).
    actual = {k: v for k, v in _jsonable(statistics_fingerprint(now)).items() if k in manifest["statistics"]}
    diff = _first_difference(manifest["statistics"], actual)
    if diff:
        raise VerifyError(f"Số liệu thống kê khác: {diff}.")
    say(f"Số liệu thống kê: giống hệt lúc sao lưu ({', '.join(sorted(manifest['statistics']))}).")
