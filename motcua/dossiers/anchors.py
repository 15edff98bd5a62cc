"""Anchors of the audit chain outside the database (docs/decisions/0017).

Someone with write access to the database can change an event and recompute every later hash and the
head row: the chain alone cannot tell. So, periodically, the hashes of the events written since the
previous anchor are appended, signed (HMAC-SHA256 with a key kept outside the database), to an
append-only file on the application server, and the head is e-mailed to the auditor. Verification
compares every anchored event with the database and names the first one that no longer matches.

The file holds one JSON record per line: {seq, made_at, first_id, last_id, head_hash, events:
[[id, hash], ...], heads: {chain: [last id, last hash]}, changes: {last_id, events: [[id, hash], ...]},
prev, sig}; `prev` is the SHA-256 of the previous line, so a line removed from the middle of the file
breaks the file's own chain; `sig` covers everything else. `changes` anchors the configuration chain
(motcua.audit, decision 0023) the same way; records written before it existed simply lack the key.

One chain per reception unit (decision 0048): appends of different units commit in any order, so a
global "events after id N" mark could skip an event whose id was drawn before N but committed after the
anchor. Each chain's appends are serialised by its head, so within one chain ids commit in order: the
record keeps every chain's anchored head (`heads`, cumulative) and the next anchor reads each chain past
its own mark, up to the chain's committed head. `head_hash` is the digest of all those heads
(audit.heads_digest), `last_id` the highest anchored id. Records written before 0048 lack `heads`: their
`last_id` is the mark of the old single chain (0), whose commits were in id order.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from motcua.audit.models import ChangeEvent

from .audit import LEGACY_CHAIN, heads_digest
from .models import AuditChainHead, DossierEvent

GENESIS = "0" * 64


class AnchorFileError(Exception):
    """The anchor file itself is not trustworthy (bad signature, a line missing or altered)."""


def _key() -> bytes:
    return settings.MOTCUA_AUDIT_ANCHOR_KEY.encode()


def _sign(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _path() -> Path:
    return Path(settings.MOTCUA_AUDIT_ANCHOR_FILE)


def read_anchors(path: Path | None = None) -> list[dict]:
    """Every record of the file, checked: each line's signature and its link to the line before."""
    path = path or _path()
    if not path.exists():
        return []
    records = []
    prev = GENESIS
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnchorFileError(f"dòng {number} của tệp mốc neo không đọc được") from exc
        sig = record.pop("sig", "")
        if not hmac.compare_digest(sig, _sign(record)):
            raise AnchorFileError(f"dòng {number} của tệp mốc neo có chữ ký sai (bị sửa hoặc khóa khác)")
        if record.get("prev") != prev:
            raise AnchorFileError(f"dòng {number} của tệp mốc neo không nối với dòng trước (có dòng bị xóa)")
        prev = hashlib.sha256(line.encode()).hexdigest()
        records.append(record)
    return records


def _last_line_hash(path: Path) -> str:
    if not path.exists():
        return GENESIS
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return hashlib.sha256(lines[-1].encode()).hexdigest() if lines else GENESIS


def write_anchor(*, force: bool = False, path: Path | None = None) -> dict | None:
    """Append one anchor with the events written since the previous one. Without `force`, nothing is
    written until MOTCUA_AUDIT_ANCHOR_EVERY has passed since the previous anchor (the periodic clock
    calls this every minute). Returns the record written, or None."""
    path = path or _path()
    records = read_anchors(path)
    last = records[-1] if records else None
    now = timezone.now()
    if last and not force:
        made = timezone.datetime.fromisoformat(last["made_at"])
        if now - made < timedelta(seconds=settings.MOTCUA_AUDIT_ANCHOR_EVERY):
            return None
    marks = _marks(last)
    events, chain_heads = _new_events(marks)
    after = last["last_id"] if last else 0
    changes_after = _changes_last_id(records)
    change_events = [
        [pk, h] for pk, h in ChangeEvent.objects.filter(id__gt=changes_after).order_by("id").values_list("id", "hash")
    ]
    record = {
        "seq": (last["seq"] + 1) if last else 1,
        "made_at": now.isoformat(),
        "first_id": events[0][0] if events else None,
        "last_id": max([after, *(pk for pk, _h in events)]),
        "head_hash": heads_digest(chain_heads),
        "events": events,
        "heads": {str(k): list(v) for k, v in sorted(chain_heads.items())},
        "changes": {"last_id": change_events[-1][0] if change_events else changes_after, "events": change_events},
        "prev": _last_line_hash(path),
    }
    line = json.dumps({**record, "sig": _sign(record)}, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: the file only ever grows; the operator can make it append-only (chattr +a).
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    _tell_auditor(record)
    return record


def _marks(last: dict | None) -> dict[int, tuple[int, str]]:
    """Each chain's anchored head in the previous record ({} before any; the old chain's from `last_id`
    in a record written before decision 0048)."""
    if last is None:
        return {}
    if "heads" in last:
        return {int(k): (int(v[0]), v[1]) for k, v in last["heads"].items()}
    return {LEGACY_CHAIN: (int(last["last_id"]), last["head_hash"])} if last["last_id"] else {}


def _new_events(marks: dict[int, tuple[int, str]]) -> tuple[list[list], dict[int, tuple[int, str]]]:
    """The events of every chain past its mark, up to the chain's committed head (an event of that chain
    still in flight is read by the next anchor), in id order; and every chain's head after them."""
    chain_heads = dict(marks)
    events: list[list] = []
    for chain, head_id in AuditChainHead.objects.order_by("pk").values_list("pk", "last_id"):
        mark = marks.get(chain, (0, GENESIS))[0]
        if head_id <= mark:
            continue
        rows = list(
            DossierEvent.objects.filter(chain=chain, id__gt=mark, id__lte=head_id).order_by("id").values_list("id", "hash")
        )
        if rows:
            events.extend([pk, h] for pk, h in rows)
            chain_heads[chain] = rows[-1]
    events.sort()
    return events, chain_heads


def _changes_last_id(records: list[dict]) -> int:
    for record in reversed(records):
        if "changes" in record:
            return int(record["changes"]["last_id"])
    return 0


def _tell_auditor(record: dict) -> None:
    """The auditor's copy: the head of the chain by e-mail, so that even the anchor file's owner
    cannot rewrite history unnoticed. Sending failures are logged, never fatal."""
    if not settings.MOTCUA_AUDIT_EMAIL:
        return
    import logging

    from django.core.mail import send_mail

    body = (
        f"Mốc neo chuỗi kiểm toán số {record['seq']} lúc {record['made_at']}\n"
        f"Sự kiện cuối: {record['last_id']}\nHash đầu chuỗi (tổng hợp {len(record['heads'])} chuỗi): "
        f"{record['head_hash']}\n"
        f"Số sự kiện mới: {len(record['events'])}\n"
        f"Nhật ký cấu hình — sự kiện cuối: {record['changes']['last_id']}; "
        f"số sự kiện mới: {len(record['changes']['events'])}\nChữ ký: {_sign(record)}\n"
    )
    try:
        send_mail(f"[Một Cửa] Mốc neo kiểm toán #{record['seq']}", body, None, [settings.MOTCUA_AUDIT_EMAIL])
    except Exception:  # the anchor is written; the e-mail is a second copy
        logging.getLogger("motcua.audit").exception("anchor e-mail not sent")


@dataclass
class AnchorReport:
    anchors: int
    checked: int
    mismatch_id: int | None = None
    reason: str = ""
    # the configuration chain (decision 0023): its anchored events and the first that no longer matches
    changes_checked: int = 0
    change_mismatch_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.mismatch_id is None and self.change_mismatch_id is None and not self.reason


def _first_mismatch(model, anchored: list) -> tuple[int | None, str]:
    if not anchored:
        return None, ""
    # Chains commit in any order (decision 0048): a later record may anchor a lower id.
    ids = [pk for pk, _h in anchored]
    stored = dict(model.objects.filter(id__gte=min(ids), id__lte=max(ids)).values_list("id", "hash"))
    for pk, h in sorted(anchored):
        if pk not in stored:
            return pk, "sự kiện đã được neo nhưng không còn trong cơ sở dữ liệu"
        if stored[pk] != h:
            return pk, "sự kiện không còn khớp với mốc neo (đã bị sửa và tính lại hash)"
    return None, ""


def _head_moved(record: dict) -> tuple[int | None, str]:
    """Every anchored head is still its chain's event (the chain key is not hashed: decision 0048)."""
    heads = {int(v[0]): int(k) for k, v in record.get("heads", {}).items()}
    stored = dict(DossierEvent.objects.filter(id__in=list(heads)).values_list("id", "chain"))
    for pk in sorted(heads):
        if pk in stored and stored[pk] != heads[pk]:
            return pk, f"sự kiện đầu chuỗi đã neo không còn thuộc chuỗi {heads[pk]}"
    return None, ""


def verify_anchors(path: Path | None = None) -> AnchorReport:
    """Compare every anchored event with the database; the first that no longer matches is named."""
    try:
        records = read_anchors(path)
    except AnchorFileError as exc:
        return AnchorReport(0, 0, None, str(exc))
    anchored = [(pk, h) for record in records for pk, h in record["events"]]
    anchored_changes = [(pk, h) for record in records for pk, h in record.get("changes", {}).get("events", [])]
    pk, reason = _first_mismatch(DossierEvent, anchored)
    if pk is None and records:
        pk, reason = _head_moved(records[-1])
    if pk is not None:
        return AnchorReport(len(records), len(anchored), pk, reason, len(anchored_changes))
    pk, reason = _first_mismatch(ChangeEvent, anchored_changes)
    return AnchorReport(len(records), len(anchored), None, reason, len(anchored_changes), pk)
