"""Course publish (edx-platform): record the published mentorship blocks' settings of the course.

apps.py connects `on_course_published` to edx-platform's SignalHandler.course_published
only when that is importable (inside Studio/the LMS). The publish happens in Studio, which
shares the database with the LMS, so the LMS then knows every published block of the
course without rendering any. `record_published_blocks` is the tested part; reading the
modulestore (`_published_mentorship_blocks`) runs only inside edx-platform and is kept
apart, small and untested here, following how edx-platform's own receivers read a course
(modulestore().get_items with a category qualifier on the published branch).
"""
from __future__ import annotations

import logging

from .settings import replace_course_blocks

log = logging.getLogger(__name__)


def record_published_blocks(course_key: str, blocks) -> int:
    """Make the course's recorded blocks exactly `blocks` (MentorXBlock instances); returns how many."""
    pairs = [(str(block.scope_ids.usage_id), block.authored.mentoring) for block in blocks]
    replace_course_blocks(str(course_key), pairs)
    return sum(1 for _key, mentoring in pairs if mentoring is not None)


def _plain(key):  # pragma: no cover - edx-platform keys only
    """A course or usage key without branch/version, as the LMS runtime names it."""
    if hasattr(key, "version_agnostic"):
        key = key.version_agnostic()
    if hasattr(key, "for_branch"):
        key = key.for_branch(None)
    return key


class _Published:  # pragma: no cover - edx-platform only
    """A published block with the key the LMS uses for it."""

    def __init__(self, item):
        self.scope_ids = type("Ids", (), {"usage_id": _plain(item.location)})()
        self.authored = item.authored


def _published_mentorship_blocks(course_key):  # pragma: no cover - needs edx-platform's modulestore
    from xmodule.modulestore import ModuleStoreEnum  # pylint: disable=import-error
    from xmodule.modulestore.django import modulestore  # pylint: disable=import-error

    store = modulestore()
    with store.branch_setting(ModuleStoreEnum.Branch.published_only, course_key):
        return [_Published(item) for item in store.get_items(course_key, qualifiers={"category": "mentorship"})]


def on_course_published(sender, course_key, **kwargs):  # pragma: no cover - edx-platform signal receiver
    """SignalHandler.course_published receiver; a failure is logged, never breaks the publish."""
    try:
        count = record_published_blocks(str(_plain(course_key)), _published_mentorship_blocks(course_key))
        log.info("Mentor programme: %d mentorship blocks recorded for %s", count, course_key)
    except Exception:  # pylint: disable=broad-except
        log.exception("Mentor programme: could not record the mentorship blocks of %s", course_key)
