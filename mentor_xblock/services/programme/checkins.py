"""Check-ins and closing reflections: how a pairing goes, and what its two sides take away (issue 22).

- **Check-ins.** `checkin_days` after a pairing starts (Assignment.created_at), and then every
  `checkin_days`, its learner and its mentor are each asked in the block how useful the mentoring
  is for them (1–5) with an optional note for the programme team. Check-in `period` n opens
  n × checkin_days after the start and stays open until the next one opens; only the open one
  can be answered (or skipped: "not now" records that this period was not answered, and is
  counted as missed). One answer per pairing, side and period, enforced by a unique index:
  a second answer (a double click, another device) is refused with 409 and changes nothing.
- **Closing reflections.** Once a pairing has ended (staff ended it or reassigned the learner, the
  learner switched, a change request was approved), each side is asked once, for
  CLOSING_WINDOW_DAYS, what they take away (optional; skipping counts as the answer).

Notes and reflections are for the programme team: neither side ever reads the other's
(staff read them in programme health, programme/health.py, and the assignments export).
The course's clock is the server's (timezone.now()).
"""
from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ...core.messages import N_
from ...core.text import clean_text
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...models import Assignment, CheckIn, ClosingReflection, LearnerProfile
from ...models.checkins import LEARNER, MENTOR
from ..context import Actor, BlockRef
from ..db import retrying
from .settings import Settings

MAX_NOTE_CHARS = 2000
MIN_RATING, MAX_RATING = 1, 5
CLOSING_WINDOW_DAYS = 60  # an ended pairing's reflection is asked for this long, then no more
MAX_ASKED = 10  # a mentor with many mentees sees at most this many open questions at once


def current_period(created_at, checkin_days: int, now=None) -> int:
    """The open check-in of a pairing that started at `created_at` (0: none yet, or check-ins off)."""
    if checkin_days <= 0:
        return 0
    return int(((now or timezone.now()) - created_at) // timedelta(days=checkin_days))


def _mine(course_key: str, anonymous_id: str):
    """The viewer's pairings on either side (they are never on both: nobody mentors themselves)."""
    return Assignment.objects.filter(Q(learner_id=anonymous_id) | Q(mentor__mentor_id=anonymous_id),
                                     course_key=course_key)


def _side(assignment: Assignment, anonymous_id: str) -> str:
    return LEARNER if assignment.learner_id == anonymous_id else MENTOR


def _partners(course_key: str, rows: list[Assignment], anonymous_id: str) -> dict[int, str]:
    """Who each pairing is with, as the viewer knows them: the mentor's name, or the mentee's username."""
    learners = [row.learner_id for row in rows if _side(row, anonymous_id) == MENTOR]
    usernames = dict(LearnerProfile.objects.filter(course_key=course_key, learner_id__in=learners)
                     .values_list("learner_id", "username")) if learners else {}
    return {row.pk: row.mentor.display_name if _side(row, anonymous_id) == LEARNER
            else usernames.get(row.learner_id) or row.learner_id[:8] for row in rows}


def asked(ref: BlockRef, actor: Actor, settings: Settings) -> dict:
    """What the viewer is asked now: open check-ins of their current pairings and closing
    reflections of recently ended ones, on either side (one query, and one more for each kind
    of question there is; nothing is written)."""
    if not actor.is_authenticated:
        return {"checkins": [], "closings": []}
    me, now = actor.anonymous_id, timezone.now()
    recent = Q(active=False, ended_at__gte=now - timedelta(days=CLOSING_WINDOW_DAYS))
    rows = list(_mine(ref.course_key, me).filter(Q(active=True) | recent if settings.checkin_days > 0 else recent)
                .select_related("mentor").order_by("created_at", "pk"))
    current = [row for row in rows if row.active]
    due = {row.pk: current_period(row.created_at, settings.checkin_days, now) for row in current}
    current = [row for row in current if due[row.pk] >= 1]
    ended = sorted((row for row in rows if not row.active), key=lambda row: row.ended_at, reverse=True)
    answered = set(CheckIn.objects.filter(assignment__in=[row.pk for row in current])
                   .values_list("assignment_id", "who", "period")) if current else set()
    closed = set(ClosingReflection.objects.filter(assignment__in=[row.pk for row in ended])
                 .values_list("assignment_id", "who")) if ended else set()
    checkins = [row for row in current if (row.pk, _side(row, me), due[row.pk]) not in answered][:MAX_ASKED]
    closings = [row for row in ended if (row.pk, _side(row, me)) not in closed][:MAX_ASKED]
    names = _partners(ref.course_key, checkins + closings, me)
    return {
        "checkins": [{"assignment_id": row.pk, "period": due[row.pk], "as": _side(row, me), "with": names[row.pk]}
                     for row in checkins],
        "closings": [{"assignment_id": row.pk, "as": _side(row, me), "with": names[row.pk],
                      "ended_at": row.ended_at.isoformat()} for row in closings],
    }


# --- input -----------------------------------------------------------------------------


def _whole(value, what) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(N_("The request must give {what} as a whole number.", what=what))
    return value


def _note(value, what) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(N_("The request must give {what} as text.", what=what))
    if len(value) > MAX_NOTE_CHARS:
        raise BadRequest(N_("{what} must be at most {limit} characters.", what=what, limit=MAX_NOTE_CHARS))
    return clean_text(value)


def _skip(data: dict) -> bool:
    skip = data.get("skip", False)
    if not isinstance(skip, bool):
        raise BadRequest("The request must say whether to skip this question (yes or no).")
    return skip


def _pairing(course_key: str, actor: Actor, assignment_id) -> tuple[Assignment, str]:
    """One of the viewer's pairings in this course, and their side of it; 404 for anyone else's."""
    if not actor.is_authenticated:
        raise Forbidden("Sign in to take part in the mentor programme.")
    assignment = (_mine(course_key, actor.anonymous_id).select_related("mentor")
                  .filter(pk=_whole(assignment_id, N_("which pairing"))).first())
    if assignment is None:
        raise NotFound("You have no such pairing in this course.")
    return assignment, _side(assignment, actor.anonymous_id)


def _create(model, **fields):
    """One answer, once: the unique index turns a second one (another device, a double click) into a 409."""
    def run():
        try:
            with transaction.atomic():
                return model.objects.create(**fields)
        except IntegrityError:
            raise Conflict("You have already answered this question.") from None

    return retrying(run)


# --- answers -----------------------------------------------------------------------------


def answer_checkin(ref: BlockRef, actor: Actor, settings: Settings, data: dict) -> CheckIn:
    """{"assignment_id", "period", "rating": 1–5, "note"?} or {"assignment_id", "period", "skip": true}:
    the viewer's answer to the open check-in of one of their current pairings."""
    if settings.checkin_days <= 0:
        raise Forbidden("This mentor programme has no check-ins.")
    skip = _skip(data)
    period = _whole(data.get("period"), N_("which check-in"))
    rating = data.get("rating")
    if skip:
        if rating is not None or data.get("note"):
            raise BadRequest("A skipped check-in has no rating and no note.")
    else:
        rating = _whole(rating, N_("the rating"))
        if not MIN_RATING <= rating <= MAX_RATING:
            raise BadRequest(N_("The rating must be from {low} to {high}.", low=MIN_RATING, high=MAX_RATING))
    note = _note(data.get("note"), N_("The note"))
    assignment, side = _pairing(ref.course_key, actor, data.get("assignment_id"))
    if not assignment.active:
        raise Conflict("This pairing has ended; it has no more check-ins.")
    now = timezone.now()
    due = current_period(assignment.created_at, settings.checkin_days, now)
    if period < 1 or period > due:
        raise BadRequest("That check-in is not open yet.")
    if period < due:
        raise Conflict("That check-in has closed; a newer one is open.")
    return _create(CheckIn, assignment=assignment, course_key=ref.course_key, who=side, period=period,
                   rating=None if skip else rating, note="" if skip else note, answered_at=now)


def answer_closing(ref: BlockRef, actor: Actor, data: dict) -> ClosingReflection:
    """{"assignment_id", "text"?} or {"assignment_id", "skip": true}: the viewer's closing reflection on
    one of their ended pairings (once)."""
    skip = _skip(data)
    text = _note(data.get("text"), N_("The reflection"))
    if skip and text:
        raise BadRequest("A skipped reflection has no text.")
    assignment, side = _pairing(ref.course_key, actor, data.get("assignment_id"))
    if assignment.active:
        raise Conflict("This pairing has not ended.")
    return _create(ClosingReflection, assignment=assignment, course_key=ref.course_key, who=side, text=text,
                   skipped=not text, answered_at=timezone.now())


def checkin_json(checkin: CheckIn) -> dict:
    """The answer, as its author reads it back (their note included: it is theirs)."""
    return {"assignment_id": checkin.assignment_id, "period": checkin.period, "as": checkin.who,
            "rating": checkin.rating, "skipped": checkin.rating is None, "note": checkin.note,
            "answered_at": checkin.answered_at.isoformat()}


def closing_json(closing: ClosingReflection) -> dict:
    return {"assignment_id": closing.assignment_id, "as": closing.who, "text": closing.text,
            "skipped": closing.skipped, "answered_at": closing.answered_at.isoformat()}
