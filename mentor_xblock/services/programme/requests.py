"""Mentor requests: in `learner_choice` with `mentor_approval`, choosing a mentor asks them, and the
mentor accepts or declines (issue 22, "matches people choose").

- One pending request per learner and course (models/requests.py: a unique index), so a double
  click or a second device never makes two: the same choice again answers with the pending
  request, another mentor is refused (409) until it is answered, withdrawn or expired.
- Capacity is checked when the request is made and again when the mentor accepts (the pairing
  is made by pairing.pair_locked, with its conditional updates); it is not reserved, so a mentor
  whose places filled meanwhile cannot accept (409) and the request waits or expires.
- An accept after the request expired or was withdrawn is refused (409): the accept is a
  conditional update of a pending, unexpired row.
- A declined or expired request falls through to the learner's next ranked mentor who has a
  free place (a new request), or the learner is back to choosing; the learner is told either way.
- Requests expire `request_expiry_days` after they were made, by a Celery task scheduled with an
  `eta` on commit (an early or repeated run does nothing); `mentor_expire_requests` is the
  safety net when the broker lost it.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from ...core import why as why_codes
from ...core.matching import MAX_RANKS
from ...core.messages import N_
from ...core.text import clean_text
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...models import Assignment, LearnerProfile, MentorProfile, MentorRequest
from .. import notification_events, notification_requests, roles
from ..context import Actor, BlockRef
from ..db import retrying
from .pairing import (
    ALREADY_PAIRED, LEARNER_FULL, MENTOR_FULL, MENTOR_GONE, SELF, Lost, join_locked, lock_learner, pair_locked,
    refused,
)
from .settings import Settings, course_settings

log = logging.getLogger(__name__)
MAX_NOTE_CHARS = 1000


def parse_ranked(course_key: str, actor: Actor, value) -> list[MentorProfile] | None:
    """`ranked_mentors`: None, or one to three distinct mentors of the active pool, first choice first."""
    if value is None:
        return None
    if (not isinstance(value, list) or not 1 <= len(value) <= MAX_RANKS
            or any(isinstance(pk, bool) or not isinstance(pk, int) for pk in value)):
        raise BadRequest(N_("Rank one to {limit} mentors by their numbers.", limit=MAX_RANKS))
    if len(set(value)) != len(value):
        raise BadRequest("Rank each mentor only once.")
    found = {m.pk: m for m in MentorProfile.objects.filter(course_key=course_key, active=True, pk__in=value)}
    if len(found) != len(value):
        raise BadRequest("Rank only mentors of this course's active pool.")
    if any(mentor.mentor_id == actor.anonymous_id for mentor in found.values()):
        raise BadRequest("A mentor cannot be their own mentor.")
    return [found[pk] for pk in value]


def save_ranks(profile: LearnerProfile, ranked: list[MentorProfile] | None) -> None:
    """Keep the learner's ranking (inside their locked transaction)."""
    if ranked is not None:
        profile.ranked_mentors = [mentor.pk for mentor in ranked]
        LearnerProfile.objects.filter(pk=profile.pk).update(ranked_mentors=profile.ranked_mentors)


def rank_of(profile: LearnerProfile, mentor_pk: int) -> int | None:
    ranked = list(profile.ranked_mentors or [])
    return ranked.index(mentor_pk) + 1 if mentor_pk in ranked else None


# --- making a request -----------------------------------------------------------------------------


def request_locked(ref: BlockRef, learner: LearnerProfile, mentor_pk: int, limit: int, settings: Settings,
                   rank=None, replace: Assignment | None = None) -> tuple[MentorRequest, bool]:
    """The learner's pending request to this mentor (created: True) or the one they already have for
    them (False); Lost or Conflict when it may not be made. Inside the learner's locked transaction."""
    pending = MentorRequest.objects.filter(course_key=ref.course_key, pending_learner=learner.learner_id).first()
    if pending is not None:
        if pending.mentor_id == mentor_pk:
            return pending, False  # the same choice again (a double click, a second device)
        raise Conflict("You already asked a mentor; wait for their answer or withdraw your request first.")
    mentor = MentorProfile.objects.filter(pk=mentor_pk, course_key=ref.course_key).first()
    if mentor is None or not mentor.active:
        raise Lost(MENTOR_GONE)
    if mentor.mentor_id == learner.learner_id:
        raise Lost(SELF)
    if mentor.load >= mentor.capacity:
        raise Lost(MENTOR_FULL)
    if replace is None and learner.mentor_count >= limit:
        raise Lost(LEARNER_FULL)
    if Assignment.objects.filter(mentor_id=mentor_pk, active_learner=learner.learner_id).exists():
        raise Lost(ALREADY_PAIRED)
    try:
        with transaction.atomic():
            made = MentorRequest.objects.create(
                course_key=ref.course_key, block_key=ref.block_key, place=(ref.place or "")[:255],
                learner_id=learner.learner_id, pending_learner=learner.learner_id, mentor_id=mentor_pk, rank=rank,
                replace=replace, expires_at=timezone.now() + timedelta(days=settings.request_expiry_days),
            )
    except IntegrityError:  # another request won the race (the learner's lock makes this rare)
        raise Conflict("You already asked a mentor; wait for their answer or withdraw your request first.") from None
    return made, True


def made_request(ref: BlockRef, request: MentorRequest) -> None:
    """After a new request: its expiry is scheduled and the mentor is told, once it has committed."""
    pk, due = request.pk, request.expires_at
    transaction.on_commit(lambda: _schedule_expiry(pk, due))
    notification_requests.requested(ref, request)


def _schedule_expiry(pk: int, due) -> None:
    try:
        expire_mentor_requests.apply_async(kwargs={"request_id": pk}, eta=due)
    except Exception:  # pylint: disable=broad-except  # mentor_expire_requests expires it then
        log.exception("Could not schedule the expiry of mentor request %s", pk)


def request_choice(ref: BlockRef, actor: Actor, settings: Settings, mentor: MentorProfile, ranked, replace,
                   interests=None) -> tuple[MentorRequest, bool]:
    """The learner's choice as a request to the mentor (joining them if needed; keeping their ranking)."""

    def run():
        with transaction.atomic():
            learner = join_locked(ref.course_key, actor, settings.mentors_per_learner, interests)
            save_ranks(learner, ranked)
            return request_locked(ref, learner, mentor.pk, settings.mentors_per_learner, settings,
                                  rank_of(learner, mentor.pk), replace)

    try:
        request, created = retrying(run)
    except Lost as lost:
        raise refused(lost) from None
    if created:
        made_request(ref, request)
    return request, created


def fall_through(ref: BlockRef, settings: Settings | None, learner_id: str, after_rank) -> MentorRequest | None:
    """After a decline or an expiry: a request to the learner's next ranked mentor who can take them, or None
    (the learner is back to choosing)."""
    if settings is None or not settings.approval or after_rank is None:
        return None
    profile = LearnerProfile.objects.filter(course_key=ref.course_key, learner_id=learner_id).first()
    ranked = list(profile.ranked_mentors or []) if profile else []
    for rank in range(after_rank + 1, len(ranked) + 1):
        def run(mentor_pk=ranked[rank - 1], rank=rank):
            with transaction.atomic():
                learner = lock_learner(ref.course_key, learner_id)
                return request_locked(ref, learner, mentor_pk, settings.mentors_per_learner, settings, rank)

        try:
            request, created = retrying(run)
        except (Lost, Conflict, NotFound):
            continue
        if created:
            made_request(ref, request)
        return request
    return None


# --- answering ------------------------------------------------------------------------------------


def _own_request(course_key: str, actor: Actor, request_id, mentor_side: bool) -> MentorRequest:
    if isinstance(request_id, bool) or not isinstance(request_id, int):
        raise BadRequest("The request must identify the mentor request by its number.")
    found = MentorRequest.objects.filter(pk=request_id, course_key=course_key).select_related("mentor").first()
    mine = found is not None and (found.mentor.mentor_id if mentor_side else found.learner_id) == actor.anonymous_id
    if not mine:
        raise NotFound("There is no such request for you.")
    return found


def answer_request(ref: BlockRef, actor: Actor, settings: Settings, request_id, accept, note="") -> dict:
    """The mentor accepts (the pairing is made) or declines (with an optional note) a pending request."""
    if not actor.is_authenticated or actor.role != roles.MENTOR:
        raise Forbidden("Only mentors in this course's mentor pool answer requests.")
    if not isinstance(accept, bool):
        raise BadRequest("The answer must say whether you accept the request (yes or no).")
    if not isinstance(note, str):
        raise BadRequest("The note must be text.")
    note = clean_text(note)
    if len(note) > MAX_NOTE_CHARS:
        raise BadRequest(N_("The note is {length} characters long; the limit is {limit}.", length=len(note),
                            limit=MAX_NOTE_CHARS))
    request = _own_request(ref.course_key, actor, request_id, mentor_side=True)

    def run():
        with transaction.atomic():
            learner = lock_learner(ref.course_key, request.learner_id)
            now = timezone.now()
            made = old = None
            if accept:
                old = request.replace if request.replace_id and request.replace.active else None
                made = pair_locked(
                    ref.course_key, learner, request.mentor_id, settings.mentors_per_learner, "choice",
                    by=actor.anonymous_id, replace=old, end_reason="switched by the learner",
                    why=why_codes.RANK if request.rank else why_codes.LEARNER_CHOICE, why_rank=request.rank,
                )
            status = MentorRequest.ACCEPTED if accept else MentorRequest.DECLINED
            if not MentorRequest.objects.filter(pk=request.pk, status=MentorRequest.PENDING, expires_at__gt=now).update(
                status=status, pending_learner=None, answered_at=now, note=note, assignment=made,
            ):
                raise Conflict("That request is no longer waiting for an answer: it was withdrawn, answered "
                               "or has expired.")
            return made, old

    try:
        made, old = retrying(run)
    except Lost as lost:
        raise refused(lost) from None
    request.refresh_from_db()
    following = None
    if accept:
        notification_events.ended(ref, ref.place, old, "switched by the learner", learner=False, by=actor.anonymous_id)
        notification_events.assigned(ref, ref.place, [made], learner=False, by=actor.anonymous_id)
    else:
        following = fall_through(ref, settings, request.learner_id, request.rank)
    notification_requests.answered(ref, request, following)
    return {"request": request, "assignment": made, "replaced": old, "next": following}


def withdraw_request(ref: BlockRef, actor: Actor, request_id) -> MentorRequest:
    """The learner withdraws their pending request (then they may choose again)."""
    request = _own_request(ref.course_key, actor, request_id, mentor_side=False)
    if not MentorRequest.objects.filter(pk=request.pk, status=MentorRequest.PENDING).update(
        status=MentorRequest.WITHDRAWN, pending_learner=None, answered_at=timezone.now(),
    ):
        raise Conflict("That request is no longer waiting for an answer.")
    request.refresh_from_db()
    return request


# --- expiry ---------------------------------------------------------------------------------------


def expire_due(request_id: int | None = None) -> int:
    """Expire the pending requests past their time (one, or all): each falls through to the learner's next
    ranked mentor or leaves them choosing, and the learner is told. Repeated or early runs change nothing."""
    due = MentorRequest.objects.filter(status=MentorRequest.PENDING, expires_at__lte=timezone.now())
    if request_id is not None:
        due = due.filter(pk=request_id)
    count = 0
    for request in list(due.select_related("mentor").order_by("expires_at", "pk")[:1000]):
        if not MentorRequest.objects.filter(pk=request.pk, status=MentorRequest.PENDING).update(
            status=MentorRequest.EXPIRED, pending_learner=None, answered_at=timezone.now(),
        ):
            continue  # answered or expired meanwhile
        count += 1
        request.status = MentorRequest.EXPIRED
        ref = BlockRef(request.course_key, request.block_key, request.place)
        following = fall_through(ref, course_settings(request.course_key), request.learner_id, request.rank)
        notification_requests.answered(ref, request, following)
    return count


@shared_task(name="mentor_xblock.expire_mentor_requests", ignore_result=True)
def expire_mentor_requests(request_id: int | None = None) -> None:
    """The Celery task due when a request expires (services/programme/requests.py)."""
    expire_due(request_id)


# --- reading --------------------------------------------------------------------------------------


def request_json(request: MentorRequest) -> dict:
    return {"id": request.pk, "status": request.status, "mentor_id": request.mentor_id,
            "mentor": request.mentor.display_name, "rank": request.rank, "note": request.note,
            "created_at": request.created_at.isoformat(), "expires_at": request.expires_at.isoformat(),
            "answered_at": request.answered_at.isoformat() if request.answered_at else None}


def learner_requests(course_key: str, learner_id: str) -> tuple[dict | None, dict | None]:
    """(the pending request, the latest answered one unless accepted or withdrawn) for the learner's widget."""
    latest = list(MentorRequest.objects.filter(course_key=course_key, learner_id=learner_id)
                  .select_related("mentor").order_by("-created_at", "-pk")[:2])
    pending = next((r for r in latest if r.status == MentorRequest.PENDING), None)
    answered = next((r for r in latest if r.status != MentorRequest.PENDING), None)
    if answered is not None and answered.status in (MentorRequest.ACCEPTED, MentorRequest.WITHDRAWN):
        answered = None
    return (request_json(pending) if pending else None), (request_json(answered) if answered else None)


def mentor_inbox(ref: BlockRef, actor: Actor) -> list[dict]:
    """The pending requests to this mentor, oldest first (at most 100), with what the learner told the programme."""
    if not actor.is_authenticated or actor.role != roles.MENTOR:
        raise Forbidden("Only mentors in this course's mentor pool answer requests.")
    rows = list(MentorRequest.objects.filter(
        course_key=ref.course_key, mentor__mentor_id=actor.anonymous_id, status=MentorRequest.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("mentor").order_by("created_at", "pk")[:100])
    profiles = {p.learner_id: p for p in LearnerProfile.objects.filter(
        course_key=ref.course_key, learner_id__in=[r.learner_id for r in rows])}
    answer = []
    for row in rows:
        profile = profiles.get(row.learner_id)
        interests = list(profile.interests) if profile else []
        answer.append({**request_json(row), "learner": (profile.username if profile else "") or row.learner_id[:8],
                       "interests": interests, "shared_tags": [t for t in row.mentor.tags if t in interests]})
    return answer
