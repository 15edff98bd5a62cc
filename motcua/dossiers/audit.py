"""The audit trail as a hash chain: append an event, verify the whole chain (docs/decisions/0009)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from motcua.common import hashchain

from .models import AuditChainHead, DossierEvent

GENESIS = hashchain.GENESIS
HASHED_FIELDS = (
    "dossier_id", "action", "actor_id", "actor_role", "from_status", "to_status",
    "from_unit_id", "to_unit_id", "to_user_id", "note", "data",
)


def normalise(data: object) -> dict[str, Any]:
    """Data exactly as the JSON column gives it back, so that the hash is stable across a round trip."""
    loaded: dict[str, Any] = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return loaded


def event_hash(fields: dict[str, Any], at: datetime, prev_hash: str) -> str:
    return hashchain.event_hash(fields, HASHED_FIELDS, at, prev_hash)


def append_event(**fields: Any) -> DossierEvent:
    """Write one event at the end of the chain, inside the transaction of the change it records."""
    fields["data"] = normalise(fields.get("data"))
    at = fields.pop("at")
    event: DossierEvent = hashchain.append(AuditChainHead, DossierEvent, HASHED_FIELDS, at, fields)
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
    rows = DossierEvent.objects.order_by("id").values("id", "at", "prev_hash", "hash", "dossier__code", *HASHED_FIELDS)
    walked = hashchain.walk(rows.iterator(chunk_size=2000), HASHED_FIELDS, AuditChainHead.objects.filter(pk=1).first())
    if walked.ok:
        return ChainReport(walked.count)
    if walked.row is None:
        return ChainReport(walked.count, walked.head_id, None, walked.reason)
    row = walked.row
    return ChainReport(walked.count, row["id"], row["dossier__code"] or f"#{row['dossier_id']}", walked.reason)
