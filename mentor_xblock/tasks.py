"""Celery tasks. Open edX's workers discover this module in the installed `mentor_xblock` app."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="mentor_xblock.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    """Write one large CSV export to the default storage (services/export_jobs.py)."""
    from .services.export_jobs import run

    run(job_id)


@shared_task(name="mentor_xblock.send_notifications", ignore_result=True)
def send_notifications(course_key: str | None = None) -> None:
    """Send the notifications that are due (services/notifications.py); queued after a request commits."""
    from .services.notifications import send_due

    send_due(course_key)
