"""Mentor-assessed grading through the Open edX submissions API (edx-submissions).

As ORA2 and the staff-graded block do, the learner's work becomes a submission for the
student item (anonymous user id, course, usage key, item type) and the score is set on it
with `submissions.api.set_score`. That call sends `submissions.models.score_set`, which the
LMS's grades app handles (lms/djangoapps/grades/signals/handlers.py) for the *learner*, so
the gradebook updates while the mentor is the one making the request. A runtime "grade"
event would be credited to the mentor instead, so this mode never publishes one.

The score (docs/olx.md "Grading"): one point per prompt whose response a mentor marked
`reviewed`; `needs_revision` earns nothing until the revision is reviewed. Work sent after
the block's close date earns nothing, whenever the mentor reviews it (the participation
grade freezes at the close date for the same reason); the review of work sent on time
counts whenever it happens, since reviewing after the deadline is the normal case.
The submission stores response ids, never the text: personal text stays in our tables,
which user retirement clears.
"""
from __future__ import annotations

import logging

from submissions import api as submissions_api

from ..core.deadlines import Deadline
from ..models import Response
from .completion import completion_of
from .context import BlockRef

log = logging.getLogger(__name__)

ITEM_TYPE = "mentorship"
MENTOR_ASSESSED = "mentor_assessed"


def student_item(ref: BlockRef, learner_id: str) -> dict:
    return {"student_id": learner_id, "course_id": ref.course_key, "item_id": ref.block_key, "item_type": ITEM_TYPE}


def mentor_score(ref: BlockRef, learner_id: str, content, deadline: Deadline) -> tuple[int, int]:
    """(points earned, points possible) from the learner's reviewed responses: one query."""
    prompt_ids = {p.id for p in content.prompts}
    earned = 0
    rows = Response.objects.filter(
        block_key=ref.block_key, learner_id=learner_id, submitted_at__isnull=False, review_status="reviewed",
    ).values_list("prompt_id", "submitted_at", "edited_at")
    for prompt_id, submitted_at, edited_at in rows:
        if prompt_id in prompt_ids and not deadline.is_late(edited_at or submitted_at):
            earned += 1
    return earned, len(prompt_ids)


def _answer(ref: BlockRef, learner_id: str) -> dict:
    rows = Response.objects.filter(block_key=ref.block_key, learner_id=learner_id, submitted_at__isnull=False)
    return {"responses": {prompt_id: pk for prompt_id, pk in rows.values_list("prompt_id", "pk")}}


def record_submission(ref: BlockRef, learner_id: str) -> str:
    """A new submission for the learner's current work (each submit or edit is an attempt); its uuid."""

    return submissions_api.create_submission(student_item(ref, learner_id), _answer(ref, learner_id))["uuid"]


def score_learner(ref: BlockRef, learner_id: str, content, deadline: Deadline, scorer_id: str = "") -> dict:
    """Set the learner's score from their reviewed responses on their latest submission (created
    if they have none yet, e.g. work sent before the author switched to mentor assessment)."""

    earned, possible = mentor_score(ref, learner_id, content, deadline)
    latest = submissions_api.get_submissions(student_item(ref, learner_id), limit=1)
    uuid = latest[0]["uuid"] if latest else record_submission(ref, learner_id)
    submissions_api.set_score(
        uuid, earned, possible, annotation_creator=scorer_id or None,
        annotation_type="mentor_review" if scorer_id else None,
        annotation_reason="mentor review" if scorer_id else None,
    )
    return {"value": earned, "max_value": possible, "source": MENTOR_ASSESSED}


def grade_of(ref: BlockRef, learner_id: str, content) -> dict | None:
    """The learner's grade as the gradebook has it: {value, max_value, source}, or None (ungraded,
    or nothing scored yet)."""
    if content.grading == MENTOR_ASSESSED:

        score = submissions_api.get_score(student_item(ref, learner_id))
        if not score:
            return None
        return {"value": score["points_earned"], "max_value": score["points_possible"], "source": MENTOR_ASSESSED}
    if content.grading == "participation":

        return {"value": completion_of(ref, learner_id, content), "max_value": 1.0, "source": "participation"}
    return None
