"""Who someone is in a course's mentoring programme, decided on the server.

- learner: no course staff access.
- mentor: course staff in the course's mentor pool (active or not); sees only their mentees.
- staff: course instructors, and course staff outside the pool; they run the programme and see all.
"""
from __future__ import annotations

from ..models import Assignment, MentorProfile
from ..platform import Viewer

LEARNER, MENTOR, STAFF = "learner", "mentor", "staff"


def course_role(course_key: str, viewer: Viewer) -> str:
    if not viewer.is_authenticated or not viewer.is_staff:
        return LEARNER
    if viewer.is_instructor:
        return STAFF
    in_pool = MentorProfile.objects.filter(course_key=course_key, mentor_id=viewer.anonymous_id).exists()
    return MENTOR if in_pool else STAFF


def mentor_ids_of(course_key: str, learner_id: str) -> set[str]:
    """Anonymous ids of the learner's current mentors."""
    return set(
        Assignment.objects.filter(course_key=course_key, learner_id=learner_id, active=True).values_list(
            "mentor__mentor_id", flat=True
        )
    )


def is_mentor_of(course_key: str, mentor_id: str, learner_id: str) -> bool:
    return Assignment.objects.filter(
        course_key=course_key, learner_id=learner_id, active=True, mentor__mentor_id=mentor_id
    ).exists()


def mentee_ids(course_key: str, mentor_id: str):
    """A subquery of the mentor's current mentees' anonymous ids (use it inside filters)."""
    return Assignment.objects.filter(course_key=course_key, active=True, mentor__mentor_id=mentor_id).values(
        "learner_id"
    )
