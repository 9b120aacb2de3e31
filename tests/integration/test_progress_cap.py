"""The crediting rule on the service and the handler: no sequence of reports, at any
timing, stores more watched time than MAX_PLAYBACK_RATE × the wall clock since the
learner's first report, on one segment or across all the segments of a course (one
clock per learner and course: many tabs add nothing). Runs on SQLite and, in the
MariaDB pass, on InnoDB.

The property test drives `record_progress` itself (the database row, its JSON
round trip, the coverage it stores) with generated report sequences and clocks,
including sub-millisecond steps and gaps just around the TOUCH_GAP threshold, and
checks the cap after every step.
"""
import importlib
import itertools
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from django.apps import apps as django_apps
from django.utils import timezone as django_timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_xblock.core.content import validate_content
from mentor_xblock.core.intervals import MS, TOUCH_GAP, stored_ms, total_ms
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import SegmentProgress, WatchClock
from mentor_xblock.services.progress import MAX_PLAYBACK_RATE, BlockRef, record_progress
from tests.conftest import olx
from tests.integration.servers import call, csrf_token
from tests.integration.test_reflections_concurrency import usage_id

pytestmark = pytest.mark.django_db

CLIP = validate_content({
    "items": [{"kind": "segment", "id": "clip", "title": "Clip", "url": "https://www.youtube.com/watch?v=qp0HIF3SfI4",
               "start": 70, "end": 245}],
}).segments[0]
REF = BlockRef(course_key="course-v1:test+cap+run", block_key="block-v1:test+cap+run+type@mentorship+block@cap")
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
_counter = itertools.count()

# Steps between reports: zero, sub-millisecond, around a second, long pauses.
steps = st.one_of(
    st.just(timedelta(0)),
    st.integers(min_value=1, max_value=999).map(lambda us: timedelta(microseconds=us)),
    st.integers(min_value=1, max_value=3_000).map(lambda ms: timedelta(milliseconds=ms)),
    st.integers(min_value=1, max_value=400).map(lambda s: timedelta(seconds=s)),
)
times = st.one_of(
    st.floats(min_value=CLIP.start - 20, max_value=CLIP.end + 20, allow_nan=False, allow_infinity=False),
    st.integers(min_value=CLIP.start * 10, max_value=CLIP.end * 10).map(lambda tenths: tenths / 10),
)


@st.composite
def comb(draw):
    """Many tiny intervals spaced just around TOUCH_GAP: the shape of the rounding attack."""
    start = draw(st.floats(min_value=CLIP.start, max_value=CLIP.end - 1))
    spacing = TOUCH_GAP + draw(st.sampled_from([-0.0004, -0.0001, 0.0, 0.00005, 0.0002, 0.0005, 0.0009, 0.0011]))
    width = draw(st.sampled_from([0.00001, 0.0001, 0.0004, 0.001, 0.01]))
    count = draw(st.integers(min_value=1, max_value=400))
    return [[start + i * spacing, start + i * spacing + width] for i in range(count)]


reports = st.one_of(
    st.lists(st.tuples(times, times).map(list), max_size=12),
    comb(),
    st.just([[CLIP.start, CLIP.end]]),
    st.just([]),
)


def stored_total_ms(row) -> int:
    return sum(end - start for start, end in stored_ms(row.intervals))


def check_cap(row, now) -> None:
    elapsed_us = (now - row.first_report_at) // timedelta(microseconds=1)
    total_ms = stored_total_ms(row)
    # Exact: whole milliseconds against the microsecond clock, no tolerance.
    assert total_ms * 1000 <= MAX_PLAYBACK_RATE * elapsed_us, (total_ms, elapsed_us)
    assert round(row.watched_seconds * MS) == total_ms and row.watched_seconds == total_ms / MS
    # What is stored reads back exactly, inside the clip, sorted and disjoint.
    assert [list(pair) for pair in json.loads(json.dumps(row.intervals))] == row.intervals
    pieces = stored_ms(row.intervals)
    assert [[a / MS, b / MS] for a, b in pieces] == row.intervals
    assert all(CLIP.start * MS <= a < b <= CLIP.end * MS for a, b in pieces)
    assert row.coverage <= min(1.0, total_ms / ((CLIP.end - CLIP.start) * MS)) + 0.00005


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(steps, reports), min_size=1, max_size=8))
def test_no_report_sequence_beats_the_clock(sequence):
    learner = f"cap-{next(_counter)}-{uuid.uuid4().hex[:8]}"
    now = T0
    for step, reported in sequence:
        now += step
        update = record_progress(REF, learner, CLIP, reported, 0.9, now=now)
        stored = SegmentProgress.objects.get(pk=update.row.pk)  # what the database kept, not the object
        check_cap(stored, now)
        assert update.row.intervals == stored.intervals


def test_the_rounding_attack_does_not_complete_the_segment():
    """[] at t=0, ~350 tiny intervals ~0.5 s apart at t=1 s, then any third report."""
    learner = f"attack-{uuid.uuid4().hex[:8]}"
    record_progress(REF, learner, CLIP, [], 0.9, now=T0)
    tiny = [[CLIP.start + i * 0.5004, CLIP.start + i * 0.5004 + 0.0001] for i in range(350)]
    record_progress(REF, learner, CLIP, tiny, 0.9, now=T0 + timedelta(seconds=1))
    update = record_progress(REF, learner, CLIP, [[CLIP.start, CLIP.start + 1]], 0.9,
                             now=T0 + timedelta(seconds=1, milliseconds=1))
    assert not update.row.watched
    assert update.row.watched_seconds <= 2.002
    check_cap(update.row, T0 + timedelta(seconds=1, milliseconds=1))


def test_a_budget_trimmed_piece_is_never_bridged_to_stored_time():
    """The budget runs out 0.1 s before stored time resumes: that gap stays unpaid and unbridged."""
    learner = f"trim-{uuid.uuid4().hex[:8]}"
    record_progress(REF, learner, CLIP, [], 0.9, now=T0)
    record_progress(REF, learner, CLIP, [[100, 110]], 0.9, now=T0 + timedelta(seconds=5))
    now = T0 + timedelta(seconds=5.45)  # the clock now allows 10.9 s: 0.9 s more
    update = record_progress(REF, learner, CLIP, [[99, 100]], 0.9, now=now)
    assert update.row.intervals == [[99.0, 99.9], [100.0, 110.0]]
    check_cap(update.row, now)
    later = record_progress(REF, learner, CLIP, [], 0.9, now=now)
    assert later.row.intervals == update.row.intervals


def test_honest_playback_completes_within_the_clock():
    learner = f"honest-{uuid.uuid4().hex[:8]}"
    now = T0
    record_progress(REF, learner, CLIP, [], 0.9, now=now)
    position = float(CLIP.start)
    update = None
    while position < CLIP.end:  # a player reporting every 10 s at normal speed, with 0.3 s holes
        now += timedelta(seconds=10)
        update = record_progress(REF, learner, CLIP, [[position, min(position + 9.7, CLIP.end)]], 0.9, now=now)
        position += 10
    assert update.row.watched and update.row.coverage == 1.0


def test_the_attack_through_the_handler_credits_nothing_beyond_the_clock(workbench):
    """The same attack as a learner sends it: real requests, real clock."""
    usage = workbench.add_scenario("cap_attack", olx("one_segment.xml"))
    segment = workbench.block(usage).authored.segments[0]
    assert workbench.post(usage, "record_progress", {"segment_id": segment.id, "intervals": []}).status_code == 200
    started = time.monotonic()
    time.sleep(1.0)
    tiny = [[segment.start + i * 0.5004, segment.start + i * 0.5004 + 0.0001] for i in range(350)]
    workbench.post(usage, "record_progress", {"segment_id": segment.id, "intervals": tiny})
    answer = workbench.post(usage, "record_progress", {"segment_id": segment.id, "intervals": [[0, 1]]}).json()
    elapsed = time.monotonic() - started + 0.5  # generous: the server's clock started a little earlier
    assert answer["watched"] is False
    assert answer["watched_seconds"] <= MAX_PLAYBACK_RATE * elapsed


# --- one clock per learner and course, across segments and blocks -------------------

SEGMENTS = validate_content({
    "items": [{"kind": "segment", "id": f"s{n}", "title": f"Clip {n}", "url": "https://www.youtube.com/watch?v=qp0HIF3SfI4",
               "start": 700 * n, "end": 700 * n + 600} for n in range(7)],  # long: only the clock limits
}).segments
# Two blocks of one course: the course's clock spans them.
BLOCKS = [BlockRef(course_key="course-v1:test+cap+many", block_key=f"block-v1:test+cap+many+type@mentorship+block@b{n}")
          for n in range(2)]
OTHER_COURSE = BlockRef(course_key="course-v1:test+cap+other", block_key="block-v1:test+cap+other+type@mentorship+block@o")


def course_total_ms(course_key: str, learner: str) -> int:
    rows = SegmentProgress.objects.filter(course_key=course_key, learner_id=learner)
    return sum(total_ms(stored_ms(row.intervals)) for row in rows)


def check_course_cap(course_key: str, learner: str, first, now) -> None:
    """Exact: every segment's stored milliseconds together, against the microsecond clock since
    the learner's first report in the course; the clock's own count is that sum."""
    credited = course_total_ms(course_key, learner)
    elapsed_us = (now - first) // timedelta(microseconds=1)
    assert credited * 1000 <= MAX_PLAYBACK_RATE * elapsed_us, (credited, elapsed_us)
    assert WatchClock.objects.get(course_key=course_key, learner_id=learner).credited_ms == credited


def whole(segment):
    return [[segment.start, segment.end]]


many_reports = st.one_of(
    st.just("whole"),  # the tab attack: the whole clip, every time
    st.lists(st.tuples(st.integers(0, 600_000), st.integers(1, 60_000)).map(lambda p: [p[0] / MS, (p[0] + p[1]) / MS]),
             max_size=4),
)
# Tabs report every few seconds: steps from nothing to half a minute.
tab_steps = st.one_of(
    st.just(timedelta(0)),
    st.integers(min_value=1, max_value=999).map(lambda us: timedelta(microseconds=us)),
    st.integers(min_value=1, max_value=30_000).map(lambda ms: timedelta(milliseconds=ms)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(tab_steps, st.integers(0, len(BLOCKS) - 1), st.integers(0, len(SEGMENTS) - 1), many_reports),
                min_size=1, max_size=30))
def test_no_interleaving_of_segments_and_blocks_beats_the_course_clock(sequence):
    """Many tabs: reports on any of 14 segments (two blocks of a course), interleaved at any timing.
    The course's total stays within 2 × the wall clock since the learner's first report in it."""
    learner = f"tabs-{next(_counter)}-{uuid.uuid4().hex[:8]}"
    now, first = T0, None
    for step, block, index, reported in sequence:
        now += step
        segment = SEGMENTS[index]
        if reported != "whole":
            reported = [[segment.start + a, segment.start + b] for a, b in reported]
        record_progress(BLOCKS[block], learner, segment, whole(segment) if reported == "whole" else reported, 0.9,
                        now=now)
        first = first or now
        check_course_cap(BLOCKS[0].course_key, learner, first, now)


def test_seven_tabs_at_once_earn_one_clock():
    """Seven segments playing in seven tabs, each reporting its whole clip every second for 20 s:
    together they credit at most 2 × 20 s (per segment, each would have credited 40 s)."""
    learner = f"seven-{uuid.uuid4().hex[:8]}"
    for segment in SEGMENTS:
        record_progress(BLOCKS[0], learner, segment, [], 0.9, now=T0)
    for second in range(1, 21):
        for segment in SEGMENTS:
            record_progress(BLOCKS[0], learner, segment, whole(segment), 0.9, now=T0 + timedelta(seconds=second))
    assert course_total_ms(BLOCKS[0].course_key, learner) == 40_000
    check_course_cap(BLOCKS[0].course_key, learner, T0, T0 + timedelta(seconds=20))
    assert not SegmentProgress.objects.filter(learner_id=learner, watched=True).exists()


def test_another_course_has_its_own_clock():
    learner = f"two-courses-{uuid.uuid4().hex[:8]}"
    for ref in (BLOCKS[0], OTHER_COURSE):
        record_progress(ref, learner, SEGMENTS[0], [], 0.9, now=T0)
        update = record_progress(ref, learner, SEGMENTS[0], whole(SEGMENTS[0]), 0.9, now=T0 + timedelta(seconds=10))
        assert update.row.watched_seconds == 20


# --- the watched threshold, in whole milliseconds -------------------------------------


@pytest.mark.parametrize(("short_ms", "threshold", "watched"), [
    (8, 1.0, False),  # 99.995 % of a 175 s clip would round to 1.0: not watched
    (1, 1.0, False),
    (0, 1.0, True),
    (17_500, 0.9, True),  # exactly 90 %
    (17_501, 0.9, False),  # 1 ms under 90 %
])
def test_the_threshold_is_compared_in_whole_milliseconds(short_ms, threshold, watched):
    learner = f"threshold-{uuid.uuid4().hex[:8]}"
    record_progress(REF, learner, CLIP, [], threshold, now=T0)
    end = (CLIP.end * MS - short_ms + 0.5) / MS  # half a millisecond over: reports are rounded inward
    update = record_progress(REF, learner, CLIP, [[CLIP.start, end]], threshold, now=T0 + timedelta(minutes=5))
    assert total_ms(stored_ms(update.row.intervals)) == (CLIP.end - CLIP.start) * MS - short_ms
    assert update.row.watched is watched and update.newly_watched is watched
    assert update.row.coverage <= (CLIP.end - CLIP.start - short_ms / MS) / (CLIP.end - CLIP.start)


# --- many tabs at once, on two server processes -----------------------------------------

LEADERSHIP = {"why": (70, 245), "lollipop": (15, 370), "motivation": (390, 585), "player": (5, 45)}


@pytest.mark.django_db(transaction=True)
def test_tabs_racing_on_two_servers_stay_within_one_clock(two_servers):
    """Four segments of the demo module, each reported whole by six tabs at once through two server
    processes: every request answers 200 (deadlocks are retried), and the course's credited total
    is within 2 × the real time since the learner's first report, the clock's count exactly that."""
    token = csrf_token(two_servers[0])
    url = "{}/handler/{}/record_progress/?student=racer"

    def report(n, segment, intervals):
        return call(url.format(two_servers[n % 2], usage_id()), {"segment_id": segment, "intervals": intervals}, token)[0]

    assert {report(0, segment, []) for segment in LEADERSHIP} == {200}
    time.sleep(0.5)
    calls = [(n, segment, [list(LEADERSHIP[segment])]) for n in range(6) for segment in LEADERSHIP]
    with ThreadPoolExecutor(max_workers=24) as threads:
        statuses = list(threads.map(lambda args: report(*args), calls))
    finished = django_timezone.now()
    assert statuses == [200] * len(calls)
    learner = anonymous_id_for("racer")
    clock = WatchClock.objects.get(learner_id=learner)
    credited = sum(total_ms(stored_ms(row.intervals)) for row in SegmentProgress.objects.filter(learner_id=learner))
    assert credited == clock.credited_ms > 0
    assert credited * 1000 <= MAX_PLAYBACK_RATE * ((finished - clock.first_report_at) // timedelta(microseconds=1))


def test_the_migration_starts_each_clock_from_existing_progress():
    """0011_watch_clock: progress credited before the clock existed counts on it, so the rule holds
    for it too: the earliest first report, the sum of what each segment credited, and reading alike."""
    start_clocks = importlib.import_module("mentor_xblock.migrations.0011_watch_clock").start_clocks
    learner, other = f"old-{uuid.uuid4().hex[:8]}", f"old-{uuid.uuid4().hex[:8]}"
    rows = [(learner, BLOCKS[0], "s0", 10.5, T0 + timedelta(seconds=5), 2_000, T0 + timedelta(seconds=1)),
            (learner, BLOCKS[1], "s1", 3.25, T0, 0, None),
            (other, BLOCKS[0], "s0", 1.0, T0, 0, None)]
    for who, ref, segment, seconds, first, read, first_read in rows:
        SegmentProgress.objects.create(course_key=ref.course_key, block_key=ref.block_key, learner_id=who,
                                       segment_id=segment, watched_seconds=seconds, first_report_at=first,
                                       read_ms=read, first_read_at=first_read)
    start_clocks(django_apps, None)
    clock = WatchClock.objects.get(learner_id=learner)
    assert (clock.course_key, clock.first_report_at, clock.credited_ms) == (BLOCKS[0].course_key, T0, 13_750)
    assert (clock.first_read_at, clock.read_ms) == (T0 + timedelta(seconds=1), 2_000)
    assert WatchClock.objects.get(learner_id=other).credited_ms == 1_000
