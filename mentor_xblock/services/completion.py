"""Completion: the share of a block's required work a learner has done, from the server's own records."""
from __future__ import annotations

from django.db.models import Value

from ..models import Response, SegmentProgress
from .context import BlockRef


def required_ids(content) -> tuple[set[str], set[str]]:
    """(segment ids, prompt ids) that count towards completion in this block."""
    mode = content.completion
    segments = {s.id for s in content.segments} if "segments" in mode else set()
    prompts = {p.id for p in content.prompts} if "prompts" in mode else set()
    return segments, prompts


def completion_of(ref: BlockRef, learner_id: str, content) -> float:
    """A fraction in [0, 1]; one statement (two indexed reads joined by UNION ALL when both count:
    it runs after every progress report and submission)."""
    segments, prompts = required_ids(content)
    if not segments and not prompts:
        return 0.0
    watched = (
        SegmentProgress.objects.filter(block_key=ref.block_key, learner_id=learner_id, watched=True)
        .annotate(kind=Value("segment")).values_list("kind", "segment_id")
    )
    answered = (
        Response.objects.filter(block_key=ref.block_key, learner_id=learner_id, submitted_at__isnull=False)
        .annotate(kind=Value("prompt")).values_list("kind", "prompt_id")
    )
    parts = ([watched] if segments else []) + ([answered] if prompts else [])
    rows = list(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
    done_segments = {item for kind, item in rows if kind == "segment"}
    done_prompts = {item for kind, item in rows if kind == "prompt"}
    done = len(segments & done_segments) + len(prompts & done_prompts)
    return done / (len(segments) + len(prompts))
