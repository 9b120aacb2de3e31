"""The mentor's view of a block: mentees, the feedback queue, turnaround; and the programme figures.

Every list is paged and every figure is a fixed number of indexed queries, whatever
the number of learners (tests count the queries; docs/benchmarks.md measures them).
"""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..core.messages import N_
from ..core.moments import moment_of
from ..errors import BadRequest, Forbidden
from ..models import Assignment, LearnerProfile, MentorProfile, Response, SegmentProgress
from . import roles
from .context import Actor, BlockRef
from .feedback_due import needs_feedback, overdue_q, waiting_since
from .grading import Scoring, review_previews
from .history import NOT_REVISED, revised_items
from .learners import programme_learners
from .paging import page_of
from .programme.reading import pairing_reasons
from .programme.health import checkin_figures

QUEUE_COUNT_CAP = 1000
MAX_SEARCH = 100
# A review changes no score outside mentor-assessed blocks.
NO_PREVIEW = {"score": None, "score_if_reviewed": None, "score_if_revision": None, "others_share": None, "prompts": None,
              "late": False}


def _capped(queryset) -> int:
    return queryset.order_by()[: QUEUE_COUNT_CAP + 1].count()


def median_turnaround(responses) -> float | None:
    """Median seconds from submission to first feedback: a count and one offset row on an index."""
    answered = responses.filter(first_feedback_seconds__isnull=False)
    total = answered.count()
    if not total:
        return None
    ordered = answered.order_by("first_feedback_seconds").values_list("first_feedback_seconds", flat=True)
    middle = list(ordered[(total - 1) // 2 : total // 2 + 1])
    return sum(middle) / len(middle)


def _mentee_rows(ref: BlockRef, learner_ids: list[str]) -> dict[str, dict]:
    """Progress figures for one page of learners: two grouped queries whatever the course size."""
    figures = {i: {"watched": 0, "answered": 0, "waiting": 0, "last": None} for i in learner_ids}
    for learner_id, watched, last in (
        SegmentProgress.objects.filter(block_key=ref.block_key, learner_id__in=learner_ids)
        .values("learner_id")
        .annotate(w=Count("pk", filter=Q(watched=True)), last=Max("updated_at"))
        .values_list("learner_id", "w", "last")
    ):
        figures[learner_id].update(watched=watched, last=last)
    for learner_id, answered, waiting, last in (
        Response.objects.filter(block_key=ref.block_key, learner_id__in=learner_ids)
        .values("learner_id")
        .annotate(
            a=Count("pk", filter=Q(submitted_at__isnull=False)),
            w=Count("pk", filter=Q(awaiting_feedback=True)),
            last=Max("draft_saved_at"),
        )
        .values_list("learner_id", "a", "w", "last")
    ):
        figures[learner_id].update(answered=answered, waiting=waiting, last=_latest_of(figures[learner_id]["last"], last))
    return figures


def mentor_view(ref: BlockRef, actor: Actor, content, page: int = 1, search: str = "", queue_page: int = 1,
                scoring: Scoring | None = None, target_hours: int = 72) -> dict:
    """What a mentor works from: their mentees in this course with progress in this block,
    the responses waiting for their feedback (oldest first, each marked overdue past the course's
    response-time target) with what a review would make of the learner's score (mentor-assessed
    blocks), and their median turnaround."""
    if actor.role != roles.MENTOR:
        raise Forbidden("Only mentors in this course's mentor pool have a mentor view.")
    if not isinstance(search, str) or len(search) > MAX_SEARCH:
        raise BadRequest(N_("The search must be text of at most {limit} characters.", limit=MAX_SEARCH))
    mine = roles.mentee_ids(ref.course_key, actor.anonymous_id)
    mentees = LearnerProfile.objects.filter(course_key=ref.course_key, learner_id__in=mine)
    if search.strip():
        mentees = mentees.filter(username__icontains=search.strip())
    rows, paging = page_of(mentees.order_by("username", "pk"), page, mentees.count())
    figures = _mentee_rows(ref, [row.learner_id for row in rows])
    why = pairing_reasons(ref.course_key, actor.anonymous_id, rows)
    queue = needs_feedback(Response.objects.filter(block_key=ref.block_key, learner_id__in=mine))
    # Counting stops past QUEUE_COUNT_CAP: "more than 1,000 waiting" is all a mentor needs to
    # know, and an exact count of a huge queue costs a full scan on every visit. The overdue ones
    # are counted in the same statement, among the oldest (on the queue's index).
    now = timezone.now()
    counts = (queue.order_by("submitted_at")
              .annotate(is_late=Case(When(overdue_q(target_hours, now), then=Value(1)), default=Value(0),
                                     output_field=IntegerField()))[: QUEUE_COUNT_CAP + 1]
              .aggregate(total=Count("pk"), late=Coalesce(Sum("is_late"), 0)))
    counted, late = counts["total"], counts["late"]
    # A revised response keeps its place by the time of the revision (round_at), oldest first.
    queue_rows, queue_paging = page_of(queue.order_by("round_at", "pk"), queue_page, min(counted, QUEUE_COUNT_CAP))
    queue_paging["more"] = counted > QUEUE_COUNT_CAP
    target = timedelta(hours=target_hours)
    prompts = {p.id: p.text for p in content.prompts}
    criteria = {p.id: [c.to_dict() for c in p.criteria] for p in content.prompts}
    previews = review_previews(ref, content, scoring or Scoring(), queue_rows)
    revisions = revised_items(queue_rows)
    keys = dict(LearnerProfile.objects.filter(course_key=ref.course_key, learner_id__in=[r.learner_id for r in queue_rows])
                .values_list("learner_id", "pk")) if queue_rows else {}
    return {
        "mentees": {
            **paging,
            "search": search,
            "items": [
                {
                    "learner": row.username or row.learner_id[:8],
                    "learner_key": row.pk,  # for the mentee view (handler `mentee`)
                    "segments_watched": figures[row.learner_id]["watched"],
                    "segments_total": len(content.segments),
                    "prompts_answered": figures[row.learner_id]["answered"],
                    "prompts_total": len(content.prompts),
                    "awaiting_feedback": figures[row.learner_id]["waiting"],
                    "last_activity": _iso(_latest_of(figures[row.learner_id]["last"], row.last_activity_at)),
                    **why.get(row.learner_id, {"why": "", "why_rank": None, "shared_tags": []}),
                }
                for row in rows
            ],
        },
        "queue": {
            **queue_paging,
            "items": [
                {
                    "response_id": r.pk,
                    "prompt_id": r.prompt_id,
                    "prompt": prompts.get(r.prompt_id, ""),
                    "criteria": criteria.get(r.prompt_id, []),
                    "learner": r.author_name,
                    "learner_key": keys.get(r.learner_id),
                    "text": r.text,
                    "submitted_at": _iso(r.submitted_at),
                    "edited_at": _iso(r.edited_at),
                    "review_status": r.review_status,
                    "round_at": _iso(r.round_at),
                    "moment": moment_of(r.moment_segment, r.moment_seconds),
                    **revisions.get(r.pk, NOT_REVISED),
                    "feedback_due_at": _iso(waiting_since(r) + target),
                    "overdue": waiting_since(r) + target < now,
                    **previews.get(r.pk, NO_PREVIEW),
                }
                for r in queue_rows
            ],
            "grading": content.grading,
            "response_target_hours": target_hours,
            "overdue": min(late, QUEUE_COUNT_CAP),
            "overdue_more": late > QUEUE_COUNT_CAP,
        },
        "median_turnaround_seconds": median_turnaround(
            Response.objects.filter(course_key=ref.course_key, first_feedback_by=actor.anonymous_id)
        ),
    }


def _latest_of(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _iso(value):
    return value.isoformat() if value else None


def programme_figures(ref: BlockRef, actor: Actor, content, page: int = 1, target_hours: int = 72) -> dict:
    """Course-wide figures for programme staff, per-segment completion in this block, and
    the median turnaround and overdue responses of one page of mentors (by name)."""
    if actor.role != roles.STAFF:
        raise Forbidden("Only course staff running the programme can see programme figures.")

    in_programme = programme_learners(ref.course_key)
    learners = in_programme.aggregate(total=Count("pk"), with_mentor=Count("pk", filter=Q(mentor_count__gt=0)))
    pool = MentorProfile.objects.filter(course_key=ref.course_key, active=True).aggregate(
        mentors=Count("pk"), capacity=Coalesce(Sum("capacity"), 0), load=Coalesce(Sum("load"), 0)
    )
    course_responses = Response.objects.filter(course_key=ref.course_key)
    # As in the mentor's queue: counting stops past QUEUE_COUNT_CAP (an exact count of a huge
    # course's waiting responses is a scan of all of them on every visit).
    awaiting = _capped(needs_feedback(course_responses))
    late = _capped(needs_feedback(course_responses).filter(overdue_q(target_hours)))
    pool_rows = MentorProfile.objects.filter(course_key=ref.course_key).order_by("display_name", "pk")
    mentors, mentor_paging = page_of(pool_rows, page, pool_rows.count())
    waits = mentor_turnarounds(ref.course_key, mentors)
    queues = mentor_queues(ref.course_key, mentors, target_hours)
    watched = dict(
        SegmentProgress.objects.filter(
            block_key=ref.block_key, watched=True, learner_id__in=in_programme.values("learner_id")
        )
        .values("segment_id")
        .annotate(n=Count("pk"))
        .values_list("segment_id", "n")
    )
    return {
        "learners": learners["total"],
        "learners_with_mentor": learners["with_mentor"],
        "active_mentors": pool["mentors"],
        "capacity": pool["capacity"],
        "load": pool["load"],
        "awaiting_feedback": min(awaiting, QUEUE_COUNT_CAP),
        "awaiting_feedback_more": awaiting > QUEUE_COUNT_CAP,
        "overdue": min(late, QUEUE_COUNT_CAP),
        "overdue_more": late > QUEUE_COUNT_CAP,
        "response_target_hours": target_hours,
        "mentor_turnaround": {
            **mentor_paging,
            "items": [{"mentor": m.display_name, "median_turnaround_seconds": waits[m.pk], **queues[m.pk]}
                      for m in mentors],
        },
        "median_turnaround_seconds": median_turnaround(course_responses),
        "segment_completion": [
            {"segment_id": s.id, "title": s.title, "watched": watched.get(s.id, 0)} for s in content.segments
        ],
        # Rated check-ins in the course (programme/health.py); the pairings they flag: `checkin_flags`.
        "checkins": checkin_figures(ref.course_key),
    }


def mentor_queues(course_key: str, mentors: list, target_hours: int = 72) -> dict[int, dict]:
    """How many responses wait for each mentor on one page, how many of them are overdue, and for
    how long the oldest has waited.

    One grouped query: each current assignment counts its mentee's waiting responses in the
    database (a correlated count on the course-and-learner index), so a mentor with 10,000
    mentees costs no list of 10,000 ids in either direction. A mentee with two mentors counts
    for both."""
    queues = {m.pk: {"waiting": 0, "overdue": 0, "oldest_waiting_seconds": None} for m in mentors}
    now = timezone.now()
    mentee_waiting = (
        needs_feedback(Response.objects.filter(course_key=course_key, learner_id=OuterRef("learner_id")))
        .order_by().values("learner_id")
    )
    rows = (
        Assignment.objects.filter(course_key=course_key, active=True, mentor__in=list(queues))
        .order_by().values("mentor_id")
        .annotate(
            n=Sum(Subquery(mentee_waiting.annotate(n=Count("pk")).values("n"))),
            late=Sum(Subquery(mentee_waiting.filter(overdue_q(target_hours, now)).annotate(n=Count("pk")).values("n"))),
            oldest=Min(Subquery(mentee_waiting.annotate(oldest=Min("submitted_at")).values("oldest"))),
        )
    )
    for row in rows:
        queues[row["mentor_id"]] = {
            "waiting": row["n"] or 0,
            "overdue": row["late"] or 0,
            "oldest_waiting_seconds": round((now - row["oldest"]).total_seconds()) if row["oldest"] else None,
        }
    return queues


def mentor_turnarounds(course_key: str, mentors: list) -> dict[int, float | None]:
    """Median turnaround of each mentor on one page (the responses each answered first): one query."""
    by_id = {m.mentor_id: m.pk for m in mentors}
    waits: dict[int, list[float]] = {m.pk: [] for m in mentors}
    for mentor_id, seconds in Response.objects.filter(
        course_key=course_key, first_feedback_by__in=list(by_id), first_feedback_seconds__isnull=False
    ).values_list("first_feedback_by", "first_feedback_seconds"):
        waits[by_id[mentor_id]].append(seconds)
    return {pk: _median(values) for pk, values in waits.items()}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
