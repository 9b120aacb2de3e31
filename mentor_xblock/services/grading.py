"""Mentor-assessed grading through the Open edX submissions API (edx-submissions), and a
learner's grade as the gradebook shows it.

As ORA2 and the staff-graded block do, the learner's work becomes a submission for the
student item (anonymous user id, course, usage key, item type) and the score is set on it
with `submissions.api.set_score`. That call sends `submissions.models.score_set`, which the
LMS's grades app handles (lms/djangoapps/grades/signals/handlers.py) for the *learner*, so
the gradebook updates while the mentor is the one making the request. A runtime "grade"
event would be credited to the mentor instead, so this mode never publishes one.

The score (docs/olx.md "Grading", core/scoring.py): the LMS uses a submissions score as the
weighted score as it is, so the score is set in the block's `weight` already: a learner
whose every prompt a mentor marked `reviewed` has `weight` of `weight` points, and a partly
reviewed learner the whole points their reviewed share covers (edx-submissions keeps whole
points). `needs_revision` earns nothing until the revision is reviewed. Work sent after the
block's close date earns nothing, whenever the mentor reviews it (the participation grade
freezes at the close date for the same reason); the review of work sent on time counts
whenever it happens, since reviewing after the deadline is the normal case.
The submission stores response ids, never the text: personal text stays in our tables,
which user retirement clears.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from django.utils import timezone
from submissions import api as submissions_api

from ..core.deadlines import Deadline
from ..core.scoring import ALWAYS, PAST_DUE, correctness_shown, mentor_points, points_possible, weighted
from ..models import Response
from . import notification_people as people
from . import roles
from .completion import completion_of
from .context import Actor, BlockRef

log = logging.getLogger(__name__)

ITEM_TYPE = "mentorship"
MENTOR_ASSESSED = "mentor_assessed"
PARTICIPATION = "participation"


@dataclass(frozen=True)
class Scoring:
    """How a block's score counts and is shown: the author's `weight`, the block's deadline (work
    sent after its close date earns nothing) and the platform's `show_correctness`."""

    weight: float | None = 1.0
    deadline: Deadline = field(default_factory=Deadline)
    show_correctness: str | None = ALWAYS


def student_item(ref: BlockRef, learner_id: str) -> dict:
    return {"student_id": learner_id, "course_id": ref.course_key, "item_id": ref.block_key, "item_type": ITEM_TYPE}


def _share(points) -> Fraction:
    """A review's share of its prompt: whole without criteria, else the criteria's (stored as a float)."""
    return Fraction(1) if points is None else Fraction(points).limit_denominator(1000)


def reviewed_prompts(ref: BlockRef, learner_ids, content, deadline: Deadline) -> dict[str, dict[str, Fraction]]:
    """Per learner, the block's prompts whose response earns its share, with the share: marked reviewed
    and sent (or last edited) before the close date; the share is 1, or what the criteria levels give
    (core/criteria.py share_of). One query for any number of learners."""
    prompt_ids = {p.id for p in content.prompts}
    counted: dict[str, dict[str, Fraction]] = {learner_id: {} for learner_id in learner_ids}
    rows = Response.objects.filter(
        block_key=ref.block_key, learner_id__in=list(counted), submitted_at__isnull=False, review_status="reviewed",
    ).values_list("learner_id", "prompt_id", "submitted_at", "edited_at", "review_points")
    for learner_id, prompt_id, submitted_at, edited_at, points in rows:
        if prompt_id in prompt_ids and not deadline.is_late(edited_at or submitted_at):
            counted[learner_id][prompt_id] = _share(points)
    return counted


def mentor_score(ref: BlockRef, learner_id: str, content, scoring: Scoring) -> tuple[int, int]:
    """(points earned, points possible) from the learner's reviewed responses: one query."""
    reviewed = reviewed_prompts(ref, [learner_id], content, scoring.deadline)[learner_id]
    return mentor_points(sum(reviewed.values(), Fraction(0)), len(content.prompts), scoring.weight)


def _answer(ref: BlockRef, learner_id: str) -> dict:
    rows = Response.objects.filter(block_key=ref.block_key, learner_id=learner_id, submitted_at__isnull=False)
    return {"responses": {prompt_id: pk for prompt_id, pk in rows.values_list("prompt_id", "pk")}}


def record_submission(ref: BlockRef, learner_id: str) -> str:
    """A new submission for the learner's current work (each submit or edit is an attempt); its uuid."""
    return submissions_api.create_submission(student_item(ref, learner_id), _answer(ref, learner_id))["uuid"]


def score_learner(ref: BlockRef, learner_id: str, content, scoring: Scoring, scorer_id: str = "") -> dict:
    """Set the learner's score from their reviewed responses on their latest submission (created
    if they have none yet, e.g. work sent before the author switched to mentor assessment).
    A block worth 0 points gets 0 of 0, which edx-submissions keeps hidden (as a reset score):
    the gradebook then shows the block as not graded, as it did before any review."""

    earned, possible = mentor_score(ref, learner_id, content, scoring)
    latest = submissions_api.get_submissions(student_item(ref, learner_id), limit=1)
    uuid = latest[0]["uuid"] if latest else record_submission(ref, learner_id)
    submissions_api.set_score(
        uuid, earned, possible, annotation_creator=scorer_id or None,
        annotation_type="mentor_review" if scorer_id else None,
        annotation_reason="mentor review" if scorer_id else None,
    )
    return {"value": earned, "max_value": possible, "source": MENTOR_ASSESSED}


def _reviews(ref: BlockRef, learner_id: str, content, deadline: Deadline) -> tuple[int, str]:
    """(how many prompts earn their share, who reviewed last) for one learner: one query."""
    prompt_ids = {p.id for p in content.prompts}
    counted, latest = set(), (None, "")
    rows = Response.objects.filter(block_key=ref.block_key, learner_id=learner_id, reviewed_at__isnull=False)
    for prompt_id, status, submitted_at, edited_at, reviewer, reviewed_at in rows.values_list(
        "prompt_id", "review_status", "submitted_at", "edited_at", "reviewed_by", "reviewed_at",
    ):
        if status == "reviewed" and prompt_id in prompt_ids and submitted_at is not None \
                and not deadline.is_late(edited_at or submitted_at):
            counted.add(prompt_id)
        if latest[0] is None or reviewed_at > latest[0]:
            latest = (reviewed_at, reviewer)
    return len(counted), latest[1]


def grade_of(ref: BlockRef, learner_id: str, content, scoring: Scoring) -> dict | None:
    """The learner's score as the gradebook (the Progress page) shows it, in points of the block's
    weight: {value, max_value, source, …}, or None when the block does not count (ungraded, or
    worth 0 points). Mentor-assessed: the score the submissions API holds (0 of `weight` before
    any review), how many prompts a review counted, and who reviewed last (display name)."""
    if content.grading == MENTOR_ASSESSED:
        score = submissions_api.get_score(student_item(ref, learner_id))
        if score:
            value, max_value = score["points_earned"], score["points_possible"]
        else:
            value, max_value = 0, points_possible(scoring.weight, len(content.prompts))
        if not max_value:
            return None
        reviewed, reviewer = _reviews(ref, learner_id, content, scoring.deadline)
        # Where the points came from: each counted prompt's share (1, or what its criteria levels gave).
        shares = reviewed_prompts(ref, [learner_id], content, scoring.deadline)[learner_id]
        return {"value": value, "max_value": max_value, "source": MENTOR_ASSESSED, "reviewed": reviewed,
                "prompts": len(content.prompts), "reviewed_by": people.display_name(ref.course_key, reviewer) or None,
                "shares": {prompt_id: float(share) for prompt_id, share in shares.items()}}
    if content.grading == PARTICIPATION:
        share = completion_of(ref, learner_id, content)
        value, max_value = weighted(share, 1.0, scoring.weight)
        if not max_value:
            return None
        return {"value": value, "max_value": max_value, "source": PARTICIPATION, "share": share}
    return None


def grade_shown(actor: Actor, scoring: Scoring, now: datetime | None = None) -> bool:
    """May the viewer see their score now (the platform's show_correctness; course staff and
    mentors see it unless it is "never")?"""
    return correctness_shown(scoring.show_correctness, scoring.deadline.due, now or timezone.now(),
                             staff=actor.role != roles.LEARNER)


def visible_grade(ref: BlockRef, actor: Actor, content, scoring: Scoring, now: datetime | None = None) -> dict:
    """{"grade": the learner's grade or None, "grade_hidden": bool, "grade_shown_at": ISO date or None}:
    the grade is left out while show_correctness hides it ("never"; "past_due" before the due date,
    which grade_shown_at then names)."""
    if content.grading not in (MENTOR_ASSESSED, PARTICIPATION) or not actor.is_authenticated:
        return {"grade": None, "grade_hidden": False, "grade_shown_at": None}
    if not grade_shown(actor, scoring, now):
        due = scoring.deadline.due
        later = scoring.show_correctness == PAST_DUE and due is not None
        return {"grade": None, "grade_hidden": True, "grade_shown_at": due.isoformat() if later else None}
    return {"grade": grade_of(ref, actor.anonymous_id, content, scoring), "grade_hidden": False, "grade_shown_at": None}


def review_previews(ref: BlockRef, content, scoring: Scoring, responses) -> dict[int, dict]:
    """What "Mark reviewed" and "Ask for a revision" would make of each response's learner's score,
    for a mentor's queue page (mentor-assessed blocks; empty otherwise). One query per page."""
    if content.grading != MENTOR_ASSESSED:
        return {}
    prompts = len(content.prompts)
    prompt_ids = {p.id for p in content.prompts}
    counted = reviewed_prompts(ref, {r.learner_id for r in responses}, content, scoring.deadline)

    def points(reviewed: dict) -> dict:
        earned, possible = mentor_points(sum(reviewed.values(), Fraction(0)), prompts, scoring.weight)
        return {"value": earned, "max_value": possible}

    previews = {}
    for response in responses:
        mine = counted[response.learner_id]
        others = {k: v for k, v in mine.items() if k != response.prompt_id}
        earns = response.prompt_id in prompt_ids and response.submitted_at is not None \
            and not scoring.deadline.is_late(response.edited_at or response.submitted_at)
        previews[response.pk] = {
            "score": points(mine),
            # With criteria: the score when every level is the highest; the queue computes the levels picked
            # from `others_share` (the other prompts' reviewed shares) and `prompts`.
            "score_if_reviewed": points({**others, response.prompt_id: Fraction(1)} if earns else mine),
            "score_if_revision": points(others),
            "others_share": float(sum(others.values(), Fraction(0))),
            "prompts": prompts,
            "late": not earns,
        }
    return previews
