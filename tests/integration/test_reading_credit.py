"""Transcript-reading credit: no sequence of reading reports, at any timing, credits more
reading time than the wall clock since the learner's first reading report, on one segment or
across all the segments of a course (the course's reading clock), and one report (a click)
credits nothing. Runs on SQLite and, in the MariaDB pass, on InnoDB.
"""
import itertools
import uuid
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_xblock.core.intervals import MAX_READING_STEP_MS, reading_needed_ms
from mentor_xblock.models import SegmentProgress, WatchClock
from mentor_xblock.services.progress import BlockRef, record_progress, record_reading
from tests.integration.test_progress_cap import BLOCKS, CLIP, SEGMENTS, T0  # the watching rule's clips and clock

pytestmark = pytest.mark.django_db

REF = BlockRef(course_key="course-v1:test+read+run", block_key="block-v1:test+read+run+type@mentorship+block@read")
NEEDED = reading_needed_ms(500)  # two minutes at 250 words a minute
_counter = itertools.count()

steps = st.one_of(
    st.just(timedelta(0)),
    st.integers(min_value=1, max_value=999).map(lambda us: timedelta(microseconds=us)),
    st.integers(min_value=1, max_value=40_000).map(lambda ms: timedelta(milliseconds=ms)),
    st.integers(min_value=1, max_value=3_600).map(lambda s: timedelta(seconds=s)),
)


def check_cap(row, now) -> None:
    elapsed_us = (now - row.first_read_at) // timedelta(microseconds=1)
    assert row.read_ms * 1000 <= elapsed_us, (row.read_ms, elapsed_us)  # exact: integer ms against µs
    assert 0 <= row.read_ms <= NEEDED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(steps, min_size=1, max_size=25), st.floats(min_value=0.5, max_value=1.0))
def test_no_reading_report_sequence_beats_the_clock(sequence, threshold):
    learner = f"read-{next(_counter)}-{uuid.uuid4().hex[:8]}"
    now = T0
    for step in sequence:
        now += step
        update = record_reading(REF, learner, CLIP, NEEDED, threshold, now=now)
        stored = SegmentProgress.objects.get(pk=update.row.pk)  # what the database kept
        check_cap(stored, now)
        assert stored.watched == (stored.read_ms >= Fraction(repr(threshold)) * NEEDED)  # exact: no float product


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.one_of(st.just(timedelta(0)), st.integers(1, 40_000).map(lambda ms: timedelta(milliseconds=ms))),
                          st.integers(0, len(BLOCKS) - 1), st.integers(0, 2)),
                min_size=1, max_size=30))
def test_no_interleaving_of_transcripts_beats_the_course_reading_clock(sequence):
    """Many transcripts open at once (any of 14 segments in two blocks of a course): their reading
    time together stays within the wall clock since the learner's first reading report there."""
    learner = f"tabs-{next(_counter)}-{uuid.uuid4().hex[:8]}"
    course_key = BLOCKS[0].course_key
    now, first = T0, None
    for step, block, index in sequence:
        now += step
        record_reading(BLOCKS[block], learner, SEGMENTS[index], NEEDED, 0.9, now=now)
        first = first or now
        total = sum(SegmentProgress.objects.filter(course_key=course_key, learner_id=learner)
                    .values_list("read_ms", flat=True))
        assert total * 1000 <= (now - first) // timedelta(microseconds=1), total  # exact: integer ms against µs
        assert WatchClock.objects.get(course_key=course_key, learner_id=learner).read_ms == total


def test_seven_open_transcripts_read_one_clock():
    learner = f"seven-read-{uuid.uuid4().hex[:8]}"
    for second in range(0, 21, 10):
        for segment in SEGMENTS:
            record_reading(BLOCKS[0], learner, segment, NEEDED, 0.9, now=T0 + timedelta(seconds=second))
    rows = SegmentProgress.objects.filter(learner_id=learner)
    assert sum(row.read_ms for row in rows) == 20_000  # per segment, each would have read 20 s


def test_a_single_report_credits_nothing_however_long_ago():
    learner = f"click-{uuid.uuid4().hex[:8]}"
    first = record_reading(REF, learner, CLIP, NEEDED, 0.9, now=T0)
    assert first.row.read_ms == 0 and not first.row.watched
    later = record_reading(REF, learner, CLIP, NEEDED, 0.9, now=T0 + timedelta(hours=5))
    assert later.row.read_ms == MAX_READING_STEP_MS  # the reader left: a long gap counts only one step
    assert not later.row.watched


def test_steady_reading_completes_the_segment_in_about_the_reading_time():
    learner = f"steady-{uuid.uuid4().hex[:8]}"
    now = T0
    update = record_reading(REF, learner, CLIP, NEEDED, 0.9, now=now)
    reports = 0
    while not update.newly_watched:
        now += timedelta(seconds=10)
        update = record_reading(REF, learner, CLIP, NEEDED, 0.9, now=now)
        reports += 1
        assert reports < 100
    assert update.row.watched and 0.9 * NEEDED <= update.row.read_ms <= NEEDED
    assert now - T0 >= timedelta(milliseconds=0.9 * NEEDED)


def test_reading_leaves_the_watch_rule_and_its_cap_alone():
    learner = f"both-{uuid.uuid4().hex[:8]}"
    record_reading(REF, learner, CLIP, NEEDED, 0.9, now=T0)
    record_reading(REF, learner, CLIP, NEEDED, 0.9, now=T0 + timedelta(seconds=10))
    update = record_progress(REF, learner, CLIP, [[70, 245]], 0.9, now=T0 + timedelta(seconds=10))
    assert update.row.watched_seconds <= 20  # 2 × the 10 s since this learner's first report
    assert update.row.read_ms == 10_000


# --- through the handler ------------------------------------------------------------

READING_OLX = """<mentorship display_name="Reading" completion="segments" transcript_credit="{credit}">
  <segment id="why" title="Start with why" expert="E" url="https://www.youtube.com/watch?v=qp0HIF3SfI4"
           start="1:10" end="4:05">
    <transcript format="vtt">WEBVTT

00:01:10.000 --> 00:01:25.000
{words}
</transcript>
  </segment>
  <segment id="silent" title="No transcript" expert="E" url="https://vimeo.com/76979871" end="45"/>
</mentorship>"""


def reading_block(workbench, credit="true", words=25):
    text = " ".join(["word"] * words)
    return workbench.add_scenario("reading", READING_OLX.format(credit=credit, words=text))


def test_student_view_data_says_how_reading_counts(workbench):
    usage = reading_block(workbench)
    why, silent = workbench.block(usage).student_view_data()["segments"]
    assert why["transcript_credit"] is True and why["reading_seconds"] == 6.0  # 25 words at 250 a minute
    assert silent["transcript_credit"] is False and silent["reading_seconds"] is None


def test_the_handler_credits_reading_between_reports_only(workbench):
    usage = reading_block(workbench)
    first = workbench.post(usage, "record_reading", {"segment_id": "why"})
    assert first.status_code == 200
    assert first.json()["read_seconds"] == 0 and first.json()["reading_seconds_needed"] == 6.0
    row = SegmentProgress.objects.get(segment_id="why")
    # Let 7 s pass on the server's clock (as the progress tests age the first report).
    SegmentProgress.objects.filter(pk=row.pk).update(first_read_at=row.first_read_at - timedelta(seconds=7),
                                                     last_read_at=row.last_read_at - timedelta(seconds=7))
    clock = WatchClock.objects.get(learner_id=row.learner_id)
    WatchClock.objects.filter(pk=clock.pk).update(first_read_at=clock.first_read_at - timedelta(seconds=7))
    done = workbench.post(usage, "record_reading", {"segment_id": "why"}).json()
    assert done["watched"] is True and 5.4 <= done["read_seconds"] <= 6.0
    assert workbench.get(usage, "student_view_user_state").json()["segments"]["why"]["watched"] is True


@pytest.mark.parametrize("credit, segment, message", [
    ("false", "why", "does not count in this block"),
    ("true", "silent", "has no transcript to read"),
])
def test_reading_where_it_does_not_count_is_a_400_that_changes_nothing(workbench, credit, segment, message):
    usage = reading_block(workbench, credit=credit)
    answer = workbench.post(usage, "record_reading", {"segment_id": segment})
    assert answer.status_code == 400 and message in answer.json()["error"]
    assert not SegmentProgress.objects.exists()


def test_olx_round_trip_keeps_the_setting(workbench):
    from mentor_xblock.core.olx import parse_block_element, write_content
    from lxml import etree

    usage = reading_block(workbench)
    block = workbench.block(usage)
    assert block.authored.transcript_credit is True
    node = etree.Element("mentorship")
    write_content(block.authored, node)
    assert node.get("transcript_credit") == "true"
    content, _ = parse_block_element(node)
    assert content.transcript_credit is True and content == block.authored
