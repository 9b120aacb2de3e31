"""Large CSV exports as background jobs: counted, queued after commit, written to storage.

A report of at most MENTOR_EXPORT_TASK_ROWS rows (default 5,000) is streamed at once by the
`export` handler; a larger one becomes an ExportJob that a Celery task (mentor_xblock/tasks.py)
writes to the exports' private storage (export_storage.py: a setting, else the platform's report
store, else a private directory; never a public media URL), updating `rows` as it goes, so no web
worker spends minutes on it. Staff of the course follow its status and download the file through
the block, which streams it from the storage (the worker and the web process may share no disk).
Files older than MENTOR_EXPORT_RETENTION_DAYS (default 7) are deleted by a `clean_exports` task that
each finished job schedules, with an `eta`, for when its file expires (no cron: decisions/0004), and
whenever the course starts a new export job; `mentor_clean_exports` is the safety net.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ..core.messages import N_
from ..errors import BadRequest, Conflict, NotFound
from ..models import ExportJob
from . import export_storage, reports
from .context import Actor, BlockRef

log = logging.getLogger(__name__)

DEFAULT_TASK_ROWS = 5_000
DEFAULT_RETENTION_DAYS = 7
STORAGE_DIR = "mentor_xblock/exports"


def task_threshold() -> int:
    """Reports with more rows than this run as a task (settings.MENTOR_EXPORT_TASK_ROWS)."""
    return int(getattr(settings, "MENTOR_EXPORT_TASK_ROWS", DEFAULT_TASK_ROWS))


def retention_days() -> int:
    return int(getattr(settings, "MENTOR_EXPORT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def report_name(value) -> str:
    if value not in reports.REPORTS:
        raise NotFound(N_("There is no such report. The reports are {names}.",
                          names=", ".join(r + ".csv" for r in reports.REPORTS)))
    return value


def start(ref: BlockRef, actor: Actor, report: str, params: dict) -> ExportJob | None:
    """None when the report is small enough to stream at once; else a queued job.

    The task is queued only once the job row is committed, so a worker never looks for a
    job that isn't there yet (or that a rollback removed).
    """
    reports.require_staff(actor)
    report = report_name(report)
    total = reports.report_size(ref, report)
    if total <= task_threshold():
        return None
    cleanup(course_key=ref.course_key)
    with transaction.atomic():
        job = ExportJob.objects.create(
            course_key=ref.course_key, block_key=ref.block_key, report=report, params=params, total=total,
            requested_by=actor.anonymous_id,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    run_export_job.delay(job_id)


def _storage_name(job: ExportJob) -> str:
    # Unguessable and free of the course key's characters; downloads go through the block anyway.
    course = hashlib.sha256(job.course_key.encode()).hexdigest()[:16]
    return f"{STORAGE_DIR}/{course}/{job.pk}-{secrets.token_hex(8)}-{job.report}.csv"


@shared_task(name="mentor_xblock.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    """The Celery task that writes one large CSV export (Open edX's workers discover it through tasks.py)."""
    run(job_id)


def run(job_id: int) -> None:
    """Write a job's CSV to the exports' storage (the task's body). A job runs once:
    it is claimed by a conditional UPDATE, so a redelivered task does nothing."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.PENDING).update(status=ExportJob.RUNNING):
        return
    job = ExportJob.objects.get(pk=job_id)
    ref = BlockRef(course_key=job.course_key, block_key=job.block_key)
    written = 0  # data rows, after the header line
    try:
        header, rows = reports.report_rows(ref, job.report, job.params)
        with tempfile.TemporaryFile() as spool:
            for index, line in enumerate(reports.csv_lines(header, rows)):
                spool.write(line)
                written = index
                if index and index % reports.CHUNK == 0:
                    ExportJob.objects.filter(pk=job_id).update(rows=index)  # progress staff can follow
            spool.seek(0)
            name = export_storage.storage().save(_storage_name(job), File(spool, name=f"{job.report}.csv"))
    except Exception:  # pylint: disable=broad-except
        log.exception("Export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.FAILED, error="The export failed; please start it again.", finished_at=timezone.now()
        )
        return
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.DONE, rows=written, file_name=name, finished_at=timezone.now()
    )
    _schedule_cleanup(job)


def _schedule_cleanup(job: ExportJob) -> None:
    """The job's file is deleted when it expires, by a task due then (early or repeated runs are harmless)."""
    due = job.created_at + timedelta(days=retention_days(), minutes=1)
    try:
        clean_exports.apply_async(kwargs={"course_key": job.course_key}, eta=due)
    except Exception:  # pylint: disable=broad-except  # the next export job or mentor_clean_exports cleans up
        log.exception("Could not schedule the cleanup of export job %s", job.pk)


@shared_task(name="mentor_xblock.clean_exports", ignore_result=True)
def clean_exports(course_key: str | None = None) -> None:
    """The Celery task that deletes a course's expired export jobs and their files."""
    cleanup(course_key=course_key)


def _job(ref: BlockRef, actor: Actor, job_id) -> ExportJob:
    reports.require_staff(actor)
    try:
        number = int(job_id)
    except (TypeError, ValueError):
        raise BadRequest("The request must identify the export by its number.") from None
    job = ExportJob.objects.filter(pk=number, course_key=ref.course_key).first()
    if job is None:
        raise NotFound("There is no such export in this course.")
    return job


def status(ref: BlockRef, actor: Actor, job_id) -> ExportJob:
    """The job, for programme staff of its course."""
    return _job(ref, actor, job_id)


def open_file(ref: BlockRef, actor: Actor, job_id) -> tuple[ExportJob, object]:
    """(job, open binary file) of a finished export, for programme staff of its course."""
    job = _job(ref, actor, job_id)
    if job.status != ExportJob.DONE:
        raise Conflict("This export is not ready yet.")
    try:
        files = export_storage.storage()
    except ImproperlyConfigured:
        log.exception("Export files cannot be read")
        raise NotFound("This export's file cannot be read on this site; please tell its administrators.") from None
    try:  # exists() first: remote storages open lazily and would fail only while streaming
        if files.exists(job.file_name):
            return job, files.open(job.file_name, "rb")
    except OSError:
        pass
    raise NotFound("This export's file has been deleted; please start the export again.")


def job_json(job: ExportJob) -> dict:
    return {
        "job_id": job.pk, "report": job.report, "status": job.status, "rows": job.rows, "total": job.total,
        "created_at": job.created_at.isoformat(), "error": job.error or None,
    }


def cleanup(days: int | None = None, course_key: str | None = None, now=None) -> int:
    """Delete export jobs older than `days` (default: the retention setting) and their files;
    the number of jobs deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days() if days is None else days)
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    if course_key is not None:
        old = old.filter(course_key=course_key)
    deleted = 0
    files = None
    for job in old.order_by("pk")[:1000]:
        if job.file_name:
            files = files or export_storage.storage()
            try:
                files.delete(job.file_name)
            except OSError:
                log.warning("Could not delete export file %s", job.file_name, exc_info=True)
                continue  # keep the row so the next cleanup tries again
        job.delete()
        deleted += 1
    return deleted
