"""Places that free up are filled: learners who wait get them at once (`auto`) or hear of them (`learner_choice`).

Every operation that frees a place calls `fill_waiting` once its own transaction has committed:
staff raising a mentor's capacity or (re)activating a mentor (staff.save_mentor), ending a
pairing (staff.end_assignment), reassigning (staff.assign with `replace`), approving a change
request (staff.resolve_change_request), a learner switching mentors (learner.choose_mentor with
`replace`), and a retirement that gives seats back or leaves mentees without a mentor
(services/retirement.py).

- `auto`: the course's waiting learners - joined (`joined_at` set), with fewer mentors than they
  want and than the course allows - longest-waiting first (`joined_at`, then id), each matched by
  the rules of joining (pairing.fill: the best overlap of interests, then the lightest load; never
  a mentor they had, never themselves) until no place is left. Each pairing is its own
  capacity-safe transaction (pairing.add), retried after a lost race, so operations that fill at
  the same time, in any number of processes, never put a mentor above capacity nor a learner
  above the limit. Both sides of each pairing are mailed like any assignment.
- `learner_choice`: the longest-waiting learners (at most NOTICE_LIMIT per batch) are mailed
  (kind "place_free") that a mentor has room; one operation is one batch, and a learner whose
  notice is still unsent or who was told within NOTICE_QUIET is not told again. Their widget
  lists the mentors with free places (reading.learner_state, state "choose").
- `manual`: nothing; staff assign.

Filling never fails the operation that freed the place: an error is logged (the place stays
free, and the next operation or bulk matching fills it).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from ...models import Assignment, LearnerProfile, MentorProfile, Notification
from .. import notification_events
from ..context import BlockRef
from .pairing import fill
from .settings import Settings

log = logging.getLogger(__name__)

# Waiting learners looked at per operation: a place nobody early in the queue may take (they all
# had that mentor, or it is their own profile) stays for bulk matching beyond this.
SCAN_LIMIT = 500
NOTICE_LIMIT = 100  # learner_choice: learners told per freed-place batch
NOTICE_QUIET = timedelta(days=1)  # learner_choice: not told again within this
PLACE_FREE = "place_free"
REASON = "a place freed up"


def waiting_learners(course_key: str, settings: Settings):
    """Learners who joined and still lack mentors, longest-waiting first."""
    return (
        LearnerProfile.objects.filter(course_key=course_key, joined_at__isnull=False,
                                      mentor_count__lt=F("mentors_wanted"))
        .filter(mentor_count__lt=settings.mentors_per_learner)
        .order_by("joined_at", "pk")
    )


def _any_free_place(course_key: str) -> bool:
    return MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity")).exists()


def fill_waiting(ref: BlockRef, settings: Settings | None, by: str = "") -> list[Assignment]:
    """Give the places free in the course to the learners who wait (`auto`: the pairings made,
    already mailed) or tell them a mentor has room (`learner_choice`: returns []). Call it after the
    operation that freed the place has committed; `by` is who freed it (recorded as the pairing's
    `created_by`), "" for the system."""
    if settings is None:
        return []
    try:
        if settings.strategy == "auto":
            made = _match(ref.course_key, settings, by)
            notification_events.assigned(ref, ref.place, made)
            return made
        if settings.strategy == "learner_choice":
            _tell(ref, settings)
    except Exception:  # pylint: disable=broad-except  # the place was freed; filling it must not undo that
        log.exception("Mentor programme: could not fill the free places of %s", ref.course_key)
    return []


def _match(course_key: str, settings: Settings, by: str) -> list[Assignment]:
    if not _any_free_place(course_key):
        return []
    made: list[Assignment] = []
    for profile in waiting_learners(course_key, settings)[:SCAN_LIMIT]:
        if made and not _any_free_place(course_key):
            break
        limit = min(profile.mentors_wanted, settings.mentors_per_learner)
        made += fill(course_key, profile, limit, "auto", by, reason=REASON)
    return made


def _tell(ref: BlockRef, settings: Settings) -> list[int]:
    course_key = ref.course_key
    if not _any_free_place(course_key):
        return []
    now = timezone.now()
    told = Notification.objects.filter(course_key=course_key, kind=PLACE_FREE).filter(
        Q(state=Notification.PENDING) | Q(created_at__gte=now - NOTICE_QUIET)
    ).values("recipient_id")
    learners = list(
        waiting_learners(course_key, settings).exclude(learner_id__in=told)
        .values_list("learner_id", flat=True)[:NOTICE_LIMIT]
    )
    if not learners:
        return []
    return notification_events.place_free(ref, ref.place, learners, now)
