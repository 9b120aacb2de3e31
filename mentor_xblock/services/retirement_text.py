"""Where a retired user's ids and names linger in other people's rows: mail, and free text.

- `forget_in_mail` deletes the mail addressed to them and the mail about them: an item of theirs
  (the item keys of services/notification_events.py), a context that names them (the learner,
  author, mentor or new mentor) or holds one of their ids. Mail that only mentions them in
  someone else's words (an excerpt of a peer's reflection) is kept, with their names replaced.
- `scrub` replaces their names in others' free text (FREE_TEXT: reflections, replies, review
  comments, reports' reasons, change requests' reasons and notes, pairing reasons, bios, errors).

A name is matched as a whole word, ignoring case, and replaced by PLACEHOLDER. Names shorter than
MIN_NAME characters are not looked for (they would match ordinary words); ids always are.
"""
from __future__ import annotations

import json
import re

from django.db.models import Q

from ..models import (
    Assignment, ChangeRequest, ExportJob, Flag, MentorProfile, MentorRequest, Notification, Reply, Response, ResponseReview,
    ResponseVersion,
)

PLACEHOLDER = "(retired user)"
MIN_NAME = 3
CHUNK = 1000
NAME_FIELDS = ("learner", "author", "mentor", "new_mentor")  # where mail contexts name people
# "response:12@…", "review:12@…", "reply:7", "report:reply:7", "hidden:response:12@…", "assignment:3",
# "ended:3", "change:4", "change-resolved:4" (notification_events.py); report and hidden name the kind.
ITEM_KEY = re.compile(r"^(?P<what>[a-z-]+):(?:(?P<kind>response|reply):)?(?P<pk>\d+)")
FAMILY = {"response": "response", "review": "response", "reply": "reply", "assignment": "assignment",
          "ended": "assignment", "change": "change", "change-resolved": "change"}
# Others' free text that may mention someone: (model, the path to its course, columns).
FREE_TEXT = (
    (Response, "course_key", ("text", "draft", "review_comment", "hidden_reason")),
    (Reply, "response__course_key", ("text", "hidden_reason")),
    (ResponseVersion, "response__course_key", ("text",)),
    (ResponseReview, "response__course_key", ("comment", "reviewer_name")),
    (Flag, "course_key", ("reason",)),
    (ChangeRequest, "course_key", ("reason", "note")),
    (MentorRequest, "course_key", ("note",)),
    (Assignment, "course_key", ("reason", "end_reason")),
    (MentorProfile, "course_key", ("bio",)),
    (ExportJob, "course_key", ("error",)),
    (Notification, "course_key", ("last_error",)),
)


def needles(ids: list[str], names) -> list[str]:
    """What to look for: the ids, then the names long enough to search for, longest first."""
    found = {name.strip() for name in names if name and len(name.strip()) >= MIN_NAME} - set(ids)
    return [*ids, *sorted(found, key=lambda name: (-len(name), name))]


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in words), re.IGNORECASE)


def _replace(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(PLACEHOLDER, value)
    if isinstance(value, list):
        return [_replace(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern) for key, item in value.items()}
    return value


def mail_courses(ids: list[str]) -> list[str]:
    return list(Notification.objects.filter(recipient_id__in=ids).values_list("course_key", flat=True).distinct())


def _about(item_key: str, items: dict[str, set[int]]) -> bool:
    found = ITEM_KEY.match(item_key or "")
    if found is None:
        return False
    family = found["kind"] or FAMILY.get(found["what"])
    return family is not None and int(found["pk"]) in items.get(family, ())


def _names_them(context, names: set[str], ids: list[str]) -> bool:
    if not isinstance(context, dict):
        return False
    if any(str(context.get(field, "")).strip().casefold() in names for field in NAME_FIELDS):
        return True
    serialized = json.dumps(context, ensure_ascii=False)
    return any(anonymous_id in serialized for anonymous_id in ids)


def forget_in_mail(ids: list[str], words: list[str], courses, items: dict[str, set[int]]) -> int:
    """Delete the mail to or about them; replace their names in the rest. Returns the rows deleted."""
    deleted = Notification.objects.filter(recipient_id__in=ids).delete()[0]
    if not courses:
        return deleted
    names = {word.casefold() for word in words}
    pattern = _pattern(words)
    doomed, rewritten = [], []
    rows = Notification.objects.filter(course_key__in=list(courses)).values_list("pk", "item_key", "context")
    for pk, item_key, context in rows.iterator(chunk_size=CHUNK):
        if _about(item_key, items) or _names_them(context, names, ids):
            doomed.append(pk)
        elif pattern.search(json.dumps(context, ensure_ascii=False)):
            rewritten.append((pk, _replace(context, pattern)))
    for start in range(0, len(doomed), CHUNK):
        deleted += Notification.objects.filter(pk__in=doomed[start:start + CHUNK]).delete()[0]
    for pk, context in rewritten:
        Notification.objects.filter(pk=pk).update(context=context)
    return deleted


def scrub(words: list[str], courses) -> int:
    """Replace their names in others' free text in the courses they took part in; returns the rows changed."""
    if not words or not courses:
        return 0
    pattern = _pattern(words)
    changed = 0
    for model, course, columns in FREE_TEXT:
        for column in columns:
            limit = model._meta.get_field(column).max_length  # pylint: disable=protected-access
            mentions = Q()
            for word in words:
                mentions |= Q(**{f"{column}__icontains": word})
            rows = model.objects.filter(**{f"{course}__in": list(courses)}).filter(mentions).values_list("pk", column)
            for pk, value in list(rows):
                new = pattern.sub(PLACEHOLDER, value)
                if new != value:
                    model.objects.filter(pk=pk).update(**{column: new[:limit] if limit else new})
                    changed += 1
    return changed
