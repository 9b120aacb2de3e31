"""Our receivers of the platform's signals, connected when Django loads the app (apps.py).

- Course publish (Studio): record the published mentorship blocks' settings, so the LMS
  knows the course's programme rule (the strictest of its blocks) without rendering any.
- User retirement (LMS, USER_RETIRE_LMS_MISC): delete what we hold of the user.
"""
from __future__ import annotations

import logging

from . import platform
from .services.programme.published import record_published_blocks
from .services.retirement import retire

log = logging.getLogger(__name__)


def on_course_published(sender, course_key, **kwargs):  # pragma: no cover - edx-platform signal receiver
    """SignalHandler.course_published receiver; a failure is logged, never breaks the publish."""
    try:
        count = record_published_blocks(platform.plain_course_key(course_key),
                                        platform.published_blocks(course_key))
        log.info("Mentor programme: %d mentorship blocks recorded for %s", count, course_key)
    except Exception:  # pylint: disable=broad-except
        log.exception("Mentor programme: could not record the mentorship blocks of %s", course_key)


def on_user_retired(sender, user=None, **kwargs):  # pragma: no cover - edx-platform signal receiver
    retire(platform.anonymous_ids_of_user(user), names=platform.names_of_user(user))


def connect() -> None:
    platform.connect_signals(on_course_published, on_user_retired)
