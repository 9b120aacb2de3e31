"""What learners and mentors see of the programme. Read-only: nothing here writes a row."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from ...models import Assignment, ChangeRequest, LearnerProfile, MentorProfile
from ..context import Actor, BlockRef
from ..paging import PAGE_SIZE, page_number
from .pairing import require_learner
from .requests import learner_requests
from .settings import Settings

MAX_INTERESTS = 5
# How long the programme team's answer to a change request stays in the widget, unless dismissed.
ANSWER_SHOWN_FOR = timedelta(days=14)


def mentor_json(mentor: MentorProfile, interests=()) -> dict:
    """What a learner may see of a mentor: no roster, only the numbers."""
    return {
        "id": mentor.pk, "display_name": mentor.display_name, "bio": mentor.bio, "tags": list(mentor.tags),
        "contact_url": mentor.contact_url or None, "load": mentor.load, "capacity": mentor.capacity,
        "free": mentor.free, "shared_tags": [tag for tag in mentor.tags if tag in set(interests)],
    }


def assignment_json(assignment: Assignment, interests=()) -> dict:
    return {
        "assignment_id": assignment.pk, "method": assignment.method,
        "since": assignment.created_at.isoformat(), "mentor": mentor_json(assignment.mentor, interests),
        # Why the pairing was made (core/why.py); the learner reads it as a sentence (mentor_widget.html).
        "why": assignment.why, "why_rank": assignment.why_rank,
    }


def my_mentors(course_key: str, learner_id: str, interests=()) -> list[dict]:
    """The learner's current mentors, with their profiles (one query)."""
    mine = (Assignment.objects.filter(course_key=course_key, learner_id=learner_id, active=True)
            .select_related("mentor").order_by("created_at", "pk"))
    return [assignment_json(row, interests) for row in mine]


def _free_mentors(course_key: str, actor, mine: list):
    """Mentors with a free place who are not already the learner's, nor the learner themselves (pairing.SELF)."""
    return MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity")).exclude(
        pk__in=[entry["mentor"]["id"] for entry in mine]
    ).exclude(mentor_id=actor.anonymous_id)


def _answer_to_show(change, ref: BlockRef) -> bool:
    """The team's answer is news in the block where the learner asked (any block for requests from
    before blocks were recorded), until the learner dismisses it or ANSWER_SHOWN_FOR has passed."""
    if change is None or change.status not in (ChangeRequest.APPROVED, ChangeRequest.DECLINED):
        return False
    if change.answer_seen_at is not None or change.block_key not in ("", ref.block_key):
        return False
    return change.resolved_at is None or timezone.now() - change.resolved_at <= ANSWER_SHOWN_FOR


def learner_state(ref: BlockRef, actor: Actor, settings: Settings, page=1) -> dict:
    """Everything the learner's widget and the `mentors` handler show; a fixed number of queries.

    `state` is one of: "join" (not in the programme yet: answer or skip the interests
    question with join_programme), "assigned" (has all the mentors allowed), "choose"
    (learner_choice, places free), "requested" (learner_choice with mentor_approval: a request
    waits for the mentor's answer), "pending" (manual: a mentor will be assigned),
    "no_capacity" (nobody free), "waiting" (auto: joined, not matched yet).
    """
    course_key = ref.course_key
    require_learner(course_key, actor)
    page = page_number(page)
    profile = LearnerProfile.objects.filter(course_key=course_key, learner_id=actor.anonymous_id).first()
    interests = list(profile.interests) if profile else []
    mine = my_mentors(course_key, actor.anonymous_id, interests)
    # The learner's latest change request, pending or answered (the answer and the staff's note are theirs to read).
    latest = (ChangeRequest.objects.filter(course_key=course_key, learner_id=actor.anonymous_id)
              .order_by("-created_at", "-pk").first())
    pending = latest if latest is not None and latest.status == ChangeRequest.PENDING else None
    answered = latest if _answer_to_show(latest, ref) else None
    needs = len(mine) < settings.mentors_per_learner
    available, total = [], 0
    if settings.strategy == "learner_choice" and (needs or settings.allow_change):
        free = _free_mentors(course_key, actor, mine)
        total = free.count()
        start = (page - 1) * PAGE_SIZE
        rows = free.order_by("display_name", "pk")
        if interests:
            # Most shared interests first, then by name (a stable sort keeps the name order in ties).
            wanted = set(interests)
            rows = sorted(rows, key=lambda row: -len(wanted.intersection(row.tags)))
        rows = rows[start:start + PAGE_SIZE]
        available = [mentor_json(row, interests) for row in rows]
        any_free = total > 0
    else:
        any_free = needs and _free_mentors(course_key, actor, mine).exists()
    joined = profile is not None and profile.joined_at is not None
    request, last_request = learner_requests(course_key, actor.anonymous_id)
    rankable = [] if joined else [  # joining: the pool, to rank up to three mentors (optional)
        {"id": pk, "display_name": name} for pk, name in MentorProfile.objects.filter(course_key=course_key, active=True)
        .exclude(mentor_id=actor.anonymous_id).order_by("display_name", "pk").values_list("pk", "display_name")[:100]
    ]
    if not joined:
        state = "join"
    elif not needs:
        state = "assigned"
    elif request is not None:
        state = "requested"
    elif not any_free:
        state = "no_capacity" if settings.strategy != "manual" else "pending"
    else:
        state = {"learner_choice": "choose", "manual": "pending"}.get(settings.strategy, "waiting")
    return {
        "state": state, "joined": joined, "strategy": settings.strategy,
        "mentors_per_learner": settings.mentors_per_learner,
        "allow_change": settings.allow_change, "tags": list(settings.tags), "interests": interests,
        "max_interests": MAX_INTERESTS, "mentors": mine, "available": available,
        "mentor_approval": settings.approval, "request_expiry_days": settings.request_expiry_days,
        "ranked_mentors": list(profile.ranked_mentors or []) if profile else [], "max_ranks": 3, "rankable": rankable,
        "request": request, "last_request": last_request,
        "available_page": {"page": page, "page_size": PAGE_SIZE, "total": total},
        "pending_change": None if pending is None else {
            "id": pending.pk, "assignment_id": pending.assignment_id, "reason": pending.reason,
            "created_at": pending.created_at.isoformat(),
        },
        "last_change": None if answered is None else {
            "id": answered.pk, "status": answered.status, "note": answered.note,
            "resolved_at": answered.resolved_at.isoformat() if answered.resolved_at else None,
        },
    }


def pairing_reasons(course_key: str, mentor_anonymous_id: str, profiles: list) -> dict[str, dict]:
    """Why a mentor's current pairings with these learners (their LearnerProfile rows, already read)
    were made (the mentees table): one query."""
    interests = {profile.learner_id: profile.interests for profile in profiles}
    rows = (Assignment.objects.filter(course_key=course_key, active=True, mentor__mentor_id=mentor_anonymous_id,
                                      learner_id__in=list(interests)).select_related("mentor"))
    return {row.learner_id: {"why": row.why, "why_rank": row.why_rank,
                             "shared_tags": [t for t in row.mentor.tags if t in (interests.get(row.learner_id) or [])]}
            for row in rows}


def mentor_summary(ref: BlockRef, actor: Actor) -> dict:
    """What a mentor sees in the learner view: their own numbers, no names."""
    row = MentorProfile.objects.filter(course_key=ref.course_key, mentor_id=actor.anonymous_id).first()
    if row is None:
        return {}
    return {"display_name": row.display_name, "load": row.load, "capacity": row.capacity, "active": row.active}
