"""Tests for mentor_xblock.core.intervals: watched-time arithmetic and the credit rule.

The rule is stated in seconds through the reference in tests/oracles/intervals.py
(`credit` drives the core's `credit_ms`; normalise, clamp, total, subtract and coverage
are the plain set operations the properties compare it with)."""
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mentor_xblock.core.intervals import MS, TOUCH_GAP, as_seconds, credit_ms, reported_ms, stored_ms
from tests.oracles.intervals import clamp, coverage, credit, normalise, subtract, total

EPSILON = 1e-6

# --- examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ([], []),
        ([[0, 10]], [(0.0, 10.0)]),
        ([[20, 30], [0, 10]], [(0.0, 10.0), (20.0, 30.0)]),
        ([[0, 10], [5, 15]], [(0.0, 15.0)]),
        ([[0, 10], [10, 15]], [(0.0, 15.0)]),
        ([[0, 10], [10.5, 15]], [(0.0, 15.0)]),  # gap of exactly 0.5 s touches
        ([[0, 10], [10.6, 15]], [(0.0, 10.0), (10.6, 15.0)]),
        ([[0, 100], [10, 20]], [(0.0, 100.0)]),
        ([(1, 2)], [(1.0, 2.0)]),
    ],
)
def test_normalise_examples(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "invalid",
    [
        [5, 1],  # inverted
        [3, 3],  # empty
        [float("nan"), 3],
        [0, float("nan")],
        [0, float("inf")],
        [float("-inf"), 3],
        [True, 3],
        ["1", "3"],
        [None, 3],
        [1, 2, 3],
        [1],
        "ab",
        {"from": 1, "to": 3},
        None,
        7,
        [10**400, 10**401],
    ],
)
def test_normalise_drops_invalid(invalid):
    assert normalise([invalid, [40, 50]]) == [(40.0, 50.0)]


def test_negative_times_are_kept_by_normalise_but_clamped_away():
    assert normalise([[-5, -1]]) == [(-5.0, -1.0)]
    assert clamp([[-5, -1], [-2, 3]], 0, 10) == [(0.0, 3.0)]


@pytest.mark.parametrize(
    "raw, lo, hi, expected",
    [
        ([[0, 100]], 10, 20, [(10.0, 20.0)]),
        ([[0, 5], [15, 30]], 10, 20, [(15.0, 20.0)]),
        ([[0, 5]], 10, 20, []),
        ([[0, 10], [10.2, 12]], 0, 20, [(0.0, 10.0), (10.2, 12.0)]),  # exact: no gap bridging
        ([[0, 100]], 20, 10, []),
    ],
)
def test_clamp(raw, lo, hi, expected):
    assert clamp(raw, lo, hi) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [([], 0.0), ([[0, 10]], 10.0), ([[0, 10], [5, 15]], 15.0), ([[0, 1], [2, 3]], 2.0), ([[5, 1]], 0.0)],
)
def test_total(raw, expected):
    assert total(raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([[0, 10]], [], [(0.0, 10.0)]),
        ([[0, 10]], [[0, 10]], []),
        ([[0, 10]], [[2, 3], [5, 6]], [(0.0, 2.0), (3.0, 5.0), (6.0, 10.0)]),
        ([[0, 10]], [[5.1, 5.2]], [(0.0, 5.1), (5.2, 10.0)]),  # not re-merged
        ([[0, 10], [20, 30]], [[5, 25]], [(0.0, 5.0), (25.0, 30.0)]),
        ([[0, 10]], [[-5, 3], [8, 50]], [(3.0, 8.0)]),
        ([[0, 10]], [[20, 30]], [(0.0, 10.0)]),
    ],
)
def test_subtract(a, b, expected):
    assert subtract(a, b) == expected


@pytest.mark.parametrize(
    "raw, lo, hi, expected",
    [
        ([], 0, 100, 0.0),
        ([[0, 50]], 0, 100, 0.5),
        ([[0, 500]], 100, 200, 1.0),
        ([[90, 110], [150, 160]], 100, 200, 0.2),
        ([[0, 10]], 10, 10, 0.0),
    ],
)
def test_coverage(raw, lo, hi, expected):
    assert coverage(raw, lo, hi) == pytest.approx(expected)


def test_credit_seek_to_end_only_credits_what_was_reported():
    # The learner jumps straight to the end of a 0-255 s clip; only 5 s count.
    result = credit([], [[250, 255]], 0, 255, budget=60)
    assert result == [(250.0, 255.0)]
    assert coverage(result, 0, 255) == pytest.approx(5 / 255)


def test_credit_caps_forged_intervals_by_budget():
    result = credit([[0, 30]], [[0, 10_000]], 0, 600, budget=20)
    assert result == [(0.0, 50.0)]


def test_credit_takes_earliest_pieces_first_and_trims_the_last():
    result = credit([], [[100, 110], [10, 20], [50, 60]], 0, 600, budget=15)
    assert result == [(10.0, 20.0), (50.0, 55.0)]


@pytest.mark.parametrize("budget", [0, -10, float("nan"), float("-inf")])
def test_credit_without_budget_changes_nothing(budget):
    assert credit([[0, 30]], [[0, 300]], 0, 600, budget) == [(0.0, 30.0)]


def test_credit_drops_negative_inverted_and_nan_reports():
    reported = [[-50, -10], [40, 35], [float("nan"), 60], [70, float("inf")], [80, 90]]
    assert credit([], reported, 0, 600, budget=1000) == [(80.0, 90.0)]


def test_credit_clamps_to_the_clip():
    assert credit([], [[0, 1000]], 100, 200, budget=1000) == [(100.0, 200.0)]


def test_credit_ignores_already_stored_time():
    # Re-reporting watched time must not eat the budget needed for new time.
    result = credit([[0, 100]], [[0, 100], [100, 110]], 0, 600, budget=10)
    assert result == [(0.0, 110.0)]


@pytest.mark.parametrize("budget, expected_end", [(100, 20.0), (10, 20.0), (9.7, 19.7), (5, 15.0)])
def test_credit_pays_for_bridged_gaps(budget, expected_end):
    # A report 0.3 s after stored time is bridged by normalise; the gap counts as new time.
    result = credit([[0, 10]], [[10.3, 20]], 0, 100, budget)
    assert result == [(0.0, pytest.approx(expected_end))]
    assert total(result) <= 10 + budget + EPSILON


def test_credit_never_bridges_stored_time_for_free():
    # A budget of 0.8 s ends the credited piece 0.2 s before stored time resumes.
    # The stored form keeps that gap: nothing is bridged or rounded after crediting.
    stored = [(0.0, 10.0), (11.0, 20.0)]
    result = credit(stored, [[0, 20], [30, 40]], 0, 100, budget=0.8)
    assert result == [(0.0, 10.8), (11.0, 20.0)]
    assert credit(result, [], 0, 100, budget=0) == result


def test_the_rounding_attack_credits_only_the_budget():
    # The attack that forged a watched segment in one second: ~350 tiny intervals just
    # over TOUCH_GAP apart; rounding them to 3 decimals used to turn each gap into
    # exactly 0.5 s, which the next report's normalisation bridged for free.
    tiny = [[70 + i * 0.5006, 70 + i * 0.5006 + 0.0001] for i in range(350)]
    first = credit([], tiny, 70, 245, budget=2.0)
    assert total(first) <= 2.0 + 1e-9
    second = credit(first, [[70, 70.001]], 70, 245, budget=2.0 - total(first))
    assert total(second) <= 2.0 + 1e-9
    assert credit(second, [], 70, 245, budget=0) == second


@pytest.mark.parametrize("reported, expected", [
    ([[10.0004, 10.9996]], [(10.001, 10.999)]),  # rounded inward, never outward
    ([[10.0001, 10.0009]], []),  # less than one whole millisecond
])
def test_credit_rounds_reports_inward_to_milliseconds(reported, expected):
    assert credit([], reported, 0, 100, budget=100) == expected


def test_stored_ms_reads_the_stored_form_back_exactly():
    pieces = [(1, 2), (70_001, 70_002), (123_456_789, 123_456_790)]
    assert stored_ms(as_seconds(pieces)) == pieces
    assert credit_ms(pieces, [], 0, 10**12, 0) == pieces


# --- properties --------------------------------------------------------------

MEDIA_END = 10_000.0
times = st.one_of(
    st.floats(min_value=-100.0, max_value=MEDIA_END + 100, allow_nan=False, allow_infinity=False),
    # A tenth-of-a-second grid makes sub-TOUCH_GAP gaps and exact touches common.
    st.integers(min_value=-1000, max_value=int(MEDIA_END * 10) + 1000).map(lambda tenths: tenths / 10),
)
raw_interval = st.one_of(
    st.tuples(times, times),
    st.tuples(st.just(float("nan")), times),
    st.tuples(times, st.just(float("inf"))),
)
raw_intervals = st.lists(raw_interval, max_size=20)
budgets = st.one_of(
    st.floats(min_value=-100.0, max_value=2 * MEDIA_END, allow_nan=False),
    st.just(0.0),
    st.just(float("nan")),
)


@st.composite
def clip_bounds(draw):
    lo = draw(st.floats(min_value=0.0, max_value=MEDIA_END - 1))
    hi = draw(st.floats(min_value=lo + 1, max_value=MEDIA_END))
    return lo, hi


def _inside(point, intervals):
    return any(start - EPSILON <= point <= end + EPSILON for start, end in intervals)


def _is_normalised(intervals):
    return all(
        start < end and (i == 0 or start > intervals[i - 1][1] + TOUCH_GAP)
        for i, (start, end) in enumerate(intervals)
    )


def _is_stored_form(intervals):
    """Sorted, disjoint, not touching, in whole milliseconds that read back exactly."""
    pieces = stored_ms(intervals)
    return as_seconds(pieces) == list(intervals) and all(
        start < end and (i == 0 or start > pieces[i - 1][1]) for i, (start, end) in enumerate(pieces)
    )


@given(raw_intervals)
def test_normalise_is_idempotent_and_well_formed(raw):
    once = normalise(raw)
    assert normalise(once) == once
    assert _is_normalised(once)
    assert all(math.isfinite(value) for interval in once for value in interval)


@given(raw_intervals)
def test_normalise_covers_every_valid_input(raw):
    once = normalise(raw)
    for start, end in raw:
        if math.isfinite(start) and math.isfinite(end) and start < end:
            assert _inside(start, once) and _inside(end, once)


def _union(intervals):
    """Exact union (no gap bridging), via clamp with unbounded limits."""
    return clamp(intervals, -math.inf, math.inf)


@given(raw_intervals, raw_intervals)
def test_subtract_plus_intersection_is_a(a, b):
    intersection = [piece for b_start, b_end in _union(b) for piece in clamp(a, b_start, b_end)]
    assert total(subtract(a, b)) + total(intersection) == pytest.approx(total(a), abs=1e-6)


@given(raw_intervals, raw_intervals)
def test_subtract_pieces_are_in_a_and_not_in_b(a, b):
    pieces = subtract(a, b)
    assert pieces == sorted(pieces)
    for start, end in pieces:
        middle = (start + end) / 2
        assert _inside(middle, _union(a))
        assert not any(b_start < middle < b_end for b_start, b_end in _union(b))


@given(raw_intervals, clip_bounds())
def test_coverage_is_a_fraction(raw, bounds):
    lo, hi = bounds
    assert 0.0 <= coverage(raw, lo, hi) <= 1.0


@given(raw_intervals, raw_intervals, clip_bounds(), budgets)
def test_credit_never_exceeds_budget(stored_raw, reported, bounds, budget):
    lo, hi = bounds
    stored = normalise(stored_raw)
    result = credit(stored, reported, lo, hi, budget)
    allowed = math.floor(budget * MS) if budget > 0 else 0
    assert sum(b - a for a, b in stored_ms(result)) <= sum(b - a for a, b in stored_ms(stored)) + allowed
    assert _is_stored_form(result)


@given(raw_intervals, raw_intervals, clip_bounds(), budgets)
def test_credit_stays_inside_clip_or_stored(stored_raw, reported, bounds, budget):
    lo, hi = bounds
    stored = credit([], stored_raw, lo, hi, math.inf)  # what earlier credit() calls produce
    result = credit(stored, reported, lo, hi, budget)
    for start, end in subtract(result, stored):
        assert lo - EPSILON <= start < end <= hi + EPSILON


@given(raw_intervals, raw_intervals, clip_bounds(), budgets)
def test_credit_never_loses_stored_time(stored_raw, reported, bounds, budget):
    lo, hi = bounds
    stored = as_seconds(stored_ms(stored_raw))  # the stored form: whole milliseconds
    result = credit(stored, reported, lo, hi, budget)
    assert subtract(stored, result) == []


@given(raw_intervals, raw_intervals, clip_bounds(), budgets)
def test_rereporting_with_zero_budget_is_idempotent(stored_raw, reported, bounds, budget):
    lo, hi = bounds
    first = credit(normalise(stored_raw), reported, lo, hi, budget)
    assert credit(first, reported, lo, hi, 0) == first


@given(raw_intervals, raw_intervals, clip_bounds())
def test_rereporting_credited_time_adds_nothing(stored_raw, reported, bounds):
    lo, hi = bounds
    first = credit(normalise(clamp(stored_raw, lo, hi)), reported, lo, hi, budget=math.inf)
    assert credit(first, reported, lo, hi, budget=1000.0) == first


@given(raw_intervals, clip_bounds(), st.floats(min_value=0.0, max_value=2 * MEDIA_END))
def test_credit_with_ample_budget_credits_the_clamped_report(reported, bounds, budget):
    lo, hi = bounds
    assume(budget >= total(normalise(clamp(reported, lo, hi))) + 1)
    lo_ms, hi_ms = math.ceil(lo * MS), math.floor(hi * MS)
    bridged = stored_ms(normalise(as_seconds(reported_ms(reported, lo_ms, hi_ms))))
    assert credit([], reported, lo, hi, budget) == as_seconds(bridged)


# --- reading credit -------------------------------------------------------------------

from mentor_xblock.core.intervals import (  # noqa: E402
    MAX_READING_STEP_MS,
    credit_reading_ms,
    reading_needed_ms,
)


@pytest.mark.parametrize("words, needed", [(0, 0), (-5, 0), (1, 240), (250, 60_000), (251, 60_240)])
def test_reading_needed_ms_is_250_words_a_minute_rounded_up(words, needed):
    assert reading_needed_ms(words) == needed


@pytest.mark.parametrize(
    "read, since_last, since_first, needed, expected",
    [
        (0, 0, 0, 60_000, 0),  # the first report: no time has passed
        (0, 10_000, 10_000, 60_000, 10_000),
        (0, 3_600_000, 3_600_000, 60_000, MAX_READING_STEP_MS),  # a long absence counts one step
        (50_000, 20_000, 80_000, 60_000, 60_000),  # stops at what the transcript needs
        (10_000, 20_000, 15_000, 60_000, 15_000),  # never beyond the clock since the first report
        (10_000, -5_000, 20_000, 60_000, 10_000),  # a clock going back credits nothing
        (70_000, 10_000, 90_000, 60_000, 70_000),  # never decreases (the transcript got shorter)
    ],
)
def test_credit_reading_ms(read, since_last, since_first, needed, expected):
    assert credit_reading_ms(read, since_last, since_first, needed) == expected


@given(st.integers(0, 10**7), st.integers(-10**6, 10**7), st.integers(0, 10**7), st.integers(0, 10**7))
def test_credit_reading_ms_never_passes_the_clock_or_a_step(read, since_last, since_first, needed):
    credited = credit_reading_ms(read, since_last, since_first, needed)
    assert credited >= read
    assert credited == read or (credited <= since_first and credited - read <= MAX_READING_STEP_MS)


@given(st.integers(0, 10**7), st.integers(0, 10**6), st.integers(0, 10**7), st.integers(0, 10**7),
       st.integers(-10**6, 10**7))
def test_credit_reading_ms_never_passes_the_course_budget(read, since_last, since_first, needed, budget):
    credited = credit_reading_ms(read, since_last, since_first, needed, budget_ms=budget)
    assert read <= credited <= max(read, read + budget)
    assert credited <= credit_reading_ms(read, since_last, since_first, needed)


# --- the threshold, exactly --------------------------------------------------------------

from fractions import Fraction  # noqa: E402

from mentor_xblock.core.intervals import enough_ms, share_floor  # noqa: E402


@pytest.mark.parametrize("done, of, threshold, expected", [
    (174_992, 175_000, 1.0, False),  # 8 ms short: 0.99995 would round to 1.0
    (175_000, 175_000, 1.0, True),
    (157_500, 175_000, 0.9, True),  # exactly 90 %
    (157_499, 175_000, 0.9, False),
    (70_000, 100_000, 0.7, True),  # 0.7 × 100000 is 70000.00000000001 in floats
    (0, 0, 0.9, False),  # nothing to watch is never watched
])
def test_enough_ms_compares_whole_milliseconds_with_the_written_threshold(done, of, threshold, expected):
    assert enough_ms(done, of, threshold) is expected


@given(st.integers(0, 10**9), st.integers(1, 10**9), st.decimals("0.5", "1", places=4))
def test_enough_ms_is_the_exact_comparison(done, of, written):
    threshold = float(written)
    assert enough_ms(done, of, threshold) == (Fraction(done, of) >= Fraction(str(written)))
    assert Fraction(repr(share_floor(done, of))) <= min(Fraction(done, of), 1)  # as the 4 decimals shown
