"""What happens after a transition is committed: the notifications app fills this in (e-mail, SMS)."""
import logging

logger = logging.getLogger(__name__)


def after_transition(dossier, event) -> None:
    """Called by transaction.on_commit after every committed transition; never inside the transaction."""
    logger.info("dossier %s: %s → %s (event %s)", dossier.code or dossier.pk, event.from_status, event.to_status, event.pk)
