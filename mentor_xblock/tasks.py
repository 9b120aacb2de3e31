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


@shared_task(name="mentor_xblock.notify_assignments", ignore_result=True)
def notify_assignments(course_key: str, block_key: str, place: str, assignment_ids: list) -> None:
    """Queue the "you have a mentor / a new mentee" mail for pairs made in bulk (matching, CSV)."""
    from .models import Assignment
    from .services import notification_events
    from .services.progress import BlockRef

    ref = BlockRef(course_key=course_key, block_key=block_key)
    for start in range(0, len(assignment_ids), 500):
        rows = Assignment.objects.filter(pk__in=assignment_ids[start:start + 500], active=True).order_by("pk")
        notification_events.assigned(ref, place, list(rows))
