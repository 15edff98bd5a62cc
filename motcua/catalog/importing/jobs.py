"""Background import jobs, whose progress the admin page polls."""
import logging
import threading
from collections.abc import Callable

from motcua.common.errors import ValidationFailed

from .files import parse_file
from .writing import import_parsed

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Background import jobs (the admin page "Nhập/Xuất danh mục" polls them).


def _thread_runner(fn: Callable[[], None]) -> None:
    def target():
        from django.db import connection

        try:
            fn()
        finally:
            connection.close()

    threading.Thread(target=target, name="catalog-import", daemon=True).start()


# How a job is run: a thread in production; tests swap in `lambda fn: fn()` so they do not race.
JOB_RUNNER: Callable[[Callable[[], None]], None] = _thread_runner


def _progress_key(job_id: int) -> str:
    return f"catalog:import-job:{job_id}"


def start_import_job(name: str, data: bytes, *, actor=None):
    """Record an ImportJob and run the import of the file in the background; returns the job."""
    from ..models import ImportJob

    job = ImportJob.objects.create(file_name=name[:255], created_by=actor)

    def run() -> None:
        # The file's labels (roles, choices) are read as Vietnamese whoever starts the import (decision 0037).
        from django.conf import settings
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            run_import_job(job.pk, name, data, actor=actor)

    JOB_RUNNER(run)
    return job


def run_import_job(job_id: int, name: str, data: bytes, *, actor=None) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from ..models import ImportJob

    jobs = ImportJob.objects.filter(pk=job_id)

    def progress(done: int, total: int) -> None:
        # The import runs in one transaction, invisible to other connections until it commits, so
        # progress goes through the cache rather than the job row.
        cache.set(_progress_key(job_id), (done, total), 3600)

    try:
        records, locate, errors = parse_file(name, data)
        total = len(records) if isinstance(records, list) else 0
        jobs.update(status=ImportJob.Status.RUNNING, total=total)
        progress(0, total)
        report = import_parsed(records, locate, errors, actor=actor, progress=progress)
    except ValidationFailed as exc:
        errors = exc.errors or [{"sheet": "", "row": 0, "column": "", "message": exc.detail}]
        jobs.update(status=ImportJob.Status.FAILED, errors=errors, finished_at=timezone.now())
    except Exception:
        logger.exception("Catalog import job %s failed", job_id)
        message = "lỗi hệ thống khi nhập; không có thủ tục nào được nhập"
        jobs.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(),
                    errors=[{"sheet": "", "row": 0, "column": "", "message": message}])
    else:
        jobs.update(status=ImportJob.Status.DONE, done=total, report=report.as_dict(), finished_at=timezone.now())
    finally:
        cache.delete(_progress_key(job_id))


def job_progress(job) -> tuple[int, int]:
    """(done, total) of a job, live while it runs."""
    from django.core.cache import cache

    if job.status == job.Status.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live:
            return live
    return job.done, job.total
