"""Who counts as a learner of a course's programme: one rule for every report and figure.

A learner is someone with a LearnerProfile in the course who is not in the course's mentor
pool. Profiles are created only for viewers whose role is learner (never for staff or
mentors), when they join the mentor programme (an explicit action, services/programme)
and on their first learner work (progress, draft, submission) in any mentorship block —
the latter with `joined_at` empty, so they are counted but not matched until they join:
- staff who preview a block and record progress never become learners;
- someone who was a learner and later joined the mentor pool stops counting as one;
- a learner who only watched a clip in a block without mentoring still appears.
`progress.csv`, the programme figures and the large-export row count all use this.
"""
from __future__ import annotations

from django.utils import timezone

from ..models import LearnerProfile, MentorProfile
from . import roles


def programme_learners(course_key: str):
    """The course's learners (a LearnerProfile queryset; the pool is excluded by a subquery)."""
    pool = MentorProfile.objects.filter(course_key=course_key).values("mentor_id")
    return LearnerProfile.objects.filter(course_key=course_key).exclude(learner_id__in=pool)


def register_learner(course_key: str, learner_id: str, username: str, role: str) -> None:
    """Register someone doing learner work, once (one indexed read after that); staff and
    mentors (any role but learner) are never registered."""
    if role != roles.LEARNER or not learner_id:
        return
    lookup = {"course_key": course_key, "learner_id": learner_id}
    if LearnerProfile.objects.filter(**lookup).exists():
        return
    # One statement that a parallel first write cannot break (INSERT … ON CONFLICT DO NOTHING /
    # INSERT IGNORE): no savepoint around it, inside the caller's transaction too.
    LearnerProfile.objects.bulk_create(
        [LearnerProfile(**lookup, username=username[:150], last_activity_at=timezone.now())], ignore_conflicts=True
    )
