"""What a mentor owes: the one rule for "waiting for feedback" and for "overdue" (past the course's
response-time target), shared by the dashboards (services/dashboard.py) and the reminders
(services/reminders.py)."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone


def needs_feedback(queryset):
    """Submitted, visible responses waiting for a mentor's answer since their latest version."""
    return queryset.filter(awaiting_feedback=True, hidden=False)


def waiting_since(response):
    """When the version a mentor owes feedback on was submitted (an edit is a new version)."""
    return response.edited_at or response.submitted_at


def overdue_q(target_hours: int, now=None) -> Q:
    """Waiting responses whose current version is older than the course's response-time target."""
    cutoff = (now or timezone.now()) - timedelta(hours=target_hours)
    return Q(edited_at__lt=cutoff) | Q(edited_at__isnull=True, submitted_at__lt=cutoff)
