"""Background tasks (django-tasks) of the statistics: building a report export step by step."""
from django_tasks import task


@task()
def build_export(job_id: int) -> str:
    """Build the file of an ExportJob, recording each step on the row so its page shows the progress."""
    from .reports import run_export

    return run_export(job_id)
