"""What the current learner has done in a block, for `student_view_user_state` (apps, tests)."""
from __future__ import annotations

from . import responses, roles
from .context import Actor, BlockRef
from .grading import Scoring, visible_grade
from .programme import my_mentors
from .progress import progress_for, progress_json


def user_state(ref: BlockRef, actor: Actor, content, scoring: Scoring | None = None) -> dict:
    """The learner's progress per segment, response per prompt, current mentors and grade (left out
    while the platform's show_correctness hides it: services/grading.visible_grade)."""
    rows = progress_for(ref, actor.anonymous_id)
    own = responses.own_responses(ref, actor.anonymous_id)
    as_learner = Actor(actor.anonymous_id, actor.name, roles.LEARNER)  # their own responses, as their author
    has_mentors = content.mentoring is not None and actor.role == roles.LEARNER
    mentors = my_mentors(ref.course_key, actor.anonymous_id) if has_mentors else []
    return {
        "segments": {s.id: progress_json(rows.get(s.id)) for s in content.segments},
        "responses": {p.id: responses.own_response_json(own.get(p.id), as_learner) for p in content.prompts},
        "mentors": mentors,
        **visible_grade(ref, actor, content, scoring or Scoring()),
    }
