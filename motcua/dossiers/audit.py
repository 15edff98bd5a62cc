"""The audit trail as hash chains, one per reception unit: append an event, verify every chain
(docs/decisions/0009, 0048)."""
from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
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


LEGACY_CHAIN = 0  # the single chain of the events written before decision 0048, frozen


def append_event(*, chain: int, **fields: Any) -> DossierEvent:
    """Write one event at the end of its chain — `chain` is the dossier's reception unit id — inside the
    transaction of the change it records. Only that unit's head row is locked."""
    fields["data"] = normalise(fields.get("data"))
    at = fields.pop("at")
    fields["chain"] = chain  # stored, not hashed: the links pin the event to its chain (decision 0048)
    event: DossierEvent = hashchain.append(AuditChainHead, DossierEvent, HASHED_FIELDS, at, fields, key=chain)
    return event


def lock_chains(chains: Iterable[int]) -> None:
    """Lock the heads of several chains at once, in key order, before a transaction that appends to all of
    them (a unit's dissolution, an import): two such transactions then wait instead of deadlocking."""
    keys = sorted(set(chains))
    if not keys:
        return
    AuditChainHead.objects.bulk_create([AuditChainHead(id=k) for k in keys], ignore_conflicts=True)
    list(AuditChainHead.objects.select_for_update().filter(pk__in=keys).order_by("pk").values_list("pk", flat=True))


def heads() -> dict[int, tuple[int, str]]:
    """Every chain's head: {chain: (last event id, last hash)}."""
    return {pk: (last_id, h) for pk, last_id, h in AuditChainHead.objects.order_by("pk").values_list("pk", "last_id", "last_hash")}


def heads_digest(chain_heads: dict[int, tuple[int, str]]) -> str:
    """One value for all the heads (the auditor's and the backup manifest's copy): SHA-256 of the sorted
    [[chain, last id, last hash], ...] as compact JSON. No chain yet: the genesis."""
    if not chain_heads:
        return GENESIS
    body = [[int(k), int(v[0]), v[1]] for k, v in sorted(chain_heads.items(), key=lambda kv: int(kv[0]))]
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()


def chain_label(chain: int | None) -> str:
    """How a chain is named to a person: the reception unit's code, or the old single chain."""
    if chain is None:
        return "?"
    if chain == LEGACY_CHAIN:
        return "chung (trước khi tách theo đơn vị)"
    from motcua.units.models import Unit

    code = Unit.objects.filter(pk=chain).values_list("code", flat=True).first()
    return f"đơn vị {code}" if code else f"#{chain}"


@dataclass
class ChainReport:
    count: int
    broken_id: int | None = None
    broken_dossier: str | None = None
    reason: str = ""
    chain: int | None = None  # the broken chain's key
    chains: int = 0  # how many chains were walked

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify_chain() -> ChainReport:
    """Walk every chain (heads and events, by chain key), recomputing each hash in id order; the first
    chain whose link, hash or head is wrong is named, with its first broken event."""
    head_rows = {h.pk: h for h in AuditChainHead.objects.all()}
    rows = (
        DossierEvent.objects.order_by("chain", "id")
        .values("id", "chain", "at", "prev_hash", "hash", "dossier__code", *HASHED_FIELDS)
        .iterator(chunk_size=2000)
    )
    count, seen = 0, set()
    for chain, chain_rows in itertools.groupby(rows, key=lambda r: r["chain"]):
        seen.add(chain)
        head = head_rows.get(chain)
        last: dict[str, Any] = {}

        def remembered(
            it: Iterable[dict[str, Any]] = chain_rows, last: dict[str, Any] = last
        ) -> Iterator[dict[str, Any]]:
            for row in it:
                last["row"] = row
                yield row

        walked = hashchain.walk(remembered(), HASHED_FIELDS, head)
        count += walked.count
        if walked.ok and head is None:  # events without a head: a cut tail could not be told
            walked = hashchain.Walk(walked.count, last["row"], None, hashchain.HEAD_MISSING)
        if not walked.ok:
            return _broken(count, walked, chain, len(seen))
    for chain in sorted(set(head_rows) - seen):  # a head whose every event is gone
        walked = hashchain.walk([], HASHED_FIELDS, head_rows[chain])
        seen.add(chain)
        if not walked.ok:
            return _broken(count, walked, chain, len(seen))
    return ChainReport(count, chains=len(seen))


def _broken(count: int, walked: hashchain.Walk, chain: int, chains: int) -> ChainReport:
    if walked.row is None:
        return ChainReport(count, walked.head_id, None, walked.reason, chain, chains)
    row = walked.row
    return ChainReport(count, row["id"], row["dossier__code"] or f"#{row['dossier_id']}", walked.reason, chain, chains)
