"""The mentor's view of a block: mentees, the feedback queue, turnaround; and the programme figures.

Every list is paged and every figure is a fixed number of indexed queries, whatever
the number of learners (tests count the queries; docs/benchmarks.md measures them).
"""
from __future__ import annotations

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..core.messages import N_
from ..errors import BadRequest, Forbidden
from ..models import Assignment, LearnerProfile, MentorProfile, Response, SegmentProgress
from . import roles
from .context import Actor, BlockRef
from .grading import Scoring, review_previews
from .learners import programme_learners
from .paging import page_of
from .programme.health import checkin_figures

QUEUE_COUNT_CAP = 1000
MAX_SEARCH = 100
# A review changes no score outside mentor-assessed blocks.
NO_PREVIEW = {"score": None, "score_if_reviewed": None, "score_if_revision": None, "late": False}


def needs_feedback(queryset):
    """Submitted, visible responses waiting for a mentor's answer since their latest version."""
    return queryset.filter(awaiting_feedback=True, hidden=False)


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
                scoring: Scoring | None = None) -> dict:
    """What a mentor works from: their mentees in this course with progress in this block,
    the responses waiting for their feedback (oldest first) with what a review would make of the
    learner's score (mentor-assessed blocks), and their median turnaround."""
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
    queue = needs_feedback(Response.objects.filter(block_key=ref.block_key, learner_id__in=mine))
    # Counting stops past QUEUE_COUNT_CAP: "more than 1,000 waiting" is all a mentor needs to
    # know, and an exact count of a huge queue costs a full scan on every visit.
    counted = queue.order_by()[: QUEUE_COUNT_CAP + 1].count()
    queue_rows, queue_paging = page_of(queue.order_by("submitted_at", "pk"), queue_page, min(counted, QUEUE_COUNT_CAP))
    queue_paging["more"] = counted > QUEUE_COUNT_CAP
    prompts = {p.id: p.text for p in content.prompts}
    previews = review_previews(ref, content, scoring or Scoring(), queue_rows)
    return {
        "mentees": {
            **paging,
            "search": search,
            "items": [
                {
                    "learner": row.username or row.learner_id[:8],
                    "segments_watched": figures[row.learner_id]["watched"],
                    "segments_total": len(content.segments),
                    "prompts_answered": figures[row.learner_id]["answered"],
                    "prompts_total": len(content.prompts),
                    "awaiting_feedback": figures[row.learner_id]["waiting"],
                    "last_activity": _iso(_latest_of(figures[row.learner_id]["last"], row.last_activity_at)),
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
                    "learner": r.author_name,
                    "text": r.text,
                    "submitted_at": _iso(r.submitted_at),
                    "edited_at": _iso(r.edited_at),
                    "review_status": r.review_status,
                    **previews.get(r.pk, NO_PREVIEW),
                }
                for r in queue_rows
            ],
            "grading": content.grading,
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


def programme_figures(ref: BlockRef, actor: Actor, content, page: int = 1) -> dict:
    """Course-wide figures for programme staff, per-segment completion in this block, and
    the median turnaround of one page of mentors (by name)."""
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
    awaiting = needs_feedback(course_responses).order_by()[: QUEUE_COUNT_CAP + 1].count()
    pool_rows = MentorProfile.objects.filter(course_key=ref.course_key).order_by("display_name", "pk")
    mentors, mentor_paging = page_of(pool_rows, page, pool_rows.count())
    waits = mentor_turnarounds(ref.course_key, mentors)
    queues = mentor_queues(ref.course_key, mentors)
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


def mentor_queues(course_key: str, mentors: list) -> dict[int, dict]:
    """How many responses wait for each mentor on one page and for how long the oldest has waited.

    One grouped query: each current assignment counts its mentee's waiting responses in the
    database (a correlated count on the course-and-learner index), so a mentor with 10,000
    mentees costs no list of 10,000 ids in either direction. A mentee with two mentors counts
    for both."""
    queues = {m.pk: {"waiting": 0, "oldest_waiting_seconds": None} for m in mentors}
    mentee_waiting = (
        needs_feedback(Response.objects.filter(course_key=course_key, learner_id=OuterRef("learner_id")))
        .order_by().values("learner_id")
    )
    rows = (
        Assignment.objects.filter(course_key=course_key, active=True, mentor__in=list(queues))
        .order_by().values("mentor_id")
        .annotate(
            n=Sum(Subquery(mentee_waiting.annotate(n=Count("pk")).values("n"))),
            oldest=Min(Subquery(mentee_waiting.annotate(oldest=Min("submitted_at")).values("oldest"))),
        )
    )
    now = timezone.now()
    for row in rows:
        queues[row["mentor_id"]] = {
            "waiting": row["n"] or 0,
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
