"""The audit trail as a hash chain: append an event, verify the whole chain (docs/decisions/0009)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditChainHead, DossierEvent

GENESIS = "0" * 64
HASHED_FIELDS = (
    "dossier_id", "action", "actor_id", "actor_role", "from_status", "to_status",
    "from_unit_id", "to_unit_id", "to_user_id", "note", "data",
)


def normalise(data: object) -> dict[str, Any]:
    """Data exactly as the JSON column gives it back, so that the hash is stable across a round trip."""
    loaded: dict[str, Any] = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return loaded


def event_hash(fields: dict[str, Any], at: datetime, prev_hash: str) -> str:
    body = {name: fields.get(name) for name in HASHED_FIELDS}
    body["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
    body["prev_hash"] = prev_hash
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def append_event(**fields: Any) -> DossierEvent:
    """Write one event at the end of the chain. Call inside the transaction of the change it records:
    the head row is locked until commit, so appends are serialised (PostgreSQL; SQLite has one writer)."""
    AuditChainHead.objects.bulk_create([AuditChainHead(id=1)], ignore_conflicts=True)
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    fields["data"] = normalise(fields.get("data"))
    at = fields.pop("at")
    digest = event_hash(fields, at, head.last_hash)
    event: DossierEvent = DossierEvent.objects.create(at=at, prev_hash=head.last_hash, hash=digest, **fields)
    head.last_id, head.last_hash = event.pk, digest
    head.save(update_fields=["last_id", "last_hash"])
    return event


@dataclass
class ChainReport:
    count: int
    broken_id: int | None = None
    broken_dossier: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in id order; the first event whose link or hash is wrong breaks the chain."""
    prev = GENESIS
    count = 0
    last_id = 0
    rows = DossierEvent.objects.order_by("id").values("id", "at", "prev_hash", "hash", "dossier__code", *HASHED_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        count += 1
        last_id = row["id"]
        reason = ""
        if row["prev_hash"] != prev:
            reason = "liên kết với sự kiện trước bị đứt (sự kiện bị xóa hoặc chèn)"
        elif event_hash(row, row["at"], row["prev_hash"]) != row["hash"]:
            reason = "nội dung đã bị sửa"
        if reason:
            return ChainReport(count, row["id"], row["dossier__code"] or f"#{row['dossier_id']}", reason)
        prev = row["hash"]
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev):
        return ChainReport(count, head.last_id, None, "các sự kiện cuối chuỗi đã bị xóa")
    return ChainReport(count)
