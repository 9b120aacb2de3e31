"""A mentor's view of one mentee (issue 21): every response of theirs in the course, oldest first,
with its rounds, reviews and replies, and the feedback still owed. For the learner's current
mentors and course staff; everyone else gets 403 (learners) or 404 (a learner who is not theirs).
Shape: docs/api.md `mentee`."""
from __future__ import annotations

from ..core.messages import N_
from ..errors import BadRequest, Forbidden, NotFound
from ..models import Assignment, LearnerProfile, Response
from . import history, roles
from .context import Actor, BlockRef
from .feedback_due import needs_feedback
from .paging import page_of
from .responses import replies_prefetch, response_json


def learner_keys(course_key: str, learner_ids) -> dict[str, int]:
    """The mentee view's key of each learner (their course profile's number): one query."""
    return dict(LearnerProfile.objects.filter(course_key=course_key, learner_id__in=list(learner_ids))
                .values_list("learner_id", "pk"))


def _mentee(ref: BlockRef, actor: Actor, learner_key) -> LearnerProfile:
    if actor.role not in (roles.MENTOR, roles.STAFF):
        raise Forbidden("Only mentors and course staff can read a mentee's conversation.")
    try:
        key = int(learner_key)
    except (TypeError, ValueError):
        raise BadRequest(N_("The request must identify the learner by their number in the mentees list.")) from None
    profile = LearnerProfile.objects.filter(course_key=ref.course_key, pk=key).first()
    if profile is None or (actor.role == roles.MENTOR and not Assignment.objects.filter(
            course_key=ref.course_key, active=True, mentor__mentor_id=actor.anonymous_id,
            learner_id=profile.learner_id).exists()):
        raise NotFound("That learner is not one of your mentees in this course.")
    return profile


def mentee_conversation(ref: BlockRef, actor: Actor, learner_key, content, page: int = 1) -> dict:
    """The mentee's submitted responses in this course, oldest first (20 a page), each with its rounds,
    reviews and replies, and the responses still waiting for feedback. A fixed number of queries."""
    profile = _mentee(ref, actor, learner_key)
    rows = Response.objects.filter(course_key=ref.course_key, learner_id=profile.learner_id, submitted_at__isnull=False)
    owed = list(needs_feedback(rows).order_by("round_at", "pk").values_list("pk", "block_key", "prompt_id", "round_at"))
    items, paging = page_of(rows.order_by("submitted_at", "pk").prefetch_related(replies_prefetch(True),
                                                                                   history.rounds_prefetch()),
                            page, rows.count())
    prompts = {p.id: p.text for p in content.prompts}
    criteria = {p.id: [c.to_dict() for c in p.criteria] for p in content.prompts}
    here = ref.block_key
    return {
        "learner": profile.username or profile.learner_id[:8],
        "learner_key": profile.pk,
        "owed": [{"response_id": pk, "prompt_id": prompt_id, "prompt": prompts.get(prompt_id, "") if block == here else "",
                  "in_this_block": block == here, "since": at.isoformat() if at else None}
                 for pk, block, prompt_id, at in owed],
        "responses": {
            **paging,
            "items": [{**response_json(row, actor, moderator=True), "in_this_block": row.block_key == here,
                       "prompt": prompts.get(row.prompt_id, "") if row.block_key == here else "",
                       "criteria": criteria.get(row.prompt_id, []) if row.block_key == here else [],
                       "review_status": row.review_status, "awaiting_feedback": row.awaiting_feedback}
                      for row in items],
        },
    }
