"""The course's mentor programme: one function per operation, each with its role check and transaction.

The programme (mentor pool, interests, assignments, change requests, rules) belongs to
the course, so every mentorship block in it shares it. Rooms:

- settings.py  the course's effective rules (the strictest of its blocks) and ProgrammeBlock
- pairing.py   making and ending pairings under the capacity rules (database-enforced)
- reading.py   what learners and mentors see (never writes)
- learner.py   join, interests, choosing, change requests
- staff.py     pool, manual assignment, change resolution, the staff overview
- bulk.py      optimal matching of everyone who still needs mentors (ranked mentors first)
- requests.py  mentor requests a mentor accepts or declines (mentor_approval), their expiry
- waiting.py   a place that frees up goes to the longest-waiting learners (auto), or they are told
- checkins.py  check-ins and closing reflections: what each side is asked, and their answers
- health.py    check-in figures and the pairings flagged for staff

Nothing is written before every check passed, and a refused request changes no row.
"""
from .bulk import REPORT_ROWS, BulkReport, auto_assign, match_course
from .checkins import answer_checkin, answer_closing, asked, checkin_json, closing_json
from .health import checkin_figures, flagged_page
from .learner import (
    MAX_REASON_CHARS,
    choose_mentor,
    dismiss_change_answer,
    join_programme,
    request_change,
    set_interests,
)
from .pairing import ALREADY_PAIRED, LEARNER_FULL, MENTOR_FULL, MENTOR_GONE, SELF, Lost, add
from .reading import MAX_INTERESTS, assignment_json, learner_state, mentor_json, mentor_summary, my_mentors
from .requests import answer_request, expire_due, mentor_inbox, request_json, withdraw_request
from .settings import (
    Settings,
    course_rules,
    course_settings,
    effective,
    record_block,
    record_if_new,
    replace_course_blocks,
    strictest,
)
from .staff import (
    MAX_BIO_CHARS,
    MAX_CAPACITY,
    MAX_MENTOR_TAGS,
    assign,
    end_assignment,
    programme_page,
    resolve_change_request,
    save_mentor,
)

# --- for other services (CSV import) ----------------------------------------------------

AssignmentRefused = Lost


def add_assignment(course_key: str, learner_id: str, mentor_pk: int, limit: int, method: str, by: str = "",
                   reason: str = "", why: str = ""):
    """Pair a learner with a mentor under the capacity rules, inside the caller's transaction.

    Raises AssignmentRefused (and changes nothing) when the learner already has `limit`
    mentors, the mentor is full or inactive, the pair already exists, or the mentor is the
    learner themselves. No retry here: inside an enclosing transaction the caller decides
    (see services/db.py). Callers should take `limit` from course_settings(course_key).
    """
    return add(course_key, learner_id, mentor_pk, limit, method, by=by, reason=reason, why=why)


__all__ = [
    "ALREADY_PAIRED", "LEARNER_FULL", "MAX_BIO_CHARS", "MAX_CAPACITY", "MAX_INTERESTS", "MAX_MENTOR_TAGS",
    "MAX_REASON_CHARS", "MENTOR_FULL", "MENTOR_GONE", "REPORT_ROWS", "SELF", "AssignmentRefused", "BulkReport",
    "Settings", "add_assignment", "answer_checkin", "answer_closing", "asked", "assign", "assignment_json", "auto_assign", "checkin_figures", "checkin_json", "choose_mentor",
    "closing_json", "course_rules", "course_settings",
    "effective", "end_assignment", "flagged_page", "join_programme", "learner_state", "match_course", "mentor_json",
    "mentor_summary", "my_mentors", "programme_page", "record_block", "record_if_new", "replace_course_blocks",
    "request_change", "dismiss_change_answer", "resolve_change_request", "answer_request", "expire_due", "mentor_inbox",
    "request_json", "withdraw_request", "save_mentor", "set_interests", "strictest",
]
