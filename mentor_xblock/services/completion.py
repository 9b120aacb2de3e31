"""Completion: the share of a block's required work a learner has done, from the server's own records."""
from __future__ import annotations

from ..models import Response, SegmentProgress
from .progress import BlockRef


def required_ids(content) -> tuple[set[str], set[str]]:
    """(segment ids, prompt ids) that count towards completion in this block."""
    mode = content.completion
    segments = {s.id for s in content.segments} if "segments" in mode else set()
    prompts = {p.id for p in content.prompts} if "prompts" in mode else set()
    return segments, prompts


def completion_of(ref: BlockRef, learner_id: str, content) -> float:
    """A fraction in [0, 1]; two indexed queries."""
    segments, prompts = required_ids(content)
    if not segments and not prompts:
        return 0.0
    watched = set(
        SegmentProgress.objects.filter(block_key=ref.block_key, learner_id=learner_id, watched=True).values_list(
            "segment_id", flat=True
        )
    ) if segments else set()
    answered = set(
        Response.objects.filter(
            block_key=ref.block_key, learner_id=learner_id, submitted_at__isnull=False
        ).values_list("prompt_id", flat=True)
    ) if prompts else set()
    done = len(segments & watched) + len(prompts & answered)
    return done / (len(segments) + len(prompts))
