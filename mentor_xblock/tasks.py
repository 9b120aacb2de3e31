"""Celery tasks, defined beside the work they do; Open edX's workers discover them through this module
(celery's autodiscovery imports `<app>.tasks` of every installed app), as edx-ora2's tasks.py does."""
from .services.checkin_mail import check_in
from .services.export_jobs import clean_exports, run_export_job
from .services.notification_events import notify_assignments
from .services.notifications import send_notifications
from .services.programme.requests import expire_mentor_requests
from .services.reminders import check_nudge, check_overdue

__all__ = ["check_in", "check_nudge", "check_overdue", "clean_exports", "expire_mentor_requests", "notify_assignments", "run_export_job",
           "send_notifications"]
