"""Making and ending pairings under the capacity rules; shared by learner, staff and bulk operations.

Capacity is kept by the database, never by a read-then-write in Python:

- every change to a learner's assignments first locks the learner's LearnerProfile row
  (select_for_update), and `mentor_count` moves only by a conditional UPDATE
  (`mentor_count < limit`), so a learner never gets more mentors than allowed;
- a mentor's `load` moves only by a conditional UPDATE (`load < capacity`), which
  MySQL/MariaDB and SQLite evaluate on the latest committed row, so no mentor goes
  above capacity however many processes assign at once;
- the unique index assignment_one_active_pair forbids the same active pair twice;
- a mentor is never paired with themselves (a learner whose anonymous id is the
  mentor's, e.g. staff previewing as a learner or a mentor whose staff access ended).

A lost race raises inside the transaction, so it rolls back whole (including a
LearnerProfile created in it) and is reported.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ...core import why as why_codes
from ...core.matching import LearnerNeed, MentorSlot, best_mentor, best_ranked
from ...core.messages import N_
from ...errors import Conflict, Forbidden, NotFound
from ...models import Assignment, LearnerProfile, MentorProfile
from .. import roles
from ..context import Actor
from ..db import RETRIES, get_or_create_locked, retrying

# Why an assignment could not be made (also shown in bulk reports).
LEARNER_FULL = "the learner already has as many mentors as configured"
MENTOR_FULL = "the mentor has no free place left"
ALREADY_PAIRED = "the mentor is already this learner's"
MENTOR_GONE = "the mentor is not in the active pool"
SELF = "a mentor cannot be their own mentor"

REFUSALS = {  # marked with N_ where they are defined; the API translates them
    LEARNER_FULL: N_("You already have as many mentors as this programme allows."),
    MENTOR_FULL: N_("That mentor has no free place left."),
    ALREADY_PAIRED: N_("That mentor is already assigned to this learner."),
    MENTOR_GONE: N_("That mentor is not taking learners."),
    SELF: N_("A mentor cannot be their own mentor."),
}


class Lost(Exception):
    """A conditional update found the row changed, or the pair is not allowed; the transaction rolls back."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


# --- roles ------------------------------------------------------------------------


def require_learner(course_key: str, actor: Actor) -> None:
    if not actor.is_authenticated:
        raise Forbidden("Sign in to take part in the mentor programme.")
    if actor.role != roles.LEARNER:
        raise Forbidden("Only learners have mentors; course staff manage the programme.")


def require_staff(course_key: str, actor: Actor) -> None:
    if not actor.is_authenticated or actor.role != roles.STAFF:
        raise Forbidden("Only course staff who run the programme may do this.")


# --- inside a transaction -------------------------------------------------------------


def lock_learner(course_key: str, learner_id: str) -> LearnerProfile:
    try:
        return LearnerProfile.objects.select_for_update().get(course_key=course_key, learner_id=learner_id)
    except LearnerProfile.DoesNotExist:
        raise NotFound("That learner has not joined the programme in this course yet.") from None


def join_locked(course_key: str, actor, limit: int, interests: list | None = None) -> LearnerProfile:
    """The learner's profile, created if they had none, locked; call inside a transaction that
    only commits once the whole operation succeeded (so a refusal leaves no profile behind)."""
    username = actor.name[:150]
    profile, created = get_or_create_locked(
        LearnerProfile, {"course_key": course_key, "learner_id": actor.anonymous_id},
        {"username": username, "mentors_wanted": limit, "interests": interests or [],
         "last_activity_at": timezone.now(), "joined_at": timezone.now()},
    )
    if created:
        return profile
    changes = {"last_activity_at": timezone.now()}
    if profile.joined_at is None:  # known from their work until now (services/learners.py)
        changes["joined_at"] = changes["last_activity_at"]
    if profile.mentors_wanted != limit:
        changes["mentors_wanted"] = limit
    if username and profile.username != username:
        changes["username"] = username
    if interests is not None:
        changes["interests"] = interests
    LearnerProfile.objects.filter(pk=profile.pk).update(**changes)
    for name, value in changes.items():
        setattr(profile, name, value)
    return profile


def end_locked(assignment: Assignment, learner: LearnerProfile, by: str, reason: str, now) -> None:
    """End an active assignment; call inside a transaction holding the learner's lock."""
    ended = Assignment.objects.filter(pk=assignment.pk, active=True).update(
        active=False, active_learner=None, ended_at=now, ended_by=by, end_reason=reason[:500]
    )
    if not ended:
        raise Conflict("That assignment has already ended.")
    MentorProfile.objects.filter(pk=assignment.mentor_id, load__gt=0).update(load=F("load") - 1)
    LearnerProfile.objects.filter(pk=learner.pk, mentor_count__gt=0).update(mentor_count=F("mentor_count") - 1)


def pair_locked(course_key, learner: LearnerProfile, mentor_pk, limit, method, by="", reason="", replace=None,
                end_reason="switched", why="", why_rank=None) -> Assignment:
    """Pair a locked learner with a mentor, or raise Lost; call inside a transaction.

    With `replace` (an active Assignment of this learner) that pairing ends in the same
    transaction, so a switch never leaves the learner with none or with one too many.
    """
    if MentorProfile.objects.filter(pk=mentor_pk, mentor_id=learner.learner_id).exists():
        raise Lost(SELF)
    if replace is not None:
        end_locked(replace, learner, by or learner.learner_id, end_reason, timezone.now())
    took_place = LearnerProfile.objects.filter(pk=learner.pk, mentor_count__lt=limit).update(
        mentor_count=F("mentor_count") + 1
    )
    if not took_place:
        raise Lost(LEARNER_FULL)
    took_seat = MentorProfile.objects.filter(
        pk=mentor_pk, course_key=course_key, active=True, load__lt=F("capacity")
    ).update(load=F("load") + 1)
    if not took_seat:
        gone = not MentorProfile.objects.filter(pk=mentor_pk, course_key=course_key, active=True).exists()
        raise Lost(MENTOR_GONE if gone else MENTOR_FULL)
    try:
        with transaction.atomic():
            return Assignment.objects.create(
                course_key=course_key, learner_id=learner.learner_id, mentor_id=mentor_pk,
                active_learner=learner.learner_id, method=method, created_by=by, reason=reason[:500],
                why=why, why_rank=why_rank,
            )
    except IntegrityError:
        raise Lost(ALREADY_PAIRED) from None


def add(course_key, learner_id, mentor_pk, limit, method, by="", reason="", replace=None,
        end_reason="switched", why="", why_rank=None) -> Assignment:
    """Pair an existing learner with a mentor in one transaction, or raise Lost and change nothing."""
    with transaction.atomic():
        learner = lock_learner(course_key, learner_id)
        return pair_locked(course_key, learner, mentor_pk, limit, method, by, reason, replace, end_reason, why, why_rank)


def refused(lost: Lost) -> Conflict:
    return Conflict(REFUSALS[lost.why])


def add_or_refuse(*args, **kwargs) -> Assignment:
    try:
        return retrying(lambda: add(*args, **kwargs))
    except Lost as lost:
        raise refused(lost) from None


# --- automatic filling ------------------------------------------------------------------


def free_slots(course_key: str) -> list[MentorSlot]:
    rows = MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity")).values_list(
        "pk", "tags", "capacity", "load"
    )
    return [MentorSlot(str(pk), frozenset(tags), capacity, load) for pk, tags, capacity, load in rows]


def excluded_mentors(course_key: str, learner_id: str) -> frozenset[str]:
    """Mentors automatic matching never offers this learner: those they have or had (an ended
    pairing never comes back) and their own mentor profile, if they have one."""
    ids = set(
        Assignment.objects.filter(course_key=course_key, learner_id=learner_id).values_list("mentor_id", flat=True)
    )
    ids.update(MentorProfile.objects.filter(course_key=course_key, mentor_id=learner_id).values_list("pk", flat=True))
    return frozenset(str(pk) for pk in ids)


def fill(course_key: str, profile: LearnerProfile, limit: int, method: str, by: str = "",
         reason: str = "", why: str = "") -> list[Assignment]:
    """Give the learner their best free mentors until they have `limit`, the mentors they ranked first
    (core.matching.best_ranked); lost races are retried. Each pairing records why it was made: `why`
    when given, else rank, shared interests or load (core/why.py)."""
    made: list[Assignment] = []
    count = profile.mentor_count
    attempts = 0
    while count < limit and attempts < RETRIES * 2:
        attempts += 1
        need = LearnerNeed(profile.learner_id, frozenset(profile.interests), excluded_mentors(course_key, profile.learner_id))
        slots = free_slots(course_key)
        ranked = best_ranked(need, [str(pk) for pk in profile.ranked_mentors or []], slots)
        choice = ranked[0] if ranked else best_mentor(need, slots)
        if choice is None:
            break
        tags = next(slot.tags for slot in slots if slot.id == choice)
        code, rank = (why, None) if why else why_codes.automatic(ranked and ranked[1], profile.interests, tags)
        try:
            made.append(retrying(lambda: add(course_key, profile.learner_id, int(choice), limit, method, by, reason,
                                             why=code, why_rank=rank)))
            count += 1
        except Lost as lost:
            if lost.why == LEARNER_FULL:  # a parallel request already gave them their mentors
                break
    return made
