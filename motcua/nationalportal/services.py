"""The portal outbox: `queue_for_event` (inside the transaction of every intake and transition),
`send_pending` (after commit and every minute: in order per dossier, with retries), `retry_failed` and
`counts` (decision 0047)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone, translation

from motcua.dossiers.models import Dossier, DossierEvent

from . import client, payload
from .models import PortalPush, PushStatus

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)


def enabled() -> bool:
    return bool(getattr(settings, "MOTCUA_DVCQG_ENABLED", False))


def push_key(event: DossierEvent) -> str:
    return f"motcua-event-{event.pk}"


def queue_for_event(dossier: Dossier, event: DossierEvent, *, now: datetime | None = None) -> PortalPush | None:
    """Write the portal notice of one intake or transition. Call it inside that transaction: the row then
    exists if and only if the change committed. Nothing when the push is off or the event is not one the
    portal hears of (`payload.is_pushed`); queueing the same event twice adds nothing."""
    if not enabled() or not payload.is_pushed(event):
        return None
    existing = PortalPush.objects.filter(event=event).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    # The dossier's row is locked by the transition (or new, at intake): the next number is ours.
    last = PortalPush.objects.filter(dossier=dossier).order_by("-sequence").values_list("sequence", flat=True).first()
    sequence = (last or 0) + 1
    key = push_key(event)
    with translation.override(settings.LANGUAGE_CODE):  # the portal's data is Vietnamese
        body = payload.build(dossier, event, key=key, sequence=sequence)
    return PortalPush.objects.create(
        dossier=dossier, event=event, sequence=sequence, key=key, status_code=body["TrangThaiHoSo"], payload=body,
        next_attempt_at=now, created_at=now,
    )


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed push: 1, 2, 4, 8 … minutes, at most an hour. A portal that
    is down is waited for however long it takes: the notices stay pending (resumable), never failed."""
    return min(BACKOFF_BASE * (2 ** (attempts - 1)), BACKOFF_MAX)


@dataclass
class PushReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claim_head(dossier_id: int, now: datetime) -> PortalPush | None:
    """Inside a transaction: lock the dossier's pending notices (PostgreSQL skips them if another worker
    holds them) and return the first, if it is due and no earlier notice of the dossier is still pending
    under another worker's lock."""
    rows = list(
        PortalPush.objects.select_for_update(skip_locked=True)
        .filter(dossier_id=dossier_id, status=PushStatus.PENDING)
        .order_by("sequence")
    )
    if not rows:
        return None
    head = rows[0]
    if PortalPush.objects.filter(dossier_id=dossier_id, status=PushStatus.PENDING, sequence__lt=head.sequence).exists():
        return None  # an earlier notice is in another worker's hands: this dossier waits for it
    return head if head.next_attempt_at <= now else None


def send_pending(limit: int = 200, *, now: datetime | None = None) -> PushReport:
    """Push what is due, dossier by dossier (the dossier whose oldest pending notice is oldest first), each
    dossier's notices in their order. A notice that cannot go now (the portal down, a timeout, a 5xx) is
    retried after `backoff`, the dossier's later notices wait behind it, and the run ends (one timeout at
    most per run during an outage); a notice the portal rejects (a 4xx) is set aside as failed (the admin
    lists it, with a retry action) and the later ones go on."""
    report = PushReport()
    if not enabled():
        return report
    now = now or timezone.now()
    dossiers = list(
        PortalPush.objects.filter(status=PushStatus.PENDING)
        .values("dossier_id").annotate(first=Min("id")).order_by("first")
        .values_list("dossier_id", flat=True)
    )
    budget = limit
    for dossier_id in dossiers:
        while budget > 0:
            with transaction.atomic():
                row = _claim_head(dossier_id, now)
                if row is None:
                    break
                budget -= 1
                row.attempts += 1
                outcome = _push(row, now)
                row.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at"])
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome == "retried":
                # The portal (or its token service) cannot take notices now: the run ends here rather than
                # wait for a timeout per dossier; the others keep their turn for the next run.
                return report
        if budget <= 0:
            break
    return report


def _push(row: PortalPush, now: datetime) -> str:
    try:
        client.push(row.payload, row.key)
    except client.Rejected as exc:
        row.status, row.last_error = PushStatus.FAILED, str(exc)[:2000]
        logger.warning("portal push %s rejected: %s", row.key, row.last_error)
        return "failed"
    except client.Transient as exc:
        row.last_error = str(exc)[:2000]
        row.next_attempt_at = now + backoff(row.attempts)
        return "retried"
    row.status, row.sent_at, row.last_error = PushStatus.SENT, now, ""
    return "sent"


def retry_failed(queryset, *, now: datetime | None = None) -> int:
    """Put rejected notices back in the queue (after the cause was fixed): pending, due now, attempts
    from zero. Returns how many."""
    now = now or timezone.now()
    return queryset.filter(status=PushStatus.FAILED).update(
        status=PushStatus.PENDING, next_attempt_at=now, attempts=0, last_error=""
    )


def counts() -> dict[str, int]:
    """How many notices are pending, sent and failed."""
    found = dict(PortalPush.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: found.get(status, 0) for status in PushStatus.values}


__all__ = ["backoff", "counts", "enabled", "queue_for_event", "retry_failed", "send_pending"]
