"""The one port to the platform: the only package that imports edx-platform or asks who a person is.

Everything the block needs from the site it runs in goes through the functions below
(who is asking, users by anonymous id, course staff, course keys, mail addresses, LMS
URLs, course assets, the platform's signals). They delegate to a backend class named by
the Django setting MENTOR_PLATFORM_BACKEND: by default `openedx.OpenEdxPlatform`, which
reads edx-platform; the xblock-sdk workbench names `mentor_xblock.dev.backend.WorkbenchPlatform`
in its settings. Nothing else in the package knows which one answers (docs/decisions/0002).
"""
from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from .links import absolute_url, site_root
from .openedx import Contact, provides_inherited_fields
from .viewer import ANONYMOUS, Viewer, current_request, masquerading, viewer_for

DEFAULT_BACKEND = "mentor_xblock.platform.openedx.OpenEdxPlatform"

__all__ = [
    "ANONYMOUS", "Contact", "Viewer", "absolute_url", "anonymous_ids_of_user", "asset_bytes", "asset_version",
    "backend", "catalogue_dirs", "connect_signals", "contact", "course_home", "course_language", "course_key_of", "current_request", "item_url", "link_for_recipient",
    "masquerading", "names_of_user", "plain_course_key", "published_blocks", "programme_staff", "provides_inherited_fields", "site_root", "staff_anonymous_id", "username_of",
    "viewer_for",
]


@functools.lru_cache(maxsize=4)
def _backend(path: str):
    return import_string(path)()


def backend():
    """The platform backend the settings name (one instance per process and setting)."""
    return _backend(getattr(settings, "MENTOR_PLATFORM_BACKEND", DEFAULT_BACKEND))


def course_key_of(usage_id) -> str:
    """The course a block belongs to, as a string."""
    return backend().course_key_of(usage_id)


def contact(course_key: str, anonymous_id: str) -> Contact | None:
    """A person's address, user id, username and language, or None when they are unknown (retired, deleted)."""
    return backend().contact(course_key, anonymous_id)


def username_of(course_key: str, anonymous_id: str) -> str | None:
    """The username behind an anonymous id (reports say who did what by username), or None."""
    return backend().username_of(course_key, anonymous_id)


def programme_staff(course_key: str, mentor_pool: set[str]) -> list[str]:
    """Anonymous ids of the course's programme staff: instructors, and course staff outside `mentor_pool`."""
    return backend().programme_staff(course_key, mentor_pool)


def staff_anonymous_id(user_service, username: str, course_key: str) -> str | None:
    """The anonymous id of a user with course staff access (a possible mentor), or None."""
    return backend().staff_anonymous_id(user_service, username, course_key)


def item_url(course_key: str, block_key: str, fragment: str) -> str:
    """Where a mail's link opens a block, scrolled to the element `fragment` names."""
    return backend().item_url(course_key, block_key, fragment)


def course_home(course_key: str) -> tuple[str, str]:
    """(the course's name, the address of its home page) for pages outside the course (unsubscribe)."""
    return backend().course_home(course_key)


def course_language(course_key: str) -> str:
    """The language the course is taught in, or ""."""
    return backend().course_language(course_key)


def catalogue_dirs() -> list:
    """(directory, gettext domain) pairs where the block's translations are, the first that has a language wins."""
    return backend().catalogue_dirs()


def link_for_recipient(url: str, username: str) -> str:
    """A mail's link as the recipient opens it (the workbench names the person in the address)."""
    return backend().link_for_recipient(url, username)


def anonymous_ids_of_user(user) -> list[str]:
    """Every anonymous id a platform user had, in any course (retirement)."""
    return backend().anonymous_ids_of_user(user)


def names_of_user(user) -> list[str]:
    """The names a platform user goes by (username, full name), for retirement to find in text."""
    return backend().names_of_user(user)


def asset_version(block_class, course_key, src: str) -> str | None:
    """A cheap fingerprint of a course asset's current content, or None if it does not exist."""
    return backend().asset_version(block_class, course_key, src)


def asset_bytes(block_class, course_key, src: str, limit: int) -> bytes | None:
    """A course asset's bytes (at most `limit` + 1 of them), or None."""
    return backend().asset_bytes(block_class, course_key, src, limit)


def connect_signals(on_course_published, on_user_retired) -> None:
    """Connect our receivers to the platform's course publish and user retirement signals (where they exist)."""
    backend().connect_signals(on_course_published, on_user_retired)


def plain_course_key(course_key) -> str:
    """A course key without branch or version, as the LMS names the course."""
    return backend().plain_course_key(course_key)


def published_blocks(course_key) -> list:
    """The published mentorship blocks of a course, as the LMS names them (course publish)."""
    return backend().published_blocks(course_key)
