"""Background tasks of online payment: the refund of a refused or withdrawn dossier's paid fee."""
from django_tasks import task


@task()
def refund_after_transition(dossier_id: int, event_id: int) -> int:
    from . import services

    return len(services.refund_after_transition(dossier_id, event_id))
