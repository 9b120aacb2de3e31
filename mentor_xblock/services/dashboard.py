"""The mentor's view of a block: mentees, the feedback queue, turnaround; and the programme figures.

Every list is paged and every figure is a fixed number of indexed queries, whatever
the number of learners (tests count the queries; docs/benchmarks.md measures them).
"""
from __future__ import annotations

from django.db.models import Count, DurationField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ..errors import BadRequest, Forbidden
from ..models import Assignment, LearnerProfile, MentorProfile, Response, SegmentProgress
from . import roles
from .progress import BlockRef
from .prompts import Actor

PAGE_SIZE = 20
MAX_SEARCH = 100


def page_number(value) -> int:
    try:
        page = int(value)
    except (TypeError, ValueError) as exc:
        raise BadRequest("'page' must be a whole number from 1.") from exc
    if page < 1:
        raise BadRequest("'page' must be a whole number from 1.")
    return page


def _paged(queryset, page: int, total: int) -> tuple[list, dict]:
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE])
    return rows, {"page": page, "page_size": PAGE_SIZE, "total": total, "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)}


def _count(model, **filters):
    """A correlated COUNT(*) subquery over `model` for the outer row's learner."""
    return Coalesce(
        Subquery(
            model.objects.filter(learner_id=OuterRef("learner_id"), **filters)
            .values("learner_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _latest(model, field: str, **filters):
    return Subquery(
        model.objects.filter(learner_id=OuterRef("learner_id"), **filters).order_by(f"-{field}").values(field)[:1]
    )


def needs_feedback(queryset):
    """Submitted responses whose latest version has no mentor feedback after it."""
    return queryset.filter(submitted_at__isnull=False, hidden=False).filter(
        Q(last_feedback_at__isnull=True) | Q(last_feedback_at__lt=Coalesce(F("edited_at"), F("submitted_at")))
    )


def _duration():
    return ExpressionWrapper(F("first_feedback_at") - F("submitted_at"), output_field=DurationField())


def median_turnaround(responses) -> float | None:
    """Median seconds from submission to first feedback: a count and one offset row (two queries)."""
    answered = responses.filter(first_feedback_at__isnull=False, submitted_at__isnull=False).annotate(wait=_duration())
    total = answered.count()
    if not total:
        return None
    ordered = answered.order_by("wait", "pk").values_list("wait", flat=True)
    middle = list(ordered[(total - 1) // 2 : total // 2 + 1])
    return sum(delta.total_seconds() for delta in middle) / len(middle)


def mentor_view(ref: BlockRef, actor: Actor, content, page: int = 1, search: str = "", queue_page: int = 1) -> dict:
    """What a mentor works from: their mentees in this course with progress in this block,
    the responses waiting for their feedback (oldest first), and their median turnaround."""
    if actor.role != roles.MENTOR:
        raise Forbidden("Only mentors in this course's mentor pool have a mentor view.")
    if not isinstance(search, str) or len(search) > MAX_SEARCH:
        raise BadRequest(f"'search' must be text of at most {MAX_SEARCH} characters.")
    mentees = Assignment.objects.filter(course_key=ref.course_key, active=True, mentor__mentor_id=actor.anonymous_id)
    profile = LearnerProfile.objects.filter(course_key=ref.course_key, learner_id=OuterRef("learner_id"))
    mentees = mentees.annotate(username=Subquery(profile.values("username")[:1]))
    if search.strip():
        mentees = mentees.filter(username__icontains=search.strip())
    total = mentees.count()
    mentees = mentees.annotate(
        watched=_count(SegmentProgress, block_key=ref.block_key, watched=True),
        answered=_count(Response, block_key=ref.block_key, submitted_at__isnull=False),
        waiting=_count(Response, block_key=ref.block_key, submitted_at__isnull=False, first_feedback_at__isnull=True),
        last_watch=_latest(SegmentProgress, "updated_at", block_key=ref.block_key),
        last_write=_latest(Response, "draft_saved_at", block_key=ref.block_key),
    ).order_by("username", "learner_id")
    rows, paging = _paged(mentees, page, total)
    block_responses = Response.objects.filter(
        block_key=ref.block_key, learner_id__in=roles.mentee_ids(ref.course_key, actor.anonymous_id)
    )
    queue = needs_feedback(block_responses)
    queue_total = queue.count()
    queue_rows, queue_paging = _paged(queue.order_by("submitted_at", "pk"), queue_page, queue_total)
    prompts = {p.id: p.text for p in content.prompts}
    return {
        "mentees": {
            **paging,
            "search": search,
            "items": [
                {
                    "learner": row.username or row.learner_id[:8],
                    "assignment_id": row.pk,
                    "segments_watched": row.watched,
                    "segments_total": len(content.segments),
                    "prompts_answered": row.answered,
                    "prompts_total": len(content.prompts),
                    "awaiting_feedback": row.waiting,
                    "last_activity": _iso(_latest_of(row.last_watch, row.last_write)),
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
                }
                for r in queue_rows
            ],
        },
        "median_turnaround_seconds": median_turnaround(
            Response.objects.filter(
                course_key=ref.course_key, learner_id__in=roles.mentee_ids(ref.course_key, actor.anonymous_id)
            )
        ),
    }


def _latest_of(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _iso(value):
    return value.isoformat() if value else None


def programme_figures(ref: BlockRef, actor: Actor, content) -> dict:
    """Course-wide figures for programme staff, and per-segment completion in this block."""
    if actor.role != roles.STAFF:
        raise Forbidden("Only course staff running the programme can see programme figures.")
    learners = LearnerProfile.objects.filter(course_key=ref.course_key).aggregate(
        total=Count("pk"), with_mentor=Count("pk", filter=Q(mentor_count__gt=0))
    )
    pool = MentorProfile.objects.filter(course_key=ref.course_key, active=True).aggregate(
        mentors=Count("pk"), capacity=Coalesce(Sum("capacity"), 0), load=Coalesce(Sum("load"), 0)
    )
    course_responses = Response.objects.filter(course_key=ref.course_key)
    watched = dict(
        SegmentProgress.objects.filter(block_key=ref.block_key, watched=True)
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
        "awaiting_feedback": needs_feedback(course_responses).count(),
        "median_turnaround_seconds": median_turnaround(course_responses),
        "segment_completion": [
            {"segment_id": s.id, "title": s.title, "watched": watched.get(s.id, 0)} for s in content.segments
        ],
    }


def mentor_turnarounds(course_key: str, mentor_pks: list[int]) -> dict[int, float | None]:
    """Median turnaround per mentor for one page of mentors: one query, rows bounded by that page."""
    rows = (
        Response.objects.filter(
            course_key=course_key,
            first_feedback_at__isnull=False,
            submitted_at__isnull=False,
            learner_id__in=Assignment.objects.filter(
                course_key=course_key, active=True, mentor_id__in=mentor_pks
            ).values("learner_id"),
        )
        .annotate(wait=_duration(), mentor_pk=Subquery(
            Assignment.objects.filter(
                course_key=course_key, active=True, mentor_id__in=mentor_pks, learner_id=OuterRef("learner_id")
            ).values("mentor_id")[:1]
        ))
        .values_list("mentor_pk", "wait")
    )
    waits: dict[int, list[float]] = {pk: [] for pk in mentor_pks}
    for mentor_pk, wait in rows:
        waits.setdefault(mentor_pk, []).append(wait.total_seconds())
    return {pk: _median(values) for pk, values in waits.items()}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
