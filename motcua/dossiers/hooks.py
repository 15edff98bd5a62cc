"""What happens after a transition is committed: its notifications are sent (motcua.notify).

The outbox rows belong in the transition's transaction (`motcua.notify.services.queue_for_event`, called
by the transition function); this hook runs after commit and only queues them if that call is missing
(idempotent), then enqueues the sending task. A failure here never undoes the committed transition: the
periodic `send_outbox` picks up whatever is left.
"""
import logging

logger = logging.getLogger(__name__)


def after_transition(dossier, event) -> None:
    """Called by transaction.on_commit after every committed transition; never inside the transaction."""
    logger.info("dossier %s: %s → %s (event %s)", dossier.code or dossier.pk, event.from_status, event.to_status, event.pk)
    from motcua.notify import services, tasks
    from motcua.notify.models import Outbox, OutboxStatus

    try:
        services.queue_for_event(dossier, event)  # idempotent: adds nothing when the transition queued them
        if Outbox.objects.filter(event=event, status=OutboxStatus.PENDING).exists():
            tasks.send_outbox.enqueue()
    except Exception:
        logger.exception("notifications of event %s were not queued or sent", event.pk)
