"""Pure parts of the conversation (issue 21): moments against clip bounds, the changes at a glance."""
import pytest

from mentor_xblock.core.content import Content
from mentor_xblock.core.content.model import Segment
from mentor_xblock.core.moments import Moment, MomentError, clock, moment_of, parse_moment
from mentor_xblock.core.text_diff import word_changes

CONTENT = Content(items=[Segment(id="why", url="https://www.youtube.com/watch?v=u4ZoJKF_VuA", start=120, end=180,
                                 title="Start with why")])


@pytest.mark.parametrize("seconds", [120, 133.0, 180, 150.1234])
def test_a_moment_inside_the_clip_is_kept(seconds):
    assert parse_moment({"segment_id": "why", "seconds": seconds}, CONTENT) == Moment("why", round(float(seconds), 3))


@pytest.mark.parametrize("value", [
    {"segment_id": "why", "seconds": 119.99}, {"segment_id": "why", "seconds": 180.01}, {"segment_id": "how", "seconds": 130},
    {"segment_id": "why", "seconds": True}, {"segment_id": "why", "seconds": float("nan")}, {"segment_id": "", "seconds": 130},
    {"segment_id": 3, "seconds": 130}, [], "why", {"segment_id": "why", "seconds": 130, "x": 1},
])
def test_anything_else_is_refused_with_a_reason(value):
    with pytest.raises(MomentError) as refused:
        parse_moment(value, CONTENT)
    assert str(refused.value.message)


def test_outside_the_clip_says_where_the_clip_runs():
    with pytest.raises(MomentError) as refused:
        parse_moment({"segment_id": "why", "seconds": 200}, CONTENT)
    assert str(refused.value.message) == "3:20 is outside the clip “Start with why”, which runs from 2:00 to 3:00."


def test_no_moment_and_stored_parts():
    assert parse_moment(None, CONTENT) is None
    assert moment_of("", None) is None and moment_of("why", 133.0) == {"segment_id": "why", "seconds": 133.0}
    assert (clock(133.9), clock(5), clock(3725)) == ("2:13", "0:05", "1:02:05")


def test_word_changes_show_what_was_added_and_removed():
    assert word_changes("I will plan on Mondays.", "I will plan early on Mondays!") == [
        {"op": "same", "text": "I will plan "}, {"op": "added", "text": "early "}, {"op": "same", "text": "on Mondays"},
        {"op": "removed", "text": "."}, {"op": "added", "text": "!"}]
    assert word_changes("same", "same") == [{"op": "same", "text": "same"}]
    huge = word_changes("a " * 3000, "b " * 3000)
    assert [part["op"] for part in huge] == ["removed", "added"]
