"""The responses report's rows (docs/api.md "The responses report"): one row per round of each
submitted response, the reviews a round's review changed, and the round's replies (issue 21)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from ..models import Reply, Response
from . import history
from .context import BlockRef

CHUNK = 1000


def chunks(queryset) -> Iterator[list]:
    """Walk a queryset by primary key in fixed-size chunks (no OFFSET, no cursor held open)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


RESPONSE_HEADER = [
    "kind", "response_id", "prompt_id", "learner", "author", "author_role", "created_at", "edited_at", "text",
    "review_status", "review_comment", "reviewed_at", "hidden", "flags", "late",
    # The conversation (issue 21, docs/api.md "The responses report"): one "response" row per round.
    "round", "moment_segment", "moment_seconds", "reviewed_by", "criteria",
]


def _late(close: datetime | None, *moments) -> bool | str:
    """After the block's close date (due + grace period)? "" when the block has no deadline."""
    if close is None:
        return ""
    return any(moment is not None and moment > close for moment in moments)


def response_rows(ref: BlockRef, close: datetime | None) -> Iterator[list]:
    """Submitted responses of this block: one "response" row per round (version) with the review in
    force on it, then the earlier reviews of that round it changed ("review" rows) and the round's replies."""
    responses = Response.objects.filter(block_key=ref.block_key, submitted_at__isnull=False)
    for chunk in chunks(responses):
        replies = defaultdict(list)
        for reply in Reply.objects.filter(response_id__in=[r.pk for r in chunk]).select_related("version").order_by("created_at", "pk"):
            replies[reply.response_id].append(reply)
        history.load_rounds(chunk)
        for r in chunk:
            yield from _round_rows(r, replies[r.pk], close)


def _round_rows(r: Response, replies: list, close: datetime | None) -> Iterator[list]:
    versions = r.version_list
    last = versions[-1].number if versions else 1
    by_round = defaultdict(list)
    for reply in replies:
        by_round[reply.version.number if reply.version_id else last].append(reply)
    if not versions:  # not migrated into rounds: the response as its one round
        yield ["response", r.pk, r.prompt_id, r.author_name, r.author_name, "learner", r.submitted_at, r.edited_at,
               r.text, r.review_status, r.review_comment, r.reviewed_at, r.hidden, r.flag_count,
               _late(close, r.submitted_at, r.edited_at), 1, r.moment_segment, r.moment_seconds, "", ""]
    for v in versions:
        reviews = v.review_list
        final = reviews[-1] if reviews else None
        yield [
            "response", r.pk, r.prompt_id, r.author_name, r.author_name, "learner", v.submitted_at,
            r.edited_at if v.number == last else None, v.text,
            final.status if final else "", final.comment if final else "", final.created_at if final else None,
            r.hidden, r.flag_count, _late(close, v.submitted_at), v.number, v.moment_segment, v.moment_seconds,
            final.reviewer_name if final else "", _criteria(final),
        ]
        for review in reviews[:-1]:  # changed later in the same round
            yield ["review", r.pk, r.prompt_id, r.author_name, review.reviewer_name, review.reviewer_role,
                   review.created_at, None, "", review.status, review.comment, review.created_at, "", "", "",
                   v.number, "", None, review.reviewer_name, _criteria(review)]
        for reply in by_round[v.number]:
            yield [
                "reply", r.pk, r.prompt_id, r.author_name, reply.author_name, reply.author_role,
                reply.created_at, reply.edited_at, reply.text, "", "", "", reply.hidden, reply.flag_count, "",
                v.number, reply.moment_segment, reply.moment_seconds, "", "",
            ]
    if not versions:
        for reply in replies:
            yield ["reply", r.pk, r.prompt_id, r.author_name, reply.author_name, reply.author_role, reply.created_at,
                   reply.edited_at, reply.text, "", "", "", reply.hidden, reply.flag_count, "", 1,
                   reply.moment_segment, reply.moment_seconds, "", ""]


def _criteria(review) -> str:
    """The levels a review gave, "Names a plan: Partly; Is specific: Clearly" ("" without criteria)."""
    if review is None:
        return ""
    return "; ".join(f"{part['criterion']}: {part['level']}" for part in history.review_levels(review))
