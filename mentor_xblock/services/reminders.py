"""Reminders: a mentor whose mentee's response passed the course's response-time target, and a
learner who has answered nothing some days after getting a mentor (docs/api.md "Notifications").

Each is one Celery task scheduled with an `eta` when the clock starts (a submission, a pairing),
after the request commits (decisions/0004: Tutor runs workers, not beat). When it runs it checks
that the reminder is still owed (the same version still waits; the learner still has answered
nothing) and queues the mail through the outbox, whose unique key (recipient, kind, item) makes
a second reminder of the same thing a no-op. Feedback given or a first answer submitted skips a
reminder still waiting to be sent. `catch_up` (the mentor_send_digests command) queues whatever
a lost task left owed.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .. import platform
from ..core.text import stamp
from ..models import Assignment, Notification, ProgrammeBlock, Response
from . import notification_people as people
from . import roles
from .context import BlockRef
from .feedback_due import needs_feedback, overdue_q, waiting_since
from .notifications import enqueue
from .programme.settings import course_rules

log = logging.getLogger(__name__)
OVERDUE, NUDGE = "overdue", "nudge"


def later(task, args: list, when, again: bool = False) -> None:
    """Run `task` at `when` once the caller's transaction commits; a broker that is down leaves it to catch_up.

    Tasks that run in the caller's process (the workbench's eager Celery) cannot wait for an eta:
    there, a check that is not due yet is not scheduled `again` (the command catches up)."""
    if again and task.app.conf.task_always_eager:
        return

    def start():
        try:
            task.apply_async(args=args, eta=when)
        except Exception:  # pylint: disable=broad-except  # a reminder must never fail the request
            log.exception("Could not schedule %s; mentor_send_digests will catch up", task.name)
    transaction.on_commit(start)


# --- a response waiting past the target -----------------------------------------------------------


def watch_response(ref: BlockRef, place: str, response: Response) -> None:
    """A learner's response (a new version) starts waiting: check it when the target has passed."""
    if response.author_role != roles.LEARNER or not response.awaiting_feedback:
        return
    since = waiting_since(response)
    due = since + timedelta(hours=course_rules(ref.course_key).response_target_hours)
    later(check_overdue, [response.pk, stamp(since), place], due)


@shared_task(name="mentor_xblock.check_overdue", ignore_result=True)
def check_overdue(response_id: int, version: str, place: str = "") -> None:
    """Remind the response's mentors once if this version still waits past the target."""
    response = Response.objects.filter(pk=response_id).first()
    if response is None or not response.awaiting_feedback or response.hidden or stamp(waiting_since(response)) != version:
        return  # answered, hidden, or revised (the new version has its own check)
    hours = course_rules(response.course_key).response_target_hours
    due = waiting_since(response) + timedelta(hours=hours)
    if due > timezone.now():  # the target was raised since: check again then
        later(check_overdue, [response_id, version, place], due, again=True)
        return
    remind_mentors(response, hours, place)


def remind_mentors(response: Response, hours: int, place: str = "") -> list[int]:
    """Queue the overdue reminder (the course's target is `hours`) to the learner's current mentors,
    once per version and mentor."""
    course_key, block_key = response.course_key, response.block_key
    return enqueue(
        course_key, block_key, sorted(roles.mentor_ids_of(course_key, response.learner_id)),
        OVERDUE, f"{OVERDUE}:{response.pk}@{stamp(waiting_since(response))}",
        {"course_name": place, "learner": people.display_name(course_key, response.learner_id), "hours": hours,
         "link": platform.item_url(course_key, block_key, f"mentor-response-{response.pk}")},
    )


def feedback_given(response: Response) -> None:
    """The work is done: an overdue reminder about this response that is still waiting is not sent."""
    Notification.objects.filter(kind=OVERDUE, item_key__startswith=f"{OVERDUE}:{response.pk}@",
                                state=Notification.PENDING).update(state=Notification.SKIPPED)


# --- a quiet learner after pairing ----------------------------------------------------------------


def watch_pairing(ref: BlockRef, place: str, assignment: Assignment) -> None:
    """A learner got a mentor (through this block): if the course nudges, check on them after nudge_days."""
    days = course_rules(ref.course_key).nudge_days
    if days:
        later(check_nudge, [assignment.pk, ref.block_key, place], assignment.created_at + timedelta(days=days))


@shared_task(name="mentor_xblock.check_nudge", ignore_result=True)
def check_nudge(assignment_id: int, block_key: str = "", place: str = "") -> None:
    """Nudge the learner once if they still have a mentor and have answered no prompt in the course."""
    assignment = Assignment.objects.filter(pk=assignment_id, active=True).select_related("mentor").first()
    if assignment is None:
        return
    days = course_rules(assignment.course_key).nudge_days
    if not days:
        return  # the course stopped nudging
    due = assignment.created_at + timedelta(days=days)
    if due > timezone.now():
        later(check_nudge, [assignment_id, block_key, place], due, again=True)
        return
    nudge(assignment, block_key, place)


def _nudge_key(course_key: str) -> str:
    return f"{NUDGE}:{course_key}"[:120]


def nudge(assignment: Assignment, block_key: str = "", place: str = "") -> list[int]:
    """Queue the learner's one nudge of the course, unless they have answered a prompt since."""
    course_key = assignment.course_key
    if Response.objects.filter(course_key=course_key, learner_id=assignment.learner_id, submitted_at__isnull=False).exists():
        return []
    block_key = block_key or first_programme_block(course_key)
    widget = BlockRef(course_key=course_key, block_key=block_key).widget_anchor
    return enqueue(
        course_key, block_key, [assignment.learner_id], NUDGE, _nudge_key(course_key),
        {"course_name": place, "mentor": people.display_name(course_key, assignment.mentor.mentor_id),
         "link": platform.item_url(course_key, block_key, widget) if block_key else ""},
    )


def first_programme_block(course_key: str) -> str:
    return ProgrammeBlock.objects.filter(course_key=course_key).order_by("pk").values_list("block_key", flat=True).first() or ""


def answered(course_key: str, learner_id: str) -> None:
    """A learner answered a prompt: a nudge still waiting to be sent is not."""
    Notification.objects.filter(kind=NUDGE, recipient_id=learner_id, item_key=_nudge_key(course_key),
                                state=Notification.PENDING).update(state=Notification.SKIPPED)


# --- the safety net -------------------------------------------------------------------------------


def catch_up(course_key: str | None = None, now=None) -> dict:
    """Queue every reminder that is owed now (after a broker outage lost tasks); repeats are no-ops."""
    now = now or timezone.now()
    waiting = needs_feedback(Response.objects.filter(author_role=roles.LEARNER))
    assignments = Assignment.objects.filter(active=True).select_related("mentor")
    if course_key is not None:
        waiting, assignments = waiting.filter(course_key=course_key), assignments.filter(course_key=course_key)
    report = {"overdue": 0, "nudges": 0}
    for course in sorted(set(waiting.values_list("course_key", flat=True).distinct())):
        target = course_rules(course).response_target_hours
        for response in waiting.filter(overdue_q(target, now), course_key=course).iterator():
            report["overdue"] += len(remind_mentors(response, target))
    for course in sorted(set(assignments.values_list("course_key", flat=True).distinct())):
        days = course_rules(course).nudge_days
        if days:
            for assignment in assignments.filter(course_key=course, created_at__lte=now - timedelta(days=days)).iterator():
                report["nudges"] += len(nudge(assignment))
    return report
