"""The conversation's history (issue 21): a response's versions (rounds) and the reviews of each.

Writes are called inside the posting and review transactions (services/posting.py,
services/reviews.py), after their locks; reads load a page of responses' rounds in a fixed
number of queries (one for the versions, one for their reviews). Shapes: docs/api.md "History".
"""
from __future__ import annotations

import json

from django.db.models import Prefetch, prefetch_related_objects

from ..core.moments import Moment, moment_of
from ..core.text_diff import word_changes
from ..core.text import text_parts
from ..models import MentorProfile, Response, ResponseReview, ResponseVersion
from .context import Actor


def add_version(response: Response, text: str, now, moment: Moment | None) -> ResponseVersion:
    """A new round: the response's next version (the response row is locked by the caller)."""
    number = response.round_count + 1
    version = ResponseVersion.objects.create(
        response=response, number=number, text=text, submitted_at=now,
        moment_segment=moment.segment_id if moment else "", moment_seconds=moment.seconds if moment else None,
    )
    response.round_count, response.round_at = number, now
    response.moment_segment = version.moment_segment
    response.moment_seconds = version.moment_seconds
    return version


def current_version(response: Response) -> ResponseVersion | None:
    return ResponseVersion.objects.filter(response=response).order_by("-number").first()


def add_review(response: Response, actor: Actor, status: str, comment: str, now, levels=(), points=None) -> ResponseReview:
    """A review of the current version; a later review of the same version is a change of it."""
    version = current_version(response)
    if version is None:  # a response submitted before the history existed and not migrated: its round 1
        version = add_version(response, response.text, response.round_at or response.submitted_at or now, None)
        Response.objects.filter(pk=response.pk).update(round_count=response.round_count, round_at=response.round_at)
    return ResponseReview.objects.create(
        version=version, response=response, status=status, comment=comment,
        levels=json.dumps(list(levels)) if levels else "", points=points,
        reviewer_id=actor.anonymous_id, reviewer_name=_reviewer_name(response.course_key, actor),
        reviewer_role=actor.role, created_at=now,
    )


def _reviewer_name(course_key: str, actor: Actor) -> str:
    """Learners read mentors by the name on their card ("Ada Okafor"), as in replies; others by username."""
    card = MentorProfile.objects.filter(course_key=course_key, mentor_id=actor.anonymous_id).values_list(
        "display_name", flat=True).first()
    return card or actor.name


def review_levels(review: ResponseReview) -> list[dict]:
    return json.loads(review.levels) if review.levels else []


def rounds_prefetch() -> Prefetch:
    reviews = Prefetch("reviews", queryset=ResponseReview.objects.order_by("created_at", "pk"), to_attr="review_list")
    return Prefetch("versions", queryset=ResponseVersion.objects.order_by("number").prefetch_related(reviews),
                    to_attr="version_list")


def load_rounds(rows: list[Response]) -> None:
    """Each response's versions and their reviews as `version_list` (two queries for any number of rows)."""
    submitted = [row for row in rows if row.round_count]
    if submitted:
        prefetch_related_objects(submitted, rounds_prefetch())
    for row in rows:
        if not row.round_count:
            row.version_list = []


def review_json(review: ResponseReview, changed: bool) -> dict:
    return {
        "status": review.status,
        "comment": review.comment,
        "comment_parts": text_parts(review.comment),
        "levels": review_levels(review),
        "points": review.points,
        "by": review.reviewer_name,
        "by_role": review.reviewer_role,
        "at": review.created_at.isoformat(),
        "changed": changed,  # a change of an earlier review of the same version
    }


def rounds_json(response: Response, replies: list[dict]) -> list[dict]:
    """The rounds in order, each with its text, moment, reviews and the replies (already shaped, each
    with its "round") that answered it; the last round is the current one."""
    versions = getattr(response, "version_list", None)
    if versions is None:
        load_rounds([response])
        versions = response.version_list
    by_round: dict[int, list[dict]] = {}
    for reply in replies:
        by_round.setdefault(reply.get("round") or (versions[-1].number if versions else 0), []).append(reply)
    last = versions[-1].number if versions else 0
    return [
        {
            "number": v.number,
            "current": v.number == last,
            "text": v.text,
            "text_parts": text_parts(v.text),
            "submitted_at": v.submitted_at.isoformat(),
            "moment": moment_of(v.moment_segment, v.moment_seconds),
            "reviews": [review_json(r, n > 0) for n, r in enumerate(getattr(v, "review_list", []))],
            "replies": by_round.get(v.number, []),
        }
        for v in versions
    ]


def round_numbers(response: Response) -> dict[int, int]:
    """Version pk → round number, for shaping replies ({} before any version is loaded)."""
    return {v.pk: v.number for v in getattr(response, "version_list", None) or []}


# A queue item that is a response's first version (docs/api.md mentor_dashboard).
NOT_REVISED = {"revised": False, "round": 1, "asked": None, "previous_text": None, "changes": None}


def revised_items(rows: list[Response]) -> dict[int, dict]:
    """For the queue's page: each revised response (round 2 or later) with what the previous round's
    feedback asked (the last review's comment, by whom, when), the previous text and the changes at a
    glance (core/text_diff.py). Two queries for the page, none without revised items."""
    revised = {row.pk: row for row in rows if row.round_count > 1}
    if not revised:
        return {}
    previous = {
        v.response_id: v for v in ResponseVersion.objects.filter(response_id__in=list(revised)).order_by("number")
        if v.number == revised[v.response_id].round_count - 1
    }
    asked: dict[int, ResponseReview] = {}
    for review in ResponseReview.objects.filter(version__in=list(previous.values())).order_by("created_at", "pk"):
        asked[review.response_id] = review  # the last review of the previous round
    found = {}
    for pk, row in revised.items():
        before = previous.get(pk)
        review = asked.get(pk)
        found[pk] = {
            "revised": True,
            "round": row.round_count,
            "asked": review and {"status": review.status, "comment": review.comment, "by": review.reviewer_name,
                                 "at": review.created_at.isoformat()},
            "previous_text": before.text if before else None,
            "changes": word_changes(before.text, row.text) if before else None,
        }
    return found
