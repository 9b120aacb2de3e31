"""The LMS's Progress page score of one block, written from edx-platform's
lms/djangoapps/grades/scores.py (`get_score`, `weighted_score`), independently of mentor_xblock.

Precedence, as get_score has it: a score from the submissions API (`get_scores` of the
learner's course, which leaves out hidden 0-of-0 scores) is the weighted score as it is;
else a score from a runtime grade event (courseware StudentModule) is scaled by `weight`;
else 0 of the block's `max_score()` scaled by `weight`.
"""
from __future__ import annotations

from submissions import api as submissions_api


def weighted_score(raw_earned, raw_possible, weight):
    """scores.py weighted_score: unscaled when there is no weight or nothing possible."""
    if weight is None or raw_possible == 0:
        return raw_earned, raw_possible
    return float(raw_earned) * weight / raw_possible, float(weight)


def progress_score(block, course_id: str, anonymous_id: str, grade_event: dict | None = None):
    """(weighted earned, weighted possible) the Progress page shows for `block`, or None.

    `grade_event` is the last runtime "grade" event's data for the learner (what the LMS stores in
    StudentModule), if any."""
    weight = getattr(block, "weight", None)
    item_id = str(block.scope_ids.usage_id)
    submitted = submissions_api.get_scores(course_id, anonymous_id).get(item_id)
    if submitted:
        return submitted["points_earned"], submitted["points_possible"]
    if grade_event is not None and grade_event.get("max_value") is not None:
        return weighted_score(grade_event["value"], grade_event["max_value"], weight)
    raw_possible = block.max_score() if block.has_score else None
    if raw_possible is None:
        return None
    return weighted_score(0.0, raw_possible, weight)
