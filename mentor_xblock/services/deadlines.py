"""The deadline guard every learner write passes through (submissions, drafts, watch progress).

`check_open` takes the block's Deadline (core/deadlines.py: the platform's due + graceperiod
and the author's late_submissions policy) and refuses work once a "closed" deadline has passed.
"""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ..core.deadlines import CLOSED, LATE, Deadline
from ..errors import Forbidden

# The adapter translates this message (a fixed msgid) before it reaches the learner.
DEADLINE_PASSED = "The deadline has passed."


def check_open(deadline: Deadline, now: datetime | None = None) -> bool:
    """Raise Forbidden (403) when the deadline has passed and the block is closed; else return
    whether the work is late (past the deadline, accepted by the author's policy)."""
    status = deadline.status(now or timezone.now())
    if status == CLOSED:
        raise Forbidden(DEADLINE_PASSED)
    return status == LATE


def grade_frozen(deadline: Deadline, now: datetime | None = None) -> bool:
    """After the close date the participation grade no longer changes (completion still may)."""
    return deadline.is_past(now or timezone.now())
