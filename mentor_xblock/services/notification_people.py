"""Who a notification goes to and who it names: an address, a language, a display name.

We store people by anonymous id only; the platform port says who an id is (its address,
username, name and language preference) and who runs a course's programme. Mail names
people as they are known in the course: a mentor by the name on their card, anyone else
by their name on the platform, their username when they gave none.
"""
from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from .. import platform
from ..core.text import one_line
from ..models import LearnerProfile, MentorProfile, NotificationPreference, Response
from ..platform import Contact


def _default_language(course_key: str, anonymous_id: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(course_key=course_key, user_id=anonymous_id)
        .values_list("language", flat=True).first()
    )
    return chosen or platform.course_language(course_key) or settings.LANGUAGE_CODE


def contact(course_key: str, anonymous_id: str) -> Contact | None:
    """The person's address and language (their account's preference, else the language they use
    the block in, else the course's, else the site's), or None when they are unknown (retired, deleted)."""
    person = platform.contact(course_key, anonymous_id)
    if person is None or person.language:
        return person
    return replace(person, language=_default_language(course_key, anonymous_id))


def display_name(course_key: str, anonymous_id: str) -> str:
    """How mail names someone: a mentor by their card, others by their platform name, else their username."""
    if not anonymous_id:
        return ""
    card = (MentorProfile.objects.filter(course_key=course_key, mentor_id=anonymous_id)
            .values_list("display_name", flat=True).first())
    if card:
        return one_line(card)
    person = platform.contact(course_key, anonymous_id)
    if person is not None:
        return one_line(person.name or person.username)
    known = (LearnerProfile.objects.filter(course_key=course_key, learner_id=anonymous_id)
             .values_list("username", flat=True).first()
             or Response.objects.filter(course_key=course_key, learner_id=anonymous_id)
             .values_list("author_name", flat=True).first())
    return one_line(known or "")


def programme_staff(course_key: str) -> list[str]:
    """Anonymous ids of the course's programme staff: instructors, and course staff outside the mentor pool
    (the same split as services/roles.course_role)."""
    pool = set(MentorProfile.objects.filter(course_key=course_key).values_list("mentor_id", flat=True))
    return platform.programme_staff(course_key, pool)

