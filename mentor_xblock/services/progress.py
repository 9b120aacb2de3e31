"""Watch-verified progress: the server decides what counts as watched."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..core import intervals as iv
from ..models import SegmentProgress
from .context import Actor, BlockRef
from .db import get_or_create_locked, retrying
from .learners import register_learner

# The fastest playback rate players offer; watched time can't outrun the wall clock by more.
MAX_PLAYBACK_RATE = 2.0


@dataclass(frozen=True)
class ProgressUpdate:
    row: SegmentProgress
    newly_watched: bool


def allowed_ms(elapsed: timedelta) -> int:
    """The most watched time, in whole milliseconds, that `elapsed` wall-clock time can hold."""
    micros = max(elapsed // timedelta(microseconds=1), 0)
    return int(MAX_PLAYBACK_RATE * micros) // 1000


def _locked_row(ref: BlockRef, learner_id: str, segment, now: datetime) -> SegmentProgress:
    """The learner's progress row for the segment, created at the first report, locked until commit."""
    return get_or_create_locked(
        SegmentProgress,
        dict(block_key=ref.block_key, learner_id=learner_id, segment_id=segment.id),
        {"course_key": ref.course_key, "first_report_at": now},
    )[0]


def record_progress(
    ref: BlockRef,
    learner_id: str,
    segment,
    reported: list,
    threshold: float,
    now: datetime | None = None,
) -> ProgressUpdate:
    """Merge reported intervals into the learner's progress, crediting only plausible time.

    The stored total never exceeds MAX_PLAYBACK_RATE × the wall-clock time since this
    learner's first report on the segment, whatever the reports and their timing: the
    budget is what the clock allows minus what is stored, `credit_ms` adds at most
    the budget, and the stored form is exactly what was credited (whole milliseconds).
    """
    now = now or timezone.now()

    def run():
        with transaction.atomic():
            row = _locked_row(ref, learner_id, segment, now)
            stored = iv.stored_ms(row.intervals)
            budget = allowed_ms(now - row.first_report_at) - iv.total_ms(stored)
            lo, hi = segment.start * iv.MS, segment.end * iv.MS
            merged = iv.credit_ms(stored, reported, lo, hi, budget)
            row.intervals = [list(pair) for pair in iv.as_seconds(merged)]
            row.watched_seconds = iv.total_ms(merged) / iv.MS
            inside = iv.total_ms(iv.reported_ms(row.intervals, lo, hi))
            row.coverage = round(inside / (hi - lo), 4) if hi > lo else 0.0
            newly_watched = not row.watched and row.coverage >= threshold
            if newly_watched:
                row.watched = True
                row.watched_at = now
            row.save()
            return ProgressUpdate(row=row, newly_watched=newly_watched)

    return retrying(run)


def _ms_between(later: datetime, earlier: datetime) -> int:
    """Whole milliseconds from `earlier` to `later`, rounded down (negative if the clock went back)."""
    return (later - earlier) // timedelta(milliseconds=1)


def record_reading(
    ref: BlockRef,
    learner_id: str,
    segment,
    needed_ms: int,
    threshold: float,
    now: datetime | None = None,
) -> ProgressUpdate:
    """Credit transcript reading: one report says "the transcript is open and visible now".

    The first report starts the reading clock and credits nothing (a click is not reading);
    each later one credits the time since the previous report, at most
    MAX_READING_STEP_MS, and never beyond the wall clock since the first reading report
    (`intervals.credit_reading_ms`). Reading `threshold` × `needed_ms` (the clip's
    transcript at READING_WORDS_PER_MINUTE) completes the segment like watching does.
    """
    now = now or timezone.now()

    def run():
        with transaction.atomic():
            row = _locked_row(ref, learner_id, segment, now)
            if row.first_read_at is None:
                row.first_read_at = row.last_read_at = now
            else:
                row.read_ms = iv.credit_reading_ms(
                    row.read_ms, _ms_between(now, row.last_read_at), _ms_between(now, row.first_read_at), needed_ms
                )
                row.last_read_at = max(row.last_read_at, now)
            newly_done = not row.watched and needed_ms > 0 and row.read_ms >= threshold * needed_ms
            if newly_done:
                row.watched = True
                row.watched_at = now
            row.save()
            return ProgressUpdate(row=row, newly_watched=newly_done)

    return retrying(run)


def progress_for(ref: BlockRef, learner_id: str) -> dict[str, SegmentProgress]:
    """All of a learner's progress rows in a block, by segment id: one query (on every page view)."""

    return {row.segment_id: row for row in SegmentProgress.objects.filter(block_key=ref.block_key, learner_id=learner_id)}


def progress_json(row: SegmentProgress | None) -> dict:
    if row is None:
        return {"watched_seconds": 0, "coverage": 0, "watched": False, "intervals": [], "read_seconds": 0}
    return {
        "watched_seconds": row.watched_seconds,
        "coverage": row.coverage,
        "watched": row.watched,
        "intervals": row.intervals,
        "read_seconds": row.read_ms / 1000,
    }


def watch(ref: BlockRef, actor: Actor, segment, reported, threshold: float) -> ProgressUpdate:
    """A learner's report of watched stretches: credited, and the learner registered with the programme."""
    update = record_progress(ref, actor.anonymous_id, segment, reported, threshold)
    register_learner(ref.course_key, actor.anonymous_id, actor.name, actor.role)
    return update


def read(ref: BlockRef, actor: Actor, segment, needed_ms: int, threshold: float) -> ProgressUpdate:
    """A learner's transcript-reading report: credited, and the learner registered with the programme."""
    update = record_reading(ref, actor.anonymous_id, segment, needed_ms, threshold)
    register_learner(ref.course_key, actor.anonymous_id, actor.name, actor.role)
    return update
