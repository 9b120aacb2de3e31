"""What an edit of a block's content would take from learners: the answers under prompts and the
progress on segments that a save removing those items would hide (issue 23). The editor's save
refuses such a save until the author confirms it (handlers/studio.py)."""
from __future__ import annotations

from django.db.models import Count, Q

from ..models import Response, SegmentProgress
from .context import BlockRef


def learners_with_work(ref: BlockRef, prompt_ids, segment_ids) -> dict[str, int]:
    """{item id: how many learners have an answer or a draft (prompts) or progress (segments)}, only
    for the ids that have any. Two grouped queries, whatever the number of ids."""
    found: dict[str, int] = {}
    if prompt_ids:
        rows = (Response.objects.filter(block_key=ref.block_key, prompt_id__in=list(prompt_ids))
                .filter(Q(submitted_at__isnull=False) | ~Q(draft=""))
                .values("prompt_id").annotate(learners=Count("learner_id", distinct=True)))
        found.update({row["prompt_id"]: row["learners"] for row in rows})
    if segment_ids:
        rows = (SegmentProgress.objects.filter(block_key=ref.block_key, segment_id__in=list(segment_ids))
                .filter(Q(watched_seconds__gt=0) | Q(read_ms__gt=0))
                .values("segment_id").annotate(learners=Count("learner_id", distinct=True)))
        found.update({row["segment_id"]: row["learners"] for row in rows})
    return found
