"""Watch-verified progress: the server decides what counts as watched."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..core import intervals as iv
from ..models import SegmentProgress

# The fastest playback rate players offer; watched time can't outrun the wall clock by more.
MAX_PLAYBACK_RATE = 2.0


@dataclass(frozen=True)
class BlockRef:
    course_key: str
    block_key: str


@dataclass(frozen=True)
class ProgressUpdate:
    row: SegmentProgress
    newly_watched: bool


def _locked_row(ref: BlockRef, learner_id: str, segment_id: str, now: datetime) -> SegmentProgress:
    lookup = dict(block_key=ref.block_key, learner_id=learner_id, segment_id=segment_id)
    try:
        with transaction.atomic():
            return SegmentProgress.objects.select_for_update().get_or_create(
                **lookup, defaults={"course_key": ref.course_key, "first_report_at": now}
            )[0]
    except IntegrityError:
        # Two first reports raced; the other one created the row.
        return SegmentProgress.objects.select_for_update().get(**lookup)


def record_progress(
    ref: BlockRef,
    learner_id: str,
    segment,
    reported: list,
    threshold: float,
    now: datetime | None = None,
) -> ProgressUpdate:
    """Merge reported intervals into the learner's progress, crediting only plausible time.

    Credit is capped so the total never exceeds MAX_PLAYBACK_RATE × the wall-clock
    time since this learner's first report on the segment: a forged or seek-to-end
    report cannot complete a segment.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = _locked_row(ref, learner_id, segment.id, now)
        stored = iv.normalise(row.intervals)
        elapsed = max((now - row.first_report_at).total_seconds(), 0.0)
        budget = MAX_PLAYBACK_RATE * elapsed - iv.total(stored)
        merged = iv.credit(stored, reported, segment.start, segment.end, budget)
        row.intervals = [[round(a, 3), round(b, 3)] for a, b in merged]
        row.watched_seconds = round(iv.total(merged), 3)
        row.coverage = round(iv.coverage(merged, segment.start, segment.end), 4)
        newly_watched = not row.watched and row.coverage >= threshold
        if newly_watched:
            row.watched = True
            row.watched_at = now
        row.save()
    return ProgressUpdate(row=row, newly_watched=newly_watched)


def progress_for(ref: BlockRef, learner_id: str) -> dict[str, SegmentProgress]:
    """All of a learner's progress rows in a block, by segment id: one query."""
    rows = SegmentProgress.objects.filter(block_key=ref.block_key, learner_id=learner_id)
    return {row.segment_id: row for row in rows}


def progress_json(row: SegmentProgress | None) -> dict:
    if row is None:
        return {"watched_seconds": 0, "coverage": 0, "watched": False, "intervals": []}
    return {
        "watched_seconds": row.watched_seconds,
        "coverage": row.coverage,
        "watched": row.watched,
        "intervals": row.intervals,
    }
