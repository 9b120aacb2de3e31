"""CSV exports for programme staff, streamed in chunks so memory stays flat for any course size.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
are prefixed with an apostrophe; learner text is otherwise exported as typed.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import OuterRef, Subquery

from ..errors import Forbidden
from ..models import Assignment, LearnerProfile, Reply, Response, SegmentProgress
from . import roles
from .progress import BlockRef
from .prompts import Actor

CHUNK = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """Encode rows one at a time (UTF-8 with a BOM so spreadsheets detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell(v) for v in values])
        return buffer.getvalue().encode("utf-8")

    yield "\ufeff".encode("utf-8") + line(header)
    for row in rows:
        yield line(row)


def _chunks(queryset) -> Iterator[list]:
    """Walk a queryset by primary key in fixed-size chunks (no OFFSET, no cursor held open)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _require_staff(actor: Actor) -> None:
    if actor.role != roles.STAFF:
        raise Forbidden("Only course staff running the programme can export reports.")


def _usernames(course_key: str):
    return Subquery(
        LearnerProfile.objects.filter(course_key=course_key, learner_id=OuterRef("learner_id")).values("username")[:1]
    )


ASSIGNMENT_HEADER = [
    "learner", "mentor", "active", "method", "assigned_at", "assigned_by", "reason", "ended_at", "ended_by", "end_reason",
]


def export_assignments(ref: BlockRef, actor: Actor) -> Iterator[bytes]:
    """Every assignment in the course, current and ended (the history)."""
    _require_staff(actor)
    rows = Assignment.objects.filter(course_key=ref.course_key).select_related("mentor").annotate(
        learner_name=_usernames(ref.course_key)
    )

    def generate():
        for chunk in _chunks(rows):
            for a in chunk:
                yield [
                    a.learner_name or a.learner_id, a.mentor.username or a.mentor.display_name, a.active, a.method,
                    a.created_at, a.created_by, a.reason, a.ended_at, a.ended_by, a.end_reason,
                ]

    return csv_lines(ASSIGNMENT_HEADER, generate())


RESPONSE_HEADER = [
    "kind", "response_id", "prompt_id", "learner", "author", "author_role", "created_at", "edited_at", "text",
    "review_status", "review_comment", "reviewed_at", "hidden", "flags",
]


def export_responses(ref: BlockRef, actor: Actor) -> Iterator[bytes]:
    """Submitted responses of this block, each followed by its replies."""
    _require_staff(actor)
    responses = Response.objects.filter(block_key=ref.block_key, submitted_at__isnull=False)

    def generate():
        for chunk in _chunks(responses):
            replies = defaultdict(list)
            for reply in Reply.objects.filter(response_id__in=[r.pk for r in chunk]).order_by("created_at", "pk"):
                replies[reply.response_id].append(reply)
            for r in chunk:
                yield [
                    "response", r.pk, r.prompt_id, r.author_name, r.author_name, "learner", r.submitted_at,
                    r.edited_at, r.text, r.review_status, r.review_comment, r.reviewed_at, r.hidden, r.flag_count,
                ]
                for reply in replies[r.pk]:
                    yield [
                        "reply", r.pk, r.prompt_id, r.author_name, reply.author_name, reply.author_role,
                        reply.created_at, reply.edited_at, reply.text, "", "", "", reply.hidden, reply.flag_count,
                    ]

    return csv_lines(RESPONSE_HEADER, generate())


def export_progress(ref: BlockRef, actor: Actor, content) -> Iterator[bytes]:
    """One row per learner of the course: coverage of each segment and each prompt's status."""
    _require_staff(actor)
    segments = [s.id for s in content.segments]
    prompts = [p.id for p in content.prompts]
    header = ["learner", "segments_watched", "prompts_submitted"]
    header += [f"segment:{s}" for s in segments] + [f"prompt:{p}" for p in prompts]
    learners = LearnerProfile.objects.filter(course_key=ref.course_key)

    def generate():
        for chunk in _chunks(learners):
            ids = [learner.learner_id for learner in chunk]
            coverage = defaultdict(dict)
            for row in SegmentProgress.objects.filter(block_key=ref.block_key, learner_id__in=ids).values_list(
                "learner_id", "segment_id", "coverage", "watched"
            ):
                coverage[row[0]][row[1]] = row[2:]
            status = defaultdict(dict)
            for learner_id, prompt_id, submitted_at, review in Response.objects.filter(
                block_key=ref.block_key, learner_id__in=ids
            ).values_list("learner_id", "prompt_id", "submitted_at", "review_status"):
                status[learner_id][prompt_id] = review or ("submitted" if submitted_at else "draft")
            for learner in chunk:
                mine, written = coverage[learner.learner_id], status[learner.learner_id]
                yield [
                    learner.username or learner.learner_id,
                    sum(1 for s in segments if mine.get(s, (0, False))[1]),
                    sum(1 for p in prompts if written.get(p) not in (None, "draft")),
                    *[round(mine.get(s, (0, False))[0], 4) for s in segments],
                    *[written.get(p, "") for p in prompts],
                ]

    return csv_lines(header, generate())
