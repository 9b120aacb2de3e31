"""Course publish: record the published mentorship blocks' settings of the course.

receivers.py calls this on edx-platform's course_published signal, with the blocks the
platform port read from the modulestore. The publish happens in Studio, which shares the
database with the LMS, so the LMS then knows every published block of the course without
rendering any.
"""
from __future__ import annotations

from .settings import replace_course_blocks


def record_published_blocks(course_key: str, blocks) -> int:
    """Make the course's recorded blocks exactly `blocks` (MentorXBlock instances); returns how many."""
    pairs = [(str(block.scope_ids.usage_id), block.authored.mentoring) for block in blocks]
    replace_course_blocks(str(course_key), pairs)
    return sum(1 for _key, mentoring in pairs if mentoring is not None)
