"""Mentor reviews of a response ("reviewed" / "needs revision", with a comment) and the learner
reading them; a review sets a mentor-assessed score and tells the learner."""
from __future__ import annotations

from django.utils import timezone

from ..core.criteria import LevelsError, level_entries, levels_of, share_of
from ..core.messages import N_
from ..errors import BadRequest, Forbidden, NotFound
from ..models import Response
from . import history, notification_events
from . import reflection_access as access
from .context import Actor, BlockRef
from .db import atomic_retrying
from .grading import MENTOR_ASSESSED, Scoring, score_learner
from .posting import MAX_REPLY_CHARS, TEXT_NAMES, locked_reply, locked_response, no_prompts, record_feedback, text_of


def _moderated_target(ref: BlockRef, prompts, actor: Actor, kind, target_id, refusal: str):
    """(item, its response), locked, for the author's mentors and staff (403 for others),
    if they may read it (404 otherwise: a draft, or a reply outside the block)."""
    if kind == "response":
        response = locked_response(ref, target_id)
        item = response
    elif kind == "reply":
        item, response = locked_reply(ref, target_id)
    else:
        raise BadRequest("The request must say whether it is about a response or a reply.")
    if not access.moderates(ref, actor, response):
        raise Forbidden(refusal)
    if not access.can_read(ref, prompts(response.prompt_id), actor, response):
        raise NotFound(N_("That {kind} does not exist in this block.", kind=TEXT_NAMES.get(kind, kind)))
    return item, response


REVIEW_STATUSES = ("reviewed", "needs_revision")


def review_response(ref: BlockRef, actor: Actor, response_id, status, comment="", prompts=no_prompts,
                    content=None, scoring: Scoring | None = None, levels=None) -> Response:
    """A mentor marks a response reviewed or asks for a revision, with a comment the learner sees and
    is mailed; `levels` pick a level of each of the prompt's criteria (core/criteria.py). Reviewing
    a reviewed response again changes the review (the history keeps both). In a mentor-assessed
    block (`content`) the review sets the learner's score, in the block's weight (`scoring`,
    services/grading.py): with criteria, the levels give the prompt's share."""
    response = _review(ref, actor, response_id, status, comment, prompts, content, levels)
    if content is not None and content.grading == MENTOR_ASSESSED:
        score_learner(ref, response.learner_id, content, scoring or Scoring(), actor.anonymous_id)
    notification_events.reviewed(ref, ref.place, response)
    return response


@atomic_retrying
def _review(ref: BlockRef, actor: Actor, response_id, status, comment, prompts, content=None, levels=None) -> Response:
    """A mentor marks a response reviewed or asks for a revision, with a comment the learner sees."""
    if status not in REVIEW_STATUSES:
        raise BadRequest("Choose a review: reviewed, or ask for a revision.")
    comment = text_of(comment or "", MAX_REPLY_CHARS, "comment")
    if status == "needs_revision" and not comment.strip():
        # The same words as the queue's form says (views/dashboards.py revision_needs_comment).
        raise BadRequest("Say what the learner should revise: a revision request needs a comment.")
    response, _ = _moderated_target(
        ref, prompts, actor, "response", response_id, "Only the learner's mentors and course staff can review responses."
    )
    prompt = content.prompt(response.prompt_id) if content is not None else None
    criteria = prompt.criteria if prompt is not None else ()
    try:
        picked = levels_of(criteria, levels)
    except LevelsError as problem:
        raise BadRequest(problem.message) from None
    if criteria and status == "reviewed" and picked is None:
        raise BadRequest(N_("Pick a level for each criterion before marking the response reviewed."))
    if picked is not None and not comment.strip():
        raise BadRequest(N_("Say why you picked these levels: a review with criteria needs a comment."))
    share = float(share_of(criteria, picked)) if picked is not None else None
    now = timezone.now()
    history.add_review(response, actor, status, comment, now, level_entries(criteria, picked or ()), share)
    record_feedback(
        response, actor, now, review_status=status, review_comment=comment, reviewed_by=actor.anonymous_id, reviewed_at=now,
        review_points=share if status == "reviewed" else None,
    )
    response.refresh_from_db()
    return response


def mark_feedback_seen(ref: BlockRef, actor: Actor, prompt) -> None:
    Response.objects.filter(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id).update(
        feedback_seen_at=timezone.now()
    )


