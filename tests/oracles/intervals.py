"""Watched-interval arithmetic in seconds: the reference the interval tests compare with.

Production credits in whole milliseconds (mentor_xblock.core.intervals.credit_ms); these
are the plain set operations on (from, to) pairs of seconds, and `credit`, the
millisecond rule driven in seconds, so that tests can state properties in seconds.
Like the core, every function silently drops pairs that are not two finite numbers with
from < to. `normalise` treats gaps of up to TOUCH_GAP as watched; `clamp`, `total`,
`subtract` and `coverage` are exact.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

# The input rule (well-formed pairs of finite numbers) is the core's own: the oracle checks the arithmetic.
from mentor_xblock.core.intervals import MS, TOUCH_GAP, _valid, as_seconds, credit_ms, stored_ms  # noqa: PLC2701

Interval = tuple[float, float]


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

    Intervals at most TOUCH_GAP (0.5 s) apart are merged, the gap counting as watched.
    The result is sorted, with gaps over 0.5 s between intervals; normalising it again
    changes nothing.
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

    Pieces are not re-merged: two pieces separated by a short interval of `b` stay
    apart, since merging them would add back what `b` covers.
    """
    pieces = []
    cuts = _merge(b, 0.0)
    for start, end in _merge(a, 0.0):
        for cut_start, cut_end in cuts:
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


def credit(stored: Iterable[object], reported: Iterable[object], lo: float, hi: float, budget: float) -> list[Interval]:
    """`credit_ms` in seconds: the clip [lo, hi] and `budget` are rounded inward to milliseconds.

    A budget of zero, negative or NaN credits nothing, and re-reporting already
    credited intervals adds nothing.
    """
    if not budget > 0:
        budget_ms = 0
    elif math.isinf(budget):
        budget_ms = math.inf
    else:
        budget_ms = math.floor(budget * MS)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("The clip bounds must be finite.")
    lo_ms, hi_ms = math.ceil(lo * MS), math.floor(hi * MS)
    return as_seconds(credit_ms(stored_ms(stored), reported, lo_ms, hi_ms, budget_ms))
