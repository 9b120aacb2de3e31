"""Pure parts of the conversation (issue 21): moments against clip bounds, the changes at a glance."""
from fractions import Fraction

import pytest

from mentor_xblock.core.content import Content
from mentor_xblock.core.content.model import Segment
from mentor_xblock.core.criteria import (
    Criterion, LevelsError, editor_text, level_entries, levels_of, read_criteria, share_of,
)
from mentor_xblock.core.moments import Moment, MomentError, clock, moment_of, parse_moment
from mentor_xblock.core.olx import block_olx_string, parse_content, parse_olx_string
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


# --- criteria -------------------------------------------------------------------------------------

PLAN = Criterion("Names a plan", ("Not yet", "Partly", "Clearly"))
SPECIFIC = Criterion("Is specific", ("No", "Yes"))


def test_criteria_come_from_olx_lists_or_the_editors_lines():
    errors = []
    assert read_criteria("Names a plan: Not yet | Partly | Clearly\n\nIs specific: No|Yes", "p", errors) == (PLAN, SPECIFIC)
    assert read_criteria([{"label": " Is specific ", "levels": ["No", "Yes"]}], "p", errors) == (SPECIFIC,)
    assert errors == [] and editor_text((PLAN, SPECIFIC)) == "Names a plan: Not yet | Partly | Clearly\nIs specific: No | Yes"


@pytest.mark.parametrize("value, fragment", [
    ("Alone: one", "needs 2 to 4 levels"), ("Many: a|b|c|d|e", "needs 2 to 4 levels"), (": a | b", "needs a label"),
    ("A: x | y\na: x | y", "appears twice"), ("A: x |  | y", "each level"), ([1, 2], "must be a list"),
    ("\n".join(f"C{n}: a | b" for n in range(7)), "at most 6"),
])
def test_bad_criteria_are_reported(value, fragment):
    errors = []
    read_criteria(value, "prompt[p].criteria", errors)
    assert errors and fragment in str(errors[0][1]) and errors[0][0] == "prompt[p].criteria"


def test_levels_are_checked_and_give_a_share():
    assert levels_of((PLAN, SPECIFIC), None) is None and levels_of((PLAN, SPECIFIC), [1, 1]) == (1, 1)
    for bad in ([1], [3, 0], [1, -1], [True, 0], "1,1", [1.0, 1]):
        with pytest.raises(LevelsError):
            levels_of((PLAN, SPECIFIC), bad)
    with pytest.raises(LevelsError):
        levels_of((), [0])
    assert share_of((PLAN, SPECIFIC), (1, 1)) == Fraction(3, 4) and share_of((), ()) == 1
    assert share_of((PLAN,), (0,)) == 0 and share_of((PLAN,), (2,)) == 1
    assert level_entries((PLAN,), (1,)) == [{"criterion": "Names a plan", "level": "Partly", "index": 1, "of": 3}]


def test_criteria_round_trip_through_olx():
    xml = ('<mentorship><prompt id="p">What will you change?\n  <criterion label="Names a plan"><level>Not yet</level>'
           '<level>Partly</level><level>Clearly</level></criterion>\n</prompt></mentorship>')
    content = parse_content(parse_olx_string(xml))
    assert content.prompts[0].criteria == (PLAN,) and content.prompts[0].text == "What will you change?"
    assert parse_content(parse_olx_string(block_olx_string(content, {}))) == content
    assert "criteria" not in parse_content(parse_olx_string('<mentorship><prompt id="p">Q</prompt></mentorship>')).to_dict()["items"][0]
