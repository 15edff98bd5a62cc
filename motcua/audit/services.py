"""Record a configuration change on the configuration chain, and verify the chain
(docs/decisions/0023-configuration-audit.md; the same construction as the dossier chain, 0009).

Every service that changes the catalog, a calendar, a unit or an account calls `record_change`
explicitly, inside the transaction of the change (no signals): the change and its event commit or roll
back together. Secrets never reach the event: a password change is recorded as the words "đổi mật
khẩu", a two-factor secret or token not at all."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from motcua.common import hashchain

from .models import ChangeChainHead, ChangeEvent

GENESIS = hashchain.GENESIS
HASHED_FIELDS = (
    "actor_id", "actor_name", "app_label", "model", "object_id", "object_repr", "action", "changes", "note",
)
PASSWORD_CHANGED = "đổi mật khẩu"
SECRET_CHANGED = "đã thay đổi (giá trị bí mật, không ghi)"
# Fields whose value is never written to the journal. `password` holds a hash; `key`, `token`,
# `secret`, `bin_key` are two-factor secrets (django-otp devices) or API tokens.
PASSWORD_FIELDS = frozenset({"password"})
SECRET_FIELDS = frozenset({"key", "token", "secret", "bin_key", "otp_secret"})
# Bookkeeping that changes on every save or sign-in and says nothing about the configuration.
IGNORED_FIELDS = frozenset({"last_login", "search_text"})


def _jsonable(value: object) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model, *, m2m: bool = False) -> dict[str, Any]:
    """The object's configuration as readable JSON values: a foreign key as its label, secrets as a
    digest that only serves to notice a change (never stored)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in IGNORED_FIELDS or getattr(field, "auto_now", False) or field.primary_key:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            value: Any = None if related_id is None else str(getattr(obj, name))
        else:
            value = field.value_from_object(obj)
            if isinstance(value, datetime):
                # the admin's forms round to the second: a save that changes nothing must show nothing
                value = value.astimezone(UTC).replace(microsecond=0)
        if name in PASSWORD_FIELDS or name in SECRET_FIELDS:
            value = hashlib.sha256(str(value).encode()).hexdigest() if value else None
        out[name] = value
    if m2m and obj.pk is not None:
        for field in obj._meta.many_to_many:
            out[field.name] = sorted(str(x) for x in getattr(obj, field.name).all())
    result: dict[str, Any] = _jsonable(out)
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for every field that differs; a password as the words "đổi mật khẩu"."""
    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new or (not before and new in (None, "", [], {})):
            continue
        if name in PASSWORD_FIELDS:
            changes[name] = PASSWORD_CHANGED
        elif name in SECRET_FIELDS:
            changes[name] = SECRET_CHANGED
        else:
            changes[name] = [old if before else None, new]
    return changes


def event_hash(fields: dict[str, Any], at: datetime, prev_hash: str) -> str:
    return hashchain.event_hash(fields, HASHED_FIELDS, at, prev_hash)


def _actor(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk is None:
        return None, ""
    return actor.pk, actor.get_username()


def record_change(
    obj: models.Model | None = None,
    *,
    action: str,
    actor: Any = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    label: str | None = None,
    app_label: str | None = None,
    model: str | None = None,
    object_id: object = None,
) -> ChangeEvent:
    """Append one event to the configuration chain. Call it inside the transaction of the change: the
    head row is locked until commit, so appends are serialised (PostgreSQL; SQLite has one writer)."""
    with transaction.atomic():
        actor_id, actor_name = _actor(actor)
        fields: dict[str, Any] = {
            "actor_id": actor_id,
            "actor_name": actor_name,
            "app_label": app_label or (obj._meta.app_label if obj is not None else ""),
            "model": model or (obj._meta.model_name if obj is not None else ""),
            "object_id": str(object_id if object_id is not None else (obj.pk if obj is not None else ""))[:64],
            "object_repr": (label if label is not None else str(obj))[:300],
            "action": action,
            "changes": _jsonable(changes or {}),
            "note": note,
        }
        event: ChangeEvent = hashchain.append(ChangeChainHead, ChangeEvent, HASHED_FIELDS, timezone.now(), fields)
    return event


@dataclass
class ChainReport:
    count: int
    broken_id: int | None = None
    broken_object: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in id order; the first event whose link or hash is wrong breaks the chain."""
    rows = ChangeEvent.objects.order_by("id").values("id", "at", "prev_hash", "hash", *HASHED_FIELDS)
    walked = hashchain.walk(rows.iterator(chunk_size=2000), HASHED_FIELDS, ChangeChainHead.objects.filter(pk=1).first())
    if walked.ok:
        return ChainReport(walked.count)
    if walked.row is None:
        return ChainReport(walked.count, walked.head_id, None, walked.reason)
    return ChainReport(walked.count, walked.row["id"], walked.row["object_repr"], walked.reason)
