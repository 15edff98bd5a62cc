"""Background task (django-tasks): push the portal outbox. Enqueued after a committed change that queued a
notice (dossiers.hooks) and every minute by `run_scheduler` (listed in notify.tasks.PERIODIC)."""
from dataclasses import asdict

from django_tasks import task

from . import services


@task()
def push_national_portal(limit: int = 200) -> dict:
    return asdict(services.send_pending(limit))
