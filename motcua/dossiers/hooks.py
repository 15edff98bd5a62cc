"""What happens after a transition is committed: its notifications are sent (motcua.notify), and the fee a
refused or withdrawn dossier paid online is refunded (motcua.payments, decision 0042).

The outbox rows are written in the transition's transaction (`motcua.notify.services.queue_for_event`,
called by `services.transition` and `services.receive_dossier`); this hook runs after commit and enqueues
the sending task when there is something to send. A failure here never undoes the committed transition:
the periodic `send_outbox` picks up whatever is left. The same goes for the status notice to the national
portal (`motcua.nationalportal`, decision 0047) and its task `push_national_portal`.
"""
import logging

logger = logging.getLogger(__name__)


def after_transition(dossier, event) -> None:
    """Called by transaction.on_commit after every committed transition; never inside the transaction."""
    logger.info("dossier %s: %s → %s (event %s)", dossier.code or dossier.pk, event.from_status, event.to_status, event.pk)
    from motcua.notify import tasks
    from motcua.notify.models import Outbox, OutboxStatus

    try:
        if Outbox.objects.filter(event=event, status=OutboxStatus.PENDING).exists():
            tasks.send_outbox.enqueue()
    except Exception:
        logger.exception("the sending of the notifications of event %s was not enqueued", event.pk)
    from motcua.nationalportal import services as portal
    from motcua.nationalportal import tasks as portal_tasks
    from motcua.nationalportal.models import PortalPush, PushStatus

    try:
        if portal.enabled() and PortalPush.objects.filter(event=event, status=PushStatus.PENDING).exists():
            portal_tasks.push_national_portal.enqueue()
    except Exception:
        logger.exception("the push of event %s to the national portal was not enqueued", event.pk)
    if event.action in ("refuse", "withdraw"):
        try:
            from motcua.payments.models import OrderStatus, PaymentOrder
            from motcua.payments.tasks import refund_after_transition

            if PaymentOrder.objects.filter(dossier_id=dossier.pk, status=OrderStatus.PAID).exists():
                refund_after_transition.enqueue(dossier.pk, event.pk)
        except Exception:
            logger.exception("the refund after event %s was not enqueued", event.pk)
