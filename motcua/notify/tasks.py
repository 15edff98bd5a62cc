"""Background tasks (django-tasks): sending the outbox, and the periodic deadline watch."""
from dataclasses import asdict

from django_tasks import task

from . import services


@task()
def send_outbox(limit: int = 100) -> dict:
    return asdict(services.send_pending(limit))


@task()
def remind_due_soon() -> int:
    return services.remind_due_soon()


@task()
def escalate_overdue() -> int:
    return services.escalate_overdue()


@task()
def draft_apologies() -> int:
    return services.draft_apologies()


@task()
def prune_staged_uploads() -> int:
    """Scans kept for an intake form that was never submitted again (motcua.dossiers.staging)."""
    from motcua.dossiers.staging import prune

    return prune()


@task()
def prune_expired_cache() -> int:
    """Expired rows of the database cache (throttles, progress): motcua.common.cache."""
    from motcua.common.cache import prune_expired

    return prune_expired()


@task()
def anchor_audit_chain() -> int | None:
    """An anchor of the audit chain outside the database once every MOTCUA_AUDIT_ANCHOR_EVERY."""
    from motcua.dossiers.anchors import write_anchor

    record = write_anchor()
    return record["seq"] if record else None


# The national portal's outbox is pushed by the same clock (decision 0047); the task lives with its app.
from motcua.nationalportal.tasks import push_national_portal  # noqa: E402

PERIODIC = (
    remind_due_soon,
    escalate_overdue,
    draft_apologies,
    send_outbox,
    prune_staged_uploads,
    prune_expired_cache,
    anchor_audit_chain,
    push_national_portal,
)
