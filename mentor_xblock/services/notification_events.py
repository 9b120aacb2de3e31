"""Who is told what (docs/api.md, "Notifications"). Handlers call one of these after their service
call succeeded; each queues outbox rows (services/notifications.py) and never raises: a
notification that cannot be queued is logged, and the request that caused it still succeeds.

- a mentee's new or revised response -> their mentors
- a mentor's or staff member's reply, or a review -> the response's learner
- a new assignment, an ended one (asking for a closing reflection) -> the learner and the mentor
- a check-in that opens -> each side of the pairing that has not answered it (services/checkin_mail.py)
- a change request -> programme staff; its resolution (with the staff's note) -> the learner
- a report -> programme staff and the mentors of the learner whose thread it is in
- an item hidden by a moderator -> its author, with the reason
- a place freed in a learner_choice programme -> the learners waiting to choose
- a response past the course's response-time target -> its mentors, once; a learner quiet for
  nudge_days after getting a mentor -> the learner, once (services/reminders.py)
"""
from __future__ import annotations

import functools
import logging

from celery import shared_task
from django.db import transaction

from .. import platform
from ..core.text import stamp
from ..models import Assignment, MentorProfile, Reply, Response
from . import notification_people as people
from . import checkin_mail, reminders, roles
from .context import BlockRef
from .notifications import enqueue

log = logging.getLogger(__name__)
EXCERPT_CHARS = 240


def _never_raises(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:  # pylint: disable=broad-except  # mail must never fail a request that succeeded
            log.exception("Mentor XBlock could not queue the %s notification", func.__name__)
            return []
    return wrapper


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _link(ref: BlockRef, fragment: str) -> str:
    return platform.item_url(ref.course_key, ref.block_key, fragment)


def _name(ref: BlockRef, anonymous_id: str) -> str:
    return people.display_name(ref.course_key, anonymous_id)


# Where a mail's link lands: an element every recipient's view of the block has (their part of
# the page), or a response the page scrolls to once drawn (static/js/common.js revealLinked).
def _widget(ref: BlockRef) -> str:
    return _link(ref, ref.widget_anchor)


def _mentor_dashboard(ref: BlockRef, part: str = "title") -> str:
    return _link(ref, f"{ref.dom_id}-dash-{part}")


def _programme_dashboard(ref: BlockRef, part: str) -> str:
    return _link(ref, f"{ref.dom_id}-prog-{part}")


@_never_raises
def response_submitted(ref: BlockRef, place: str, prompt_text: str, response: Response, first: bool) -> list[int]:
    if response.author_role != roles.LEARNER:
        return []
    version = response.submitted_at if first else response.edited_at
    return enqueue(
        ref.course_key, ref.block_key, sorted(roles.mentor_ids_of(ref.course_key, response.learner_id)),
        "response", f"response:{response.pk}@{stamp(version)}",
        {"course_name": place, "learner": _name(ref, response.learner_id), "revised": not first, "prompt": _excerpt(prompt_text),
         "excerpt": _excerpt(response.text), "link": _link(ref, f"mentor-response-{response.pk}")},
    )


@_never_raises
def reply_posted(ref: BlockRef, place: str, reply: Reply) -> list[int]:
    response = Response.objects.filter(pk=reply.response_id).first()
    if response is None or reply.author_role == Reply.LEARNER or response.learner_id == reply.author_id:
        return []
    return enqueue(
        ref.course_key, ref.block_key, [response.learner_id], "reply", f"reply:{reply.pk}",
        {"course_name": place, "author": _name(ref, reply.author_id), "excerpt": _excerpt(reply.text),
         "link": _link(ref, f"mentor-response-{response.pk}")},
    )


@_never_raises
def reviewed(ref: BlockRef, place: str, response: Response) -> list[int]:
    return enqueue(
        ref.course_key, ref.block_key, [response.learner_id], "review", f"review:{response.pk}@{stamp(response.reviewed_at)}",
        {"course_name": place, "author": _name(ref, response.reviewed_by), "status": response.review_status,
         "excerpt": _excerpt(response.review_comment), "link": _link(ref, f"mentor-response-{response.pk}")},
    )


@_never_raises
def assigned(ref: BlockRef, place: str, assignments, learner: bool = True, by: str = "") -> list[int]:
    """Both sides of each new pairing are told (the learner unless `learner` is False); `by` (who made
    the pairing) is never mailed about their own action."""
    made = []
    for assignment in [a for a in assignments if a is not None]:
        mentor = MentorProfile.objects.get(pk=assignment.mentor_id)
        base = {"course_name": place, "mentor": _name(ref, mentor.mentor_id), "learner": _name(ref, assignment.learner_id)}
        if learner:
            made += enqueue(ref.course_key, ref.block_key, [assignment.learner_id], "assigned", f"assignment:{assignment.pk}",
                            {**base, "link": _widget(ref)}, by=by)
        made += enqueue(ref.course_key, ref.block_key, [mentor.mentor_id], "assigned", f"assignment:{assignment.pk}",
                        {**base, "for_mentor": True, "link": _mentor_dashboard(ref)}, by=by)
        reminders.watch_pairing(ref, place, assignment)
        checkin_mail.watch_pairing(ref, place, assignment)
    return made


@_never_raises
def ended(ref: BlockRef, place: str, assignment: Assignment | None, reason: str = "", learner: bool = True,
          by: str = "") -> list[int]:
    if assignment is None:
        return []
    mentor = MentorProfile.objects.get(pk=assignment.mentor_id)
    base = {"course_name": place, "mentor": _name(ref, mentor.mentor_id), "learner": _name(ref, assignment.learner_id)}
    told = []
    if learner:
        told = enqueue(ref.course_key, ref.block_key, [assignment.learner_id], "ended", f"ended:{assignment.pk}",
                       {**base, "reason": _excerpt(reason), "link": _widget(ref)}, by=by)
    return (
        told
        + enqueue(ref.course_key, ref.block_key, [mentor.mentor_id], "ended", f"ended:{assignment.pk}",
                  {**base, "for_mentor": True, "link": _mentor_dashboard(ref)}, by=by)
    )


@_never_raises
def change_requested(ref: BlockRef, place: str, change) -> list[int]:
    return enqueue(
        ref.course_key, ref.block_key, people.programme_staff(ref.course_key), "change_request", f"change:{change.pk}",
        {"course_name": place, "learner": _name(ref, change.learner_id),
         "reason": _excerpt(change.reason), "link": _programme_dashboard(ref, "requests")},
    )


@_never_raises
def change_resolved(ref: BlockRef, place: str, change, new_mentor: str, no_places: bool) -> list[int]:
    return enqueue(
        ref.course_key, ref.block_key, [change.learner_id], "change_resolved", f"change-resolved:{change.pk}",
        {"course_name": place, "approved": change.status == change.APPROVED, "note": _excerpt(change.note),
         "new_mentor": new_mentor, "no_places": no_places, "link": _widget(ref)},
    )


@_never_raises
def reported(ref: BlockRef, place: str, kind: str, item_id: int, reason: str, by: str = "") -> list[int]:
    """Programme staff (to their reported posts) and the thread learner's mentors (to theirs) are told;
    the person who reported it is not."""
    item = (Response if kind == "response" else Reply).objects.filter(pk=item_id).first()
    if item is None:
        return []
    response = item if kind == "response" else Response.objects.get(pk=item.response_id)
    context = {"course_name": place, "author": _name(ref, item.learner_id if kind == "response" else item.author_id),
               "reason": _excerpt(reason), "excerpt": _excerpt(item.text)}
    key = f"report:{kind}:{item_id}"
    return (
        enqueue(ref.course_key, ref.block_key, people.programme_staff(ref.course_key), "report", key,
                {**context, "link": _programme_dashboard(ref, "flags")}, by=by)
        + enqueue(ref.course_key, ref.block_key, sorted(roles.mentor_ids_of(ref.course_key, response.learner_id)),
                  "report", key, {**context, "link": _mentor_dashboard(ref, "flags")}, by=by)
    )


@_never_raises
def hidden(ref: BlockRef, place: str, kind: str, item, by: str = "") -> list[int]:
    author = item.learner_id if kind == "response" else item.author_id
    response_id = item.pk if kind == "response" else item.response_id
    return enqueue(
        ref.course_key, ref.block_key, [author], "hidden", f"hidden:{kind}:{item.pk}@{stamp(item.hidden_at)}",
        {"course_name": place, "reason": _excerpt(item.hidden_reason), "excerpt": _excerpt(item.text),
         "link": _link(ref, f"mentor-response-{response_id}")}, by=by,
    )


@_never_raises
def place_free(ref: BlockRef, place: str, learner_ids, when) -> list[int]:
    """learner_choice: learners still waiting to choose hear that a mentor has room, once per batch of
    freed places (services/programme/waiting.py decides who and how often)."""
    return enqueue(ref.course_key, ref.block_key, learner_ids, "place_free", f"place-free:{stamp(when)}",
                   {"course_name": place, "link": _widget(ref)})


def assigned_later(ref: BlockRef, place: str, assignment_ids) -> None:
    """Bulk matching and CSV imports can make thousands of pairs: their mail is queued by a
    Celery task once the transaction has committed, not inside the request."""
    if assignment_ids:
        ids = list(assignment_ids)
        transaction.on_commit(lambda: notify_assignments.delay(ref.course_key, ref.block_key, place, ids))


@shared_task(name="mentor_xblock.notify_assignments", ignore_result=True)
def notify_assignments(course_key: str, block_key: str, place: str, assignment_ids: list) -> None:
    """Queue the "you have a mentor / a new mentee" mail for pairs made in bulk (matching, CSV)."""
    ref = BlockRef(course_key=course_key, block_key=block_key)
    for start in range(0, len(assignment_ids), 500):
        rows = Assignment.objects.filter(pk__in=assignment_ids[start:start + 500], active=True).order_by("pk")
        assigned(ref, place, list(rows))
