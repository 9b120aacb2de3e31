"""Who a notification goes to, outside the request: an address, a language, a link.

We store people by anonymous id only. Inside edx-platform the id leads to the Django User
(`common.djangoapps.student.models.user_by_anonymous_id`), its email and its language
preference (`pref-lang`), and course staff come from the course's access roles. In the
workbench the development user service decides: user `<id>` has `<id>@example.com`
(docs/platform.md, "Mail"); the names it may be are the ones our tables already hold.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ..models import LearnerProfile, MentorProfile, NotificationPreference, Reply, Response


@dataclass(frozen=True)
class Contact:
    email: str
    lms_user_id: int | None
    username: str
    language: str


def _lms():
    """edx-platform's student models, or None outside the LMS."""
    try:
        from common.djangoapps.student import models as student  # pylint: disable=import-error,import-outside-toplevel
    except ImportError:
        return None
    return student


def _default_language(course_key: str, anonymous_id: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(course_key=course_key, user_id=anonymous_id)
        .values_list("language", flat=True).first()
    )
    return chosen or settings.LANGUAGE_CODE


def contact(course_key: str, anonymous_id: str) -> Contact | None:
    """The person's address and language, or None when they are unknown (retired, deleted)."""
    student = _lms()
    if student is not None:  # pragma: no cover - needs edx-platform
        user = student.user_by_anonymous_id(anonymous_id)
        if user is None or not user.is_active or not user.email:
            return None
        language = ""
        try:
            from openedx.core.djangoapps.user_api.preferences.api import get_user_preference  # pylint: disable=import-error

            language = get_user_preference(user, "pref-lang") or ""
        except ImportError:
            pass
        return Contact(user.email, user.id, user.username, language or _default_language(course_key, anonymous_id))
    username = _dev_username(course_key, anonymous_id)
    if username is None:
        return None
    from ..dev.user_service import user_id_for  # pylint: disable=import-outside-toplevel

    return Contact(f"{username}@example.com", user_id_for(username), username, _default_language(course_key, anonymous_id))


def username_of(course_key: str, anonymous_id: str) -> str | None:
    """The username behind an anonymous id (reports say who did what by username), or None."""
    student = _lms()
    if student is not None:  # pragma: no cover - needs edx-platform
        user = student.user_by_anonymous_id(anonymous_id)
        return user.username if user is not None else None
    return _dev_username(course_key, anonymous_id)


def _dev_username(course_key: str, anonymous_id: str) -> str | None:
    from ..dev.user_service import anonymous_id_for  # pylint: disable=import-outside-toplevel

    candidates = set(dev_staff_usernames())
    candidates.update(LearnerProfile.objects.filter(course_key=course_key, learner_id=anonymous_id).values_list("username", flat=True))
    candidates.update(MentorProfile.objects.filter(course_key=course_key, mentor_id=anonymous_id).values_list("username", flat=True))
    candidates.update(Response.objects.filter(course_key=course_key, learner_id=anonymous_id).values_list("author_name", flat=True)[:1])
    candidates.update(Reply.objects.filter(author_id=anonymous_id).values_list("author_name", flat=True)[:1])
    for name in candidates:
        if name and anonymous_id_for(name) == anonymous_id:
            return name
    return None


def dev_staff_usernames() -> list[str]:
    """Workbench only: who runs the programme (edx-platform asks the course's roles instead)."""
    return list(getattr(settings, "MENTOR_DEV_PROGRAMME_STAFF", ["staff_1"]))


def programme_staff(course_key: str) -> list[str]:
    """Anonymous ids of the course's programme staff: instructors, and course staff outside the mentor pool
    (the same split as services/roles.course_role)."""
    pool = set(MentorProfile.objects.filter(course_key=course_key).values_list("mentor_id", flat=True))
    student = _lms()
    if student is not None:  # pragma: no cover - needs edx-platform
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole  # pylint: disable=import-error
        from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-error

        key = CourseKey.from_string(course_key)
        found = []
        for user in CourseInstructorRole(key).users_with_role():
            found.append(student.anonymous_id_for_user(user, key))
        for user in CourseStaffRole(key).users_with_role():
            anonymous_id = student.anonymous_id_for_user(user, key)
            if anonymous_id not in pool:
                found.append(anonymous_id)
        return sorted(set(found))
    from ..dev.user_service import anonymous_id_for  # pylint: disable=import-outside-toplevel

    return sorted({anonymous_id_for(name) for name in dev_staff_usernames()} - pool)


def item_url(course_key: str, block_key: str, fragment: str) -> str:
    """Where the item opens: the LMS's jump_to for the block (it redirects to its unit), with the item's
    anchor; in the workbench, the scenario page that shows the block (`?student=` is added per recipient)."""
    from ..urls import site_root  # pylint: disable=import-outside-toplevel

    root = site_root()
    if "workbench" in settings.INSTALLED_APPS:
        scenario = _workbench_scenario(block_key)
        if scenario is not None:
            return f"{root}/scenario/{scenario}/#{fragment}"
    return f"{root}/courses/{course_key}/jump_to/{block_key}#{fragment}"


def _workbench_scenario(block_key: str) -> str | None:
    try:
        from workbench.scenarios import SCENARIOS  # pylint: disable=import-outside-toplevel
    except ImportError:  # pragma: no cover
        return None
    best = None
    for name, scenario in SCENARIOS.items():
        usage = str(scenario.usage_id)
        if block_key == usage or block_key.startswith(usage + "."):
            best = name
    return best


def for_recipient(url: str, username: str) -> str:
    """In the workbench the recipient is named in the page address (the dev user service reads ?student=)."""
    if "/scenario/" not in url or not username:
        return url
    base, _, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}student={username}" + (f"#{fragment}" if fragment else "")
