"""A hash chain of append-only events, shared by the dossier audit trail (decision 0009) and the
configuration journal (decision 0023): the canonical hash of an event, appending under the lock of a
one-row head, and finding the first event whose link or content no longer holds."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
CHANGED = "nội dung đã bị sửa"
UNLINKED = "liên kết với sự kiện trước bị đứt (sự kiện bị xóa hoặc chèn)"
TAIL_REMOVED = "các sự kiện cuối chuỗi đã bị xóa"
HEAD_MISSING = "dòng đầu chuỗi không còn (bị xóa)"


def event_hash(fields: Mapping[str, Any], hashed_fields: Sequence[str], at: datetime, prev_hash: str) -> str:
    body = {name: fields.get(name) for name in hashed_fields}
    body["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
    body["prev_hash"] = prev_hash
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(
    head_model: Any, event_model: Any, hashed_fields: Sequence[str], at: datetime, fields: dict[str, Any], key: int = 1
) -> Any:
    """Write one event at the end of its chain, the one whose head row has id `key`. Call inside the
    transaction of the change it records: the head row is locked until commit, so the appends of one chain
    are serialised (PostgreSQL; SQLite has one writer) and those of other chains do not wait."""
    head = head_model.objects.select_for_update().filter(pk=key).first()
    if head is None:
        # The chain's first event: INSERT … ON CONFLICT DO NOTHING, then lock; two first appends at once
        # both end up locking the one row.
        head_model.objects.bulk_create([head_model(id=key)], ignore_conflicts=True)
        head = head_model.objects.select_for_update().get(pk=key)
    digest = event_hash(fields, hashed_fields, at, head.last_hash)
    event = event_model.objects.create(at=at, prev_hash=head.last_hash, hash=digest, **fields)
    head.last_id, head.last_hash = event.pk, digest
    head.save(update_fields=["last_id", "last_hash"])
    return event


@dataclass
class Walk:
    """A chain walked from its genesis: how many events were read, and where it stops holding (the row,
    or the head's id when the tail was cut) and why; `reason` is empty when the whole chain holds."""

    count: int
    row: dict[str, Any] | None = None
    head_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def walk(rows: Iterable[dict[str, Any]], hashed_fields: Sequence[str], head: Any) -> Walk:
    """Recompute every hash in id order (rows carry id, at, prev_hash, hash and the hashed fields); the
    first event whose link or hash is wrong breaks the chain, and a removed tail is caught by the head."""
    prev = GENESIS
    count = 0
    last_id = 0
    for row in rows:
        count += 1
        last_id = row["id"]
        if row["prev_hash"] != prev:
            return Walk(count, row, None, UNLINKED)
        if event_hash(row, hashed_fields, row["at"], row["prev_hash"]) != row["hash"]:
            return Walk(count, row, None, CHANGED)
        prev = row["hash"]
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev):
        return Walk(count, None, head.last_id, TAIL_REMOVED)
    return Walk(count)
