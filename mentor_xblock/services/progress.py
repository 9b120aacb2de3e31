"""Watch-verified progress: the server decides what counts as watched.

Two caps hold after every report, exactly (whole milliseconds against the server's clock):
per segment, as before, and per learner and course across all segments (one WatchClock row,
locked before the segment's row in the same transaction), so many tabs or segments at once add
nothing. Watching may credit MAX_PLAYBACK_RATE × the wall clock since the first report; reading a
transcript has its own clock (1 ×), since the page reports reading beside a playing clip.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..core import intervals as iv
from ..models import SegmentProgress, WatchClock
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


def _locked_clock(ref: BlockRef, learner_id: str, now: datetime) -> WatchClock:
    """The learner's clock in the course, created at their first report there, locked until commit.
    Always locked before a segment's row: one lock order for every progress transaction."""
    return get_or_create_locked(
        WatchClock, dict(course_key=ref.course_key, learner_id=learner_id), {"first_report_at": now},
    )[0]


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
    learner's first report on the segment, and the sum over all their segments in the
    course never exceeds MAX_PLAYBACK_RATE × the time since their first report in the
    course, whatever the reports and their timing: the budget is the smaller of what
    each clock allows minus what it has credited, `credit_ms` adds at most the budget,
    and the stored form is exactly what was credited (whole milliseconds). The segment
    is watched when the covered milliseconds reach `threshold` of the clip's, exactly.
    """
    now = now or timezone.now()

    def run():
        with transaction.atomic():
            clock = _locked_clock(ref, learner_id, now)
            row = _locked_row(ref, learner_id, segment, now)
            stored = iv.stored_ms(row.intervals)
            before = iv.total_ms(stored)
            budget = min(allowed_ms(now - row.first_report_at) - before,
                         allowed_ms(now - clock.first_report_at) - clock.credited_ms)
            lo, hi = segment.start * iv.MS, segment.end * iv.MS
            merged = iv.credit_ms(stored, reported, lo, hi, budget)
            credited = iv.total_ms(merged) - before
            if credited:
                clock.credited_ms += credited
                clock.save(update_fields=["credited_ms"])
            row.intervals = [list(pair) for pair in iv.as_seconds(merged)]
            row.watched_seconds = iv.total_ms(merged) / iv.MS
            inside = iv.total_ms(iv.reported_ms(row.intervals, lo, hi))
            row.coverage = iv.share_floor(inside, hi - lo)
            newly_watched = not row.watched and iv.enough_ms(inside, hi - lo, threshold)
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
    MAX_READING_STEP_MS, never beyond the wall clock since the first reading report on
    the segment, and never beyond the learner's reading clock in the course (the sum
    over all their segments stays within the time since their first reading report in
    the course: `intervals.credit_reading_ms`). Reading `threshold` × `needed_ms` (the
    clip's transcript at READING_WORDS_PER_MINUTE) completes the segment like watching does.
    """
    now = now or timezone.now()

    def run():
        with transaction.atomic():
            clock = _locked_clock(ref, learner_id, now)
            row = _locked_row(ref, learner_id, segment, now)
            if clock.first_read_at is None:
                clock.first_read_at = now
                clock.save(update_fields=["first_read_at"])
            if row.first_read_at is None:
                row.first_read_at = row.last_read_at = now
            else:
                before = row.read_ms
                row.read_ms = iv.credit_reading_ms(
                    row.read_ms, _ms_between(now, row.last_read_at), _ms_between(now, row.first_read_at), needed_ms,
                    budget_ms=_ms_between(now, clock.first_read_at) - clock.read_ms,
                )
                row.last_read_at = max(row.last_read_at, now)
                if row.read_ms != before:
                    clock.read_ms += row.read_ms - before
                    clock.save(update_fields=["read_ms"])
            newly_done = not row.watched and iv.enough_ms(row.read_ms, needed_ms, threshold)
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
