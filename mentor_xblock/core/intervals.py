"""Watched-interval arithmetic, used to verify server-side that a clip was watched.

Pure core: standard library only. An interval is a (from, to) pair of absolute
media seconds. Input may come from an untrusted browser, so every function
silently drops pairs that are not two finite numbers with from < to.

`normalise` gives the stored form and treats gaps of up to `TOUCH_GAP` as
watched; `clamp`, `total`, `subtract` and `coverage` are exact set operations.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

Interval = tuple[float, float]

# Players report progress on timeupdate events (every ~250 ms), and pausing,
# resuming or buffering leaves sub-second holes between reported ranges that
# were in fact watched; gaps this small count as touching.
TOUCH_GAP = 0.5
# How far a budget-trimmed end stays from the next stored interval beyond
# TOUCH_GAP, so `normalise` does not bridge the gap and credit unbudgeted time.
_TRIM_MARGIN = 0.001


def _number(value: object) -> float | None:
    """A finite float, or None (bools and non-numbers from JSON are rejected)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # ints too large for a float
        return None
    return number if math.isfinite(number) else None


def _valid(intervals: Iterable[object]) -> list[Interval]:
    """The well-formed pairs, in input order."""
    valid = []
    for item in intervals:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            continue
        start, end = _number(item[0]), _number(item[1])
        if start is not None and end is not None and start < end:
            valid.append((start, end))
    return valid


def _merge(intervals: Iterable[object], gap: float) -> list[Interval]:
    """Sorted valid intervals, merging those less than or exactly `gap` apart."""
    merged: list[Interval] = []
    for start, end in sorted(_valid(intervals)):
        if merged and start <= merged[-1][1] + gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def normalise(intervals: Iterable[object]) -> list[Interval]:
    """Drop invalid pairs, sort, and merge overlapping or touching intervals.

    Intervals at most `TOUCH_GAP` (0.5 s) apart are merged, the gap counting
    as watched (see TOUCH_GAP). The result is sorted, with gaps over 0.5 s
    between intervals; normalising it again changes nothing.
    """
    return _merge(intervals, TOUCH_GAP)


def clamp(intervals: Iterable[object], lo: float, hi: float) -> list[Interval]:
    """The parts of the intervals inside [lo, hi], sorted and merged where they overlap."""
    clamped = []
    for start, end in _merge(intervals, 0.0):
        start, end = max(start, lo), min(end, hi)
        if start < end:
            clamped.append((start, end))
    return clamped


def total(intervals: Iterable[object]) -> float:
    """Seconds covered by the intervals (overlaps counted once)."""
    return sum(end - start for start, end in _merge(intervals, 0.0))


def subtract(a: Iterable[object], b: Iterable[object]) -> list[Interval]:
    """The parts of `a` not covered by `b`, sorted.

    Pieces are not re-merged: two pieces separated by a short interval of `b`
    stay apart, since merging them would add back what `b` covers.
    """
    remove = _merge(b, 0.0)
    pieces = []
    for start, end in _merge(a, 0.0):
        for cut_start, cut_end in remove:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                pieces.append((start, cut_start))
            start = max(start, cut_end)
        if start < end:
            pieces.append((start, end))
    return pieces


def coverage(intervals: Iterable[object], lo: float, hi: float) -> float:
    """The fraction (0..1) of [lo, hi] the intervals cover; 0 for an empty range."""
    if not hi > lo:
        return 0.0
    return min(1.0, total(clamp(intervals, lo, hi)) / (hi - lo))


def _trimmed_end(start: float, end: float, remaining: float, stored_follows: bool) -> float:
    """Where a new piece [start, end) ends when only `remaining` seconds may be credited.

    If stored time resumes at `end` and the cut lands within TOUCH_GAP of it,
    pull the cut back so `normalise` cannot bridge the gap for free.
    """
    cut = start + remaining
    if cut >= end:
        return end
    if stored_follows and end - cut <= TOUCH_GAP:
        cut = end - TOUCH_GAP - _TRIM_MARGIN
    return cut


def credit(
    stored: Iterable[object],
    reported: Iterable[object],
    lo: float,
    hi: float,
    budget: float,
) -> list[Interval]:
    """The server's rule for accepting watched time reported by a browser.

    `stored` is what is already credited (normalised, within [lo, hi] when it
    was produced by this function with the same bounds). `reported` comes from
    an untrusted client. The reported intervals are clamped to the clip
    [lo, hi]; the parts not already stored, including the short gaps that
    `normalise` would bridge, are new time. At most `budget` seconds of new
    time are credited, earliest first, trimming the last piece (and pulling
    its cut back when it would end within TOUCH_GAP of stored time). Returns
    normalise(stored + credited), whose total never exceeds
    total(normalise(stored)) + max(budget, 0).

    `budget` is how much more watched time the wall clock allows; the caller
    computes it as 2 * (now - first_report) - total(stored), so playback at up
    to double speed is believed. A budget of zero, negative or NaN credits
    nothing, and re-reporting already credited intervals adds nothing.
    """
    base = normalise(stored)
    if not budget > 0:
        return base
    # Subtracting from the normalised union makes bridged gaps part of the
    # new pieces, so they are paid for from the budget like watched time.
    new_pieces = subtract(normalise(base + clamp(reported, lo, hi)), base)
    stored_starts = {start for start, _ in base}
    credited: list[Interval] = []
    remaining = budget
    for start, end in new_pieces:
        piece_end = _trimmed_end(start, end, remaining, stored_follows=end in stored_starts)
        if piece_end > start:
            credited.append((start, piece_end))
            remaining -= piece_end - start
        if piece_end < end or remaining <= 0:
            break  # budget spent: later pieces are not credited
    return normalise(base + credited)
