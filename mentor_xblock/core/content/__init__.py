"""Authored content of a mentorship block: immutable dataclasses and the one validator.

The same `validate_content` serves OLX import, the Studio editor and the block's field
loading, so what is accepted in one place is accepted everywhere. No Django or XBlock
imports: this is the pure core. Callers import from here; the parts are

| module        | holds |
|---------------|-------|
| model.py      | Content, Segment, Prompt, Mentoring (frozen; tuples), FieldError, ContentError, the choices |
| fields.py     | reading one field: text, numbers, choices, ids, tags (ID_PATTERN, TAG_PATTERN, parse_tags) |
| validation.py | validate_content, validate_settings and their limits (TRANSCRIPT_SRC_PATTERN, MAX_*) |
| authoring.py  | the Studio editor's form (to_editor), live item feedback (check_item), warnings (review) |
"""
from __future__ import annotations

from .authoring import check_item, review, to_editor
from .fields import ID_PATTERN, NOT_XML_CHARS, TAG_PATTERN, parse_tags
from .model import (
    COMPLETION_MODES, GRADING_MODES, LATE_POLICIES, STRATEGIES, TRANSCRIPT_FORMATS, VISIBILITIES, Content,
    ContentError, FieldError, Mentoring, Prompt, Segment,
)
from .validation import (
    MAX_DISPLAY_NAME, MAX_ITEMS, MAX_TAGS, MAX_TEXT, MAX_WEIGHT, TRANSCRIPT_SRC_PATTERN, validate_content,
    validate_settings,
)

__all__ = [
    "COMPLETION_MODES", "GRADING_MODES", "ID_PATTERN", "LATE_POLICIES", "MAX_DISPLAY_NAME", "MAX_ITEMS", "MAX_TAGS",
    "MAX_TEXT", "MAX_WEIGHT", "NOT_XML_CHARS", "STRATEGIES", "TAG_PATTERN", "TRANSCRIPT_FORMATS",
    "TRANSCRIPT_SRC_PATTERN", "VISIBILITIES", "Content", "ContentError", "FieldError", "Mentoring", "Prompt",
    "Segment", "check_item", "parse_tags", "review", "to_editor", "validate_content", "validate_settings",
]
