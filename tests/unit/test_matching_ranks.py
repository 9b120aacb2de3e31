"""Ranks before interests (core/matching/ranks.py) and why a pairing was made (core/why.py): pure core."""
import pytest

from mentor_xblock.core import why
from mentor_xblock.core.matching import LearnerNeed, MentorSlot, best_mentor, best_ranked, match, match_ranked


def test_a_ranked_mentor_beats_any_interest_based_one():
    learners = [LearnerNeed("l1", {"a", "b", "c"})]
    mentors = [MentorSlot("m1", {"a", "b", "c"}, 1), MentorSlot("m2", set(), 1)]
    assert match(learners, mentors).assignments == [("l1", "m1")]
    ranked = match_ranked(learners, mentors, {"l1": ("m2",)})
    assert ranked.result.assignments == [("l1", "m2")] and ranked.ranks == {("l1", "m2"): 1}


def test_first_choices_go_before_second_ones_and_lower_ids_win_a_contested_seat():
    learners = [LearnerNeed("l1"), LearnerNeed("l2"), LearnerNeed("l3")]
    mentors = [MentorSlot("m1", (), 1), MentorSlot("m2", (), 1), MentorSlot("m3", (), 1)]
    # l2 ranks m1 second, l3 ranks it first: l3's first choice wins; l1 and l3 both rank m2 first: l1 wins.
    ranked = match_ranked(learners, mentors, {"l1": ("m2",), "l2": ("m2", "m1"), "l3": ("m1",)})
    assert ranked.ranks == {("l1", "m2"): 1, ("l3", "m1"): 1}
    assert ranked.result.assignments == [("l1", "m2"), ("l2", "m3"), ("l3", "m1")]
    assert ranked.result.unplaced == []


def test_ranks_respect_capacity_already_and_need():
    learners = [LearnerNeed("l1", already={"m1"}), LearnerNeed("l2", need=0), LearnerNeed("l3", need=2)]
    mentors = [MentorSlot("m1", (), 2, load=1), MentorSlot("m2", (), 1, load=1), MentorSlot("m3", (), 3)]
    ranked = match_ranked(learners, mentors, {"l1": ("m1", "m3"), "l2": ("m3",), "l3": ("m2", "m1", "m3")})
    assert ranked.ranks == {("l1", "m3"): 2, ("l3", "m1"): 2, ("l3", "m3"): 3}
    assert ranked.result.assignments == [("l1", "m3"), ("l3", "m1"), ("l3", "m3")]


def test_unranked_learners_still_get_the_optimal_rest():
    learners = [LearnerNeed("l1", {"x"}), LearnerNeed("l2", {"y"})]
    mentors = [MentorSlot("m1", {"x"}, 1), MentorSlot("m2", {"y"}, 1)]
    ranked = match_ranked(learners, mentors, {})
    assert ranked.result == match(learners, mentors) and ranked.ranks == {}
    assert match_ranked(learners, mentors, {"l1": ("m1",)}).result.total_overlap == 2


def test_best_ranked_takes_the_highest_rank_with_a_free_seat():
    mentors = [MentorSlot("m1", (), 1, load=1), MentorSlot("m2", (), 1), MentorSlot("m3", (), 1)]
    assert best_ranked(LearnerNeed("l"), ["m1", "m3", "m2"], mentors) == ("m3", 2)
    assert best_ranked(LearnerNeed("l", already={"m3", "m2"}), ["m1", "m3", "m2"], mentors) is None
    assert best_ranked(LearnerNeed("l"), [], mentors) is None
    assert best_mentor(LearnerNeed("l"), mentors) == "m2"


@pytest.mark.parametrize("rank, tags, expected", [
    (2, {"a"}, ("rank", 2)), (None, {"a"}, ("shared_interests", None)), (None, {"b"}, ("load", None)),
])
def test_why_an_automatic_pairing_was_made(rank, tags, expected):
    assert why.automatic(rank, tags, {"a"}) == expected
    assert expected[0] in why.WHY_CODES
