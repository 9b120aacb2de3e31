"""Celery tasks. Open edX's workers discover this module in the installed `mentor_xblock` app."""
from celery import shared_task


@shared_task(name="mentor_xblock.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    """Write one large CSV export to the default storage (services/export_jobs.py)."""
    from .services.export_jobs import run

    run(job_id)
