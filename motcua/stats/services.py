"""Changes of the statistics app: starting a report export (built in the background, motcua.stats.tasks)."""
from __future__ import annotations

from datetime import date

from motcua.units.models import Unit

from .models import ExportJob


def start_export(*, actor, kind: str, format: str, unit: Unit, date_from: date, date_to: date) -> ExportJob:
    """Record the export asked for (committed at once: a request is not one transaction here) and queue
    its building; its page then follows the progress the task writes on the row."""
    from .tasks import build_export

    job = ExportJob.objects.create(
        kind=kind, format=format, unit=unit, date_from=date_from, date_to=date_to, created_by=actor,
    )
    build_export.enqueue(job.pk)
    return job
