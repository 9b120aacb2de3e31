"""Learner operations: join the programme, set interests, choose a mentor, ask for a change.

Every check runs before anything is written, and what is written (the learner's
profile included) commits in the same transaction as the operation, so a refused
request changes no row. A learner joins by an explicit action (join_programme,
set_interests or choose_mentor), never by looking at a page.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ...core import why as why_codes
from ...core.content import parse_tags
from ...core.messages import N_, number
from ...core.text import clean_text
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...models import Assignment, ChangeRequest, LearnerProfile, MentorProfile
from .. import notification_events
from ..context import Actor, BlockRef
from ..db import retrying
from .pairing import SELF, Lost, add, fill, join_locked, lock_learner, pair_locked, refused, require_learner
from .reading import MAX_INTERESTS
from .requests import fall_through, parse_ranked, rank_of, request_choice, save_ranks
from .settings import Settings
from .waiting import fill_waiting

MAX_REASON_CHARS = 1000


def parse_interests(interests, settings: Settings) -> list[str]:
    if not isinstance(interests, list) or not all(isinstance(tag, str) for tag in interests):
        raise BadRequest("Choose your interests from the programme's topics.")
    chosen = parse_tags(interests)
    unknown = [tag for tag in chosen if tag not in settings.tags]
    if unknown:
        raise BadRequest(N_("Not a topic of this programme: {tags}.", tags=", ".join(unknown)))
    if len(chosen) > MAX_INTERESTS:
        raise BadRequest(N_("Choose at most {limit} interests.", limit=MAX_INTERESTS))
    return chosen


def _join(course_key: str, actor, settings: Settings, interests: list | None,
          ranked=None) -> tuple[LearnerProfile, list[Assignment]]:
    def run():
        with transaction.atomic():
            profile = join_locked(course_key, actor, settings.mentors_per_learner, interests)
            save_ranks(profile, ranked)
            return profile

    profile = retrying(run)
    made = []
    if settings.strategy == "auto" and profile.mentor_count < settings.mentors_per_learner:
        made = fill(course_key, profile, settings.mentors_per_learner, "auto")
    return profile, made


def _take_ranked(ref: BlockRef, settings: Settings, profile: LearnerProfile) -> tuple[list[Assignment], object]:
    """learner_choice, on joining with a ranking: a request to the first ranked mentor who can take the
    learner (mentor_approval), or a pairing with them."""
    if settings.strategy != "learner_choice" or profile.mentor_count >= settings.mentors_per_learner:
        return [], None
    if settings.approval:
        return [], fall_through(ref, settings, profile.learner_id, 0)
    for rank, mentor_pk in enumerate(profile.ranked_mentors, start=1):
        try:
            return [retrying(lambda: add(ref.course_key, profile.learner_id, mentor_pk, settings.mentors_per_learner,
                                         "choice", profile.learner_id, why=why_codes.RANK, why_rank=rank))], None
        except Lost:
            continue
    return [], None


def join_programme(ref: BlockRef, actor: Actor, settings: Settings, interests=None, ranked_mentors=None):
    """The learner joins (or, joined already, comes back): interests and a ranking of up to three mentors
    are optional ("skip"). Returns (profile, new assignments, a new mentor request or None).

    In `auto` a learner who lacks mentors is matched right after (their ranked mentors first), in separate
    transactions per pairing (joining stands even when nobody is free); both sides of a new pairing are
    told. In `learner_choice` a ranking takes (or, with mentor_approval, asks) the first ranked mentor
    with a free place."""
    require_learner(ref.course_key, actor)
    chosen = None if interests is None else parse_interests(interests, settings)
    ranked = parse_ranked(ref.course_key, actor, ranked_mentors)
    profile, made = _join(ref.course_key, actor, settings, chosen, ranked)
    request = None
    if ranked:
        taken, request = _take_ranked(ref, settings, profile)
        made += taken
    notification_events.assigned(ref, ref.place, made, by=actor.anonymous_id if settings.strategy == "learner_choice" else "")
    return profile, made, request


def set_interests(ref: BlockRef, actor: Actor, settings: Settings, interests) -> tuple[list[str], list[Assignment]]:
    """Save the learner's interests (joining them if they had not); in `auto`, match them if they lack mentors."""
    require_learner(ref.course_key, actor)
    chosen = parse_interests(interests, settings)
    _profile, made = _join(ref.course_key, actor, settings, chosen)
    notification_events.assigned(ref, ref.place, made)
    return chosen, made


def own_assignment(course_key: str, learner_id: str, assignment_id) -> Assignment:
    if isinstance(assignment_id, bool) or not isinstance(assignment_id, int):
        raise BadRequest("The request must identify the pairing by its number.")
    assignment = Assignment.objects.filter(
        pk=assignment_id, course_key=course_key, learner_id=learner_id, active=True
    ).first()
    if assignment is None:
        raise NotFound("You have no current mentor with that assignment id.")
    return assignment


def pool_mentor(course_key: str, mentor_id, active_only: bool = True) -> MentorProfile:
    if isinstance(mentor_id, bool) or not isinstance(mentor_id, int):
        raise BadRequest("The request must identify the mentor by their number.")
    mentor = MentorProfile.objects.filter(pk=mentor_id, course_key=course_key).first()
    if mentor is None or (active_only and not mentor.active):
        raise NotFound("There is no such mentor in this course's active pool.")
    return mentor


def choose_mentor(ref: BlockRef, actor: Actor, settings: Settings, mentor_id, replace=None, ranked_mentors=None):
    """`learner_choice`: take a place with a mentor (joining if needed); with `replace`, switch from a current one.
    The mentors on both sides are told. With `ranked_mentors` (up to three, first choice first) the ranking is
    kept and the choice is `mentor_id`, or the first ranked. With mentor_approval the choice is a request the
    mentor answers (services/programme/requests.py). Returns (assignment or None, replaced or None, request or None)."""
    course_key = ref.course_key
    require_learner(course_key, actor)
    if settings.strategy != "learner_choice":
        raise Forbidden("In this programme mentors are assigned, not chosen.")
    ranked = parse_ranked(course_key, actor, ranked_mentors)
    if mentor_id is None and ranked:
        mentor_id = ranked[0].pk
    mentor = pool_mentor(course_key, mentor_id)
    if mentor.mentor_id == actor.anonymous_id:
        raise refused(Lost(SELF))
    old = None
    if replace is not None:
        if not settings.allow_change:
            raise Forbidden("This programme does not allow changing mentors.")
        old = own_assignment(course_key, actor.anonymous_id, replace)
    limit = settings.mentors_per_learner
    if settings.approval:
        request, _created = request_choice(ref, actor, settings, mentor, ranked, old)
        return None, None, request

    def run():
        with transaction.atomic():
            learner = join_locked(course_key, actor, limit)
            save_ranks(learner, ranked)
            rank = rank_of(learner, mentor.pk) if ranked is not None else None
            return pair_locked(course_key, learner, mentor.pk, limit, "choice" if old is None else "change",
                               by=actor.anonymous_id, replace=old, end_reason="switched by the learner",
                               why=why_codes.RANK if rank else why_codes.LEARNER_CHOICE, why_rank=rank)

    try:
        made = retrying(run)
    except Lost as lost:
        raise refused(lost) from None
    notification_events.ended(ref, ref.place, old, "switched by the learner", by=actor.anonymous_id)
    notification_events.assigned(ref, ref.place, [made], by=actor.anonymous_id)
    if old is not None:  # the place left behind: the learners who wait to choose are told
        fill_waiting(ref, settings, actor.anonymous_id)
    return made, old, None


def request_change(ref: BlockRef, actor: Actor, settings: Settings, assignment_id, reason) -> ChangeRequest:
    """Ask the programme team for another mentor (one pending request at a time); the team is told."""
    course_key = ref.course_key
    require_learner(course_key, actor)
    if not settings.allow_change:
        raise Forbidden("This programme does not allow changing mentors.")
    if not isinstance(reason, str) or not clean_text(reason):
        raise BadRequest("Please give a reason for the change.")
    reason = clean_text(reason)
    if len(reason) > MAX_REASON_CHARS:
        raise BadRequest(N_("The reason is {length} characters long; the limit is {limit}.", length=number(len(reason)),
                            limit=number(MAX_REASON_CHARS)))
    assignment = own_assignment(course_key, actor.anonymous_id, assignment_id)

    def create():
        with transaction.atomic():
            lock_learner(course_key, actor.anonymous_id)  # one pending request at a time, even in parallel
            if ChangeRequest.objects.filter(
                course_key=course_key, learner_id=actor.anonymous_id, status=ChangeRequest.PENDING
            ).exists():
                raise Conflict("You already asked for a change; the programme team will answer it.")
            return ChangeRequest.objects.create(
                course_key=course_key, learner_id=actor.anonymous_id, assignment=assignment, reason=reason,
                block_key=ref.block_key,
            )

    change = retrying(create)
    notification_events.change_requested(ref, ref.place, change)
    return change


def dismiss_change_answer(ref: BlockRef, actor: Actor, request_id) -> None:
    """The learner has read the programme team's answer to their change request: stop showing it."""
    require_learner(ref.course_key, actor)
    if not isinstance(request_id, int) or isinstance(request_id, bool):
        raise BadRequest(N_("The request must give {what} as a whole number.", what="request_id"))
    done = ChangeRequest.objects.filter(
        pk=request_id, course_key=ref.course_key, learner_id=actor.anonymous_id,
        status__in=(ChangeRequest.APPROVED, ChangeRequest.DECLINED),
    ).update(answer_seen_at=timezone.now())
    if not done:
        raise NotFound("No answered request of yours has this id.")
