"""CSV exports for programme staff, streamed in chunks so memory stays flat for any course size.

Every cell passes through `cell`, which neutralises what a spreadsheet would run as a
formula; text is otherwise exported as typed. The rows of each report are produced by one
generator, used both for an immediate download and by the export task (services/export_jobs.py).
"""
from __future__ import annotations

import csv
import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from .. import platform
from ..core.messages import N_, Np_
from ..core.why import CSV
from ..errors import BadRequest, Forbidden
from ..models import Assignment, ClosingReflection, LearnerProfile, MentorProfile, Reply, Response, SegmentProgress
from . import notification_events, programme, roles
from .context import Actor, BlockRef
from .learners import programme_learners
from .response_report import CHUNK, RESPONSE_HEADER, chunks as _chunks, response_rows as _response_rows

REPORTS = ("assignments", "responses", "progress")
# What spreadsheets (Excel, LibreOffice, Google Sheets) start a formula or DDE call with,
# including the full-width forms some of them accept; tab and CR start one too.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# What a spreadsheet may skip before it looks for a formula, by Unicode category, not a list:
# format characters (Cf: U+200B–U+200F, U+2066, U+00AD, U+FEFF…), spaces and separators (Zs, Zl,
# Zp: U+00A0, U+3000…) and controls (Cc: tab, CR, LF…). A control among them (a tab or CR can start
# a formula itself) neutralises the cell whatever follows.
SKIPPED = frozenset(("Cf", "Zs", "Zl", "Zp", "Cc"))


def cell(value) -> str:
    """A CSV cell that no spreadsheet runs: text that starts like a formula after any format, space or
    separator characters (SKIPPED), or with a control character among those, gets a leading apostrophe.
    Numbers, booleans and dates are ours, never a formula, and are written as they are."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    skipped = 0
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            return "'" + text
        if category not in SKIPPED:
            break
        skipped += 1
    if text.startswith(FORMULA_STARTS, skipped):
        return "'" + text
    return text


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


def require_staff(actor: Actor) -> None:
    if actor.role != roles.STAFF:
        raise Forbidden("Only course staff running the programme can export reports.")


_require_staff = require_staff  # the import below predates the public name


def _usernames(course_key: str):
    return Subquery(
        LearnerProfile.objects.filter(course_key=course_key, learner_id=OuterRef("learner_id")).values("username")[:1]
    )


def _person(course_key: str, field: str):
    """The username behind an anonymous id in `field`: a mentor or learner of the course, or ""."""
    return Coalesce(
        Subquery(MentorProfile.objects.filter(course_key=course_key, mentor_id=OuterRef(field)).values("username")[:1]),
        Subquery(LearnerProfile.objects.filter(course_key=course_key, learner_id=OuterRef(field)).values("username")[:1]),
        Value(""),
    )


def _by(anonymous_id: str, known: str, course_key: str, cache: dict) -> str:
    """Who did it, by username: staff outside the pool are looked up once each (a handful)."""
    if not anonymous_id or known:
        return known
    if anonymous_id not in cache:

        cache[anonymous_id] = platform.username_of(course_key, anonymous_id) or anonymous_id
    return cache[anonymous_id]


def report_params(name: str, content, close: datetime | None) -> dict:
    """What a report needs from the block besides the database (JSON-able, kept with an export job)."""
    return {
        "segments": [s.id for s in content.segments] if name == "progress" else [],
        "prompts": [p.id for p in content.prompts] if name == "progress" else [],
        "close": close.isoformat() if close and name == "responses" else None,
    }


def report_rows(ref: BlockRef, name: str, params: dict) -> tuple[list[str], Iterator[list]]:
    """(header, rows) of a report; rows are read in chunks as they are consumed."""
    if name == "assignments":
        return ASSIGNMENT_HEADER, _assignment_rows(ref)
    if name == "responses":
        close = datetime.fromisoformat(params["close"]) if params.get("close") else None
        return RESPONSE_HEADER, _response_rows(ref, close)
    return _progress_header(params), _progress_rows(ref, params["segments"], params["prompts"])


def report_size(ref: BlockRef, name: str) -> int:
    """How many rows a report will have (one or two counting queries)."""
    if name == "assignments":
        return Assignment.objects.filter(course_key=ref.course_key).count()
    if name == "responses":
        submitted = Response.objects.filter(block_key=ref.block_key, submitted_at__isnull=False)
        return submitted.count() + Reply.objects.filter(response__in=submitted).count()
    return programme_learners(ref.course_key).count()


def export(ref: BlockRef, actor: Actor, name: str, params: dict) -> Iterator[bytes]:
    """A report as CSV lines, for programme staff only."""
    require_staff(actor)
    header, rows = report_rows(ref, name, params)
    return csv_lines(header, rows)


ASSIGNMENT_HEADER = [
    "learner", "mentor", "active", "method", "assigned_at", "assigned_by", "reason", "ended_at", "ended_by", "end_reason",
    "why", "why_rank", "learner_closing", "mentor_closing",
]


def _closing(who: str):
    """One side's closing reflection of the pairing (empty: none, or skipped)."""
    return Coalesce(Subquery(ClosingReflection.objects.filter(assignment=OuterRef("pk"), who=who).values("text")[:1]),
                    Value(""), output_field=TextField())


def _assignment_rows(ref: BlockRef) -> Iterator[list]:
    """Every assignment in the course, current and ended (the history)."""
    rows = Assignment.objects.filter(course_key=ref.course_key).select_related("mentor").annotate(
        learner_name=_usernames(ref.course_key),
        created_by_name=_person(ref.course_key, "created_by"),
        ended_by_name=_person(ref.course_key, "ended_by"),
        learner_closing=_closing("learner"), mentor_closing=_closing("mentor"),
    )
    staff: dict = {}
    for chunk in _chunks(rows):
        for a in chunk:
            yield [
                a.learner_name or a.learner_id, a.mentor.username or a.mentor.display_name, a.active, a.method,
                a.created_at, _by(a.created_by, a.created_by_name, ref.course_key, staff), a.reason, a.ended_at,
                _by(a.ended_by, a.ended_by_name, ref.course_key, staff), a.end_reason, a.why, a.why_rank,
                a.learner_closing, a.mentor_closing,
            ]


def _progress_header(params: dict) -> list[str]:
    header = ["learner", "segments_watched", "prompts_submitted"]
    return header + [f"segment:{s}" for s in params["segments"]] + [f"prompt:{p}" for p in params["prompts"]]


def _progress_rows(ref: BlockRef, segments: list[str], prompts: list[str]) -> Iterator[list]:
    """One row per learner of the course (services/learners.py): coverage of each segment and each prompt's status."""
    for chunk in _chunks(programme_learners(ref.course_key)):
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


# --- import ---------------------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000


def _import_rows(text: str) -> tuple[list[tuple[int, str, str]], list[dict]]:
    """(line, learner username, mentor username) rows, and problems found in the file's shape."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return [], [{"line": 1, "message": "The file is empty; expected a header line: learner,mentor"}]
    except csv.Error as exc:
        return [], [{"line": 1, "message": f"This is not a readable CSV file ({exc})."}]
    if "learner" not in header or "mentor" not in header:
        return [], [{"line": 1, "message": N_("The first line must name the columns learner and mentor.")}]
    li, mi = header.index("learner"), header.index("mentor")
    rows, problems = [], []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                # Alone: among thousands of row problems (sorted by line, 500 shown) it would be lost.
                return [], [{"line": line, "message": f"At most {MAX_IMPORT_ROWS:,} rows can be imported at once."}]
            learner = values[li].strip() if li < len(values) else ""
            mentor = values[mi].strip() if mi < len(values) else ""
            if not learner or not mentor:
                problems.append({"line": line, "message": N_("Both a learner and a mentor username are needed.")})
                continue
            rows.append((line, learner, mentor))
    except csv.Error as exc:
        problems.append({"line": reader.line_num, "message": N_("This line is not valid CSV ({problem}).", problem=str(exc))})
    return rows, problems


def import_assignments(ref: BlockRef, actor: Actor, text) -> list:
    """Assign learners to mentors from CSV (usernames), all or nothing.

    Every row is checked first (names known, mentor taking learners, no repeats,
    capacities and mentors per learner respected) and every problem is reported by
    line; only a file without problems is applied, in one transaction. The pairs' people are
    told by a Celery task once it has committed.
    """
    _require_staff(actor)
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("Send the CSV file's text in 'csv'.")
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise BadRequest(N_("The file is larger than {size} MB.", size=MAX_IMPORT_BYTES // (1024 * 1024)))
    rows, problems = _import_rows(text)
    learners = {
        p.username: p
        for p in LearnerProfile.objects.filter(course_key=ref.course_key, username__in={r[1] for r in rows})
    }
    mentors = {
        m.username: m for m in MentorProfile.objects.filter(course_key=ref.course_key, username__in={r[2] for r in rows})
    }
    current = set(
        Assignment.objects.filter(
            course_key=ref.course_key, active=True, learner_id__in=[p.learner_id for p in learners.values()]
        ).values_list("learner_id", "mentor_id")
    )
    seen, added_to, added_for = set(), defaultdict(int), defaultdict(int)
    plan = []
    for line, learner_name, mentor_name in rows:
        learner, mentor = learners.get(learner_name), mentors.get(mentor_name)
        if learner is None:
            problems.append({"line": line, "message": N_("The learner {name} has not visited the programme in this course.", name=learner_name)})
        if mentor is None:
            problems.append({"line": line, "message": N_("{name} is not in this course's mentor pool.", name=mentor_name)})
        elif not mentor.active:
            problems.append({"line": line, "message": N_("The mentor {name} is not taking learners.", name=mentor_name)})
        if learner is None or mentor is None or not mentor.active:
            continue
        pair = (learner.learner_id, mentor.pk)
        if pair in seen:
            problems.append({"line": line, "message": N_("This pair appears earlier in the file.")})
            continue
        seen.add(pair)
        if pair in current:
            problems.append({"line": line, "message": N_("{learner} already has {mentor} as a mentor.", learner=learner_name, mentor=mentor_name)})
            continue
        added_to[mentor.pk] += 1
        added_for[learner.learner_id] += 1
        if mentor.load + added_to[mentor.pk] > mentor.capacity:
            problems.append({"line": line, "message": N_("The mentor {name} would go over their capacity ({capacity}).", name=mentor_name,
                                                     capacity=mentor.capacity)})
        if learner.mentor_count + added_for[learner.learner_id] > learner.mentors_wanted:
            problems.append({"line": line, "message": Np_("{name} would have more than {n} mentor.",
                                                          "{name} would have more than {n} mentors.",
                                                          learner.mentors_wanted, name=learner_name)})
        plan.append((line, learner, mentor))
    if problems:
        problems.sort(key=lambda p: p["line"])
        raise BadRequest(
            Np_("{n} problem found; nothing was imported. Fix the line listed and import the file again.",
                "{n} problems found; nothing was imported. Fix the lines listed and import the file again.",
                len(problems)),
            errors=problems[:500],
        )

    made = []
    with transaction.atomic():
        for line, learner, mentor in plan:
            try:
                made.append(programme.add_assignment(ref.course_key, learner.learner_id, mentor.pk, learner.mentors_wanted,
                                         "csv", by=actor.anonymous_id, reason="CSV import", why=CSV))
            except programme.AssignmentRefused as refused:
                # Something changed since the check (another assignment raced in): undo the whole file.
                raise BadRequest(
                    "Nothing was imported: the programme changed while importing.",
                    errors=[{"line": line, "message": str(refused)}],
                ) from None
    notification_events.assigned_later(ref, ref.place, [assignment.pk for assignment in made])
    return made
