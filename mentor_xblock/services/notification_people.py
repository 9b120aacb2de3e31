"""Who a notification goes to, outside the request: an address, a language, a link.

We store people by anonymous id only; the platform port says who an id is (its address,
username and language preference) and who runs a course's programme.
"""
from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from .. import platform
from ..models import MentorProfile, NotificationPreference
from ..platform import Contact


def _default_language(course_key: str, anonymous_id: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(course_key=course_key, user_id=anonymous_id)
        .values_list("language", flat=True).first()
    )
    return chosen or settings.LANGUAGE_CODE


def contact(course_key: str, anonymous_id: str) -> Contact | None:
    """The person's address and language (theirs, else the one saved with their mail choice, else
    the site's), or None when they are unknown (retired, deleted)."""
    person = platform.contact(course_key, anonymous_id)
    if person is None or person.language:
        return person
    return replace(person, language=_default_language(course_key, anonymous_id))


def programme_staff(course_key: str) -> list[str]:
    """Anonymous ids of the course's programme staff: instructors, and course staff outside the mentor pool
    (the same split as services/roles.course_role)."""
    pool = set(MentorProfile.objects.filter(course_key=course_key).values_list("mentor_id", flat=True))
    return platform.programme_staff(course_key, pool)

