"""Watched-interval arithmetic, used to verify server-side that a clip was watched.

Pure core: standard library only. A reported interval is a (from, to) pair of
absolute media seconds. Input may come from an untrusted browser, so every function
silently drops pairs that are not two finite numbers with from < to.

Crediting (`credit_ms`) works in whole milliseconds, so what is stored is exactly
what was credited; gaps of up to `TOUCH_GAP` between reports count as watched.
(The same arithmetic in seconds, which the tests use as a reference, lives in
tests/oracles/intervals.py.)
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

Interval = tuple[float, float]

# Players report progress on timeupdate events (every ~250 ms), and pausing,
# resuming or buffering leaves sub-second holes between reported ranges that
# were in fact watched; gaps this small count as touching.
TOUCH_GAP = 0.5


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


# --- crediting, in whole milliseconds ------------------------------------------------
#
# What the server stores is exactly what it credited: integer milliseconds, merged
# only where they overlap or touch (gap 0), never bridged again once stored. Gap
# bridging (TOUCH_GAP) happens once, while a report is credited, and the bridged
# time is paid from the budget like watched time. So the stored total can only grow
# by what `credit_ms` credited, and integer arithmetic leaves no rounding to exploit.

MS = 1000
TOUCH_GAP_MS = int(TOUCH_GAP * MS)

MsInterval = tuple[int, int]


def _merge_ms(pieces: Iterable[MsInterval], gap: int) -> list[MsInterval]:
    """Sorted well-formed (start, end) pieces, merging those less than or exactly `gap` apart."""
    merged = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1] + gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _cut(a, b):
    """The parts of merged pairs `a` not covered by merged pairs `b`, sorted, not re-merged."""
    pieces = []
    for start, end in a:
        for cut_start, cut_end in b:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                pieces.append((start, cut_start))
            start = max(start, cut_end)
        if start < end:
            pieces.append((start, end))
    return pieces


def stored_ms(intervals: Iterable[object]) -> list[MsInterval]:
    """Stored intervals (seconds with at most 3 decimals) back in exact milliseconds."""
    pieces = []
    for start, end in _valid(intervals):
        start_ms, end_ms = round(start * MS), round(end * MS)
        if start_ms < end_ms:
            pieces.append((start_ms, end_ms))
    return _merge_ms(pieces, 0)


def reported_ms(intervals: Iterable[object], lo_ms: int, hi_ms: int) -> list[MsInterval]:
    """Untrusted reports clamped to [lo_ms, hi_ms] and rounded inward to whole milliseconds."""
    pieces = []
    for start, end in _valid(intervals):
        start = max(start, lo_ms / MS)  # clamp in seconds first: no huge numbers reach ceil/floor
        end = min(end, hi_ms / MS)
        if start >= end:
            continue
        start_ms, end_ms = max(math.ceil(start * MS), lo_ms), min(math.floor(end * MS), hi_ms)
        if start_ms < end_ms:
            pieces.append((start_ms, end_ms))
    return pieces


def total_ms(pieces: Iterable[MsInterval]) -> int:
    return sum(end - start for start, end in _merge_ms(pieces, 0))


def credit_ms(
    stored: list[MsInterval], reported: Iterable[object], lo_ms: int, hi_ms: int, budget_ms: int
) -> list[MsInterval]:
    """The server's rule for accepting watched time reported by a browser, exactly.

    `stored` is what was credited before (as `stored_ms` reads it); `reported` comes
    from an untrusted client, in seconds. Reports are clamped to the clip and rounded
    inward; gaps of up to TOUCH_GAP between them and stored time are bridged; the
    parts not already stored are new time, credited earliest first up to `budget_ms`
    (the last piece trimmed). Returns the new stored set, whose total is at most
    total_ms(stored) + max(budget_ms, 0): nothing is bridged or rounded after that.
    """
    base = _merge_ms(stored, 0)
    if budget_ms <= 0:
        return base
    bridged = _merge_ms(base + reported_ms(reported, lo_ms, hi_ms), TOUCH_GAP_MS)
    credited: list[MsInterval] = []
    remaining = budget_ms
    for start, end in _cut(bridged, base):
        take = min(end - start, remaining)
        credited.append((start, start + take))
        remaining -= take
        if remaining <= 0:
            break
    return _merge_ms(base + credited, 0)


def enough_ms(done_ms: int, of_ms: int, threshold: float) -> bool:
    """Whether `done_ms` is at least `threshold` × `of_ms`, exactly: the threshold as the decimal
    the author wrote (0.9 is 9/10), whole milliseconds on both sides, nothing rounded first
    (a clip 8 ms short of a threshold of 1 is not watched)."""
    if of_ms <= 0:
        return False
    share = Fraction(repr(float(threshold)))
    return done_ms * share.denominator >= share.numerator * of_ms


def share_floor(done_ms: int, of_ms: int, places: int = 4) -> float:
    """done_ms / of_ms for display, rounded down to `places` decimals: never shows more than was done."""
    if of_ms <= 0:
        return 0.0
    scale = 10**places
    return min(done_ms * scale // of_ms, scale) / scale


def as_seconds(pieces: Iterable[MsInterval]) -> list[Interval]:
    """Milliseconds to the stored form: seconds with at most 3 decimals (reads back exactly)."""
    return [(start / MS, end / MS) for start, end in pieces]


# --- reading the transcript instead, in whole milliseconds -----------------------------
#
# Where the author allows it, reading the transcript completes a segment. The browser
# only says "the transcript is open and visible" every few seconds; the server turns the
# wall-clock time between two such reports into reading time. So a single report (one
# click) credits nothing, a gap longer than MAX_READING_STEP_MS counts only that much
# (the reader left), and the credited total never exceeds the wall clock since the first
# reading report: `credit_reading_ms` pays at most the clock's remaining budget.

READING_WORDS_PER_MINUTE = 250  # a steady adult reading pace for non-fiction
MAX_READING_STEP_MS = 30_000  # the page reports every ~10 s while the transcript is open


def reading_needed_ms(words: int) -> int:
    """Reading time, in whole milliseconds, for `words` words at READING_WORDS_PER_MINUTE."""
    return -(-max(int(words), 0) * 60_000 // READING_WORDS_PER_MINUTE)


def credit_reading_ms(
    read_ms: int, since_last_ms: int, since_first_ms: int, needed_ms: int, budget_ms: int | None = None
) -> int:
    """The new credited reading time after one report.

    `since_last_ms` is the wall-clock time since the previous reading report,
    `since_first_ms` since the first one. The step is the time since the last report,
    at most MAX_READING_STEP_MS, at most what the clock still allows
    (since_first_ms - read_ms), and at most `budget_ms` (what the learner's clock across
    the course still allows, if given); the total stops at `needed_ms`. Never decreases.
    """
    budget = since_first_ms - read_ms
    if budget_ms is not None:
        budget = min(budget, budget_ms)
    step = min(max(since_last_ms, 0), MAX_READING_STEP_MS, max(budget, 0))
    return max(read_ms, min(read_ms + step, needed_ms))
