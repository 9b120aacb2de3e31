"""Scores as the Open edX gradebook keeps them: pure arithmetic, no Django, no XBlock.

What the platform does (lms/djangoapps/grades/scores.py `get_score`, read from its code):
- a score set through the submissions API (edx-submissions) is used as the *weighted* score as
  it is: `points_earned / points_possible`; the block's `weight` is not applied to it;
- a runtime "grade" event (participation) is scaled: `value / max_value × weight` of `weight`;
- before any score, the possible points are `max_score()` scaled by `weight` (unscaled when the
  weight is None, and 0 of 0, "not graded", when the weight is 0).

edx-submissions stores whole points (`Score.points_earned` / `points_possible` are
PositiveIntegerFields, and `set_score` refuses 1.5). So a mentor-assessed block is worth its
weight as whole points, and a learner earns the whole points their reviewed share covers,
rounded down: full marks only for a fully reviewed learner, never more than the share.
The share is exact when the weight is a multiple of the number of prompts.

`show_correctness` is the platform's setting of the subsection (xmodule/graders.py
`ShowCorrectness.correctness_available`): "never" hides scores from learners, "past_due"
until the due date, and course staff see them unless it is "never".
"""
from __future__ import annotations

import math
from datetime import datetime

ALWAYS, NEVER, PAST_DUE = "always", "never", "past_due"
NEVER_BUT_INCLUDE_GRADE = "never_but_include_grade"  # newer releases: hidden from learners like "never"
HIDDEN_ALWAYS = (NEVER, NEVER_BUT_INCLUDE_GRADE)


def points_possible(weight: float | None, prompts: int) -> int:
    """The whole points a mentor-assessed block is worth in edx-submissions.

    The author's weight, as whole points (a fraction is rounded half up, to at least 1);
    0 for a weight of 0 (the block counts for nothing); the number of prompts when the
    weight is None (ORA2's convention: without a weight, the raw points are the grade)."""
    if weight is None:
        return prompts
    if weight <= 0:
        return 0
    return max(1, math.floor(weight + 0.5))


def mentor_points(reviewed, prompts: int, weight: float | None) -> tuple[int, int]:
    """(points earned, points possible): the reviewed share of the whole points, rounded down.
    `reviewed` is how many prompts a review counted: a whole number, or a Fraction when criteria
    levels give a prompt part of its share (core/criteria.py share_of)."""
    possible = points_possible(weight, prompts)
    if prompts <= 0:
        return 0, possible
    reviewed = min(max(reviewed, 0), prompts)
    return int(reviewed * possible // prompts), possible


def is_exact(weight: float | None, prompts: int) -> bool:
    """True when every reviewed share of the block is a whole number of points (the weight is a
    whole multiple of the number of prompts, or unset)."""
    if weight is None or weight == 0 or prompts <= 0:
        return True
    return float(weight).is_integer() and int(weight) % prompts == 0


def weighted(value: float, max_value: float, weight: float | None) -> tuple[float, float]:
    """A runtime grade event's score as the gradebook shows it (scores.py `weighted_score`)."""
    if weight is None or max_value == 0:
        return value, max_value
    return value * weight / max_value, float(weight)


def correctness_shown(show_correctness: str | None, due: datetime | None, now: datetime, staff: bool = False) -> bool:
    """May this viewer see their score now? As the platform's ShowCorrectness.correctness_available."""
    if show_correctness in HIDDEN_ALWAYS:
        return False
    if staff:
        return True
    if show_correctness == PAST_DUE:
        return due is None or due < now
    return True
