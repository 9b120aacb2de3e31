"""Tests for mentor_xblock.core.matching: optimal bulk matching of learners to mentors.

Optimality is checked against two exact solvers written independently here:
an exhaustive search over mentor loads (small instances) and a plain
per-learner min-cost flow with big-M integer costs (medium instances).
"""

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentor_xblock.core import matching
from mentor_xblock.core.matching import (
    REASON_ALREADY_ASSIGNED,
    REASON_NO_CAPACITY,
    LearnerNeed,
    MatchResult,
    MentorSlot,
    best_mentor,
    match,
)

# The benchmark's kind of course (skewed tag popularity, mostly need 1, a few needs 2-3,
# some learners with a mentor already), the exact load-balance term, a per-learner
# min-cost flow written independently of core.matching, and the objective as one integer.
from tests.oracles.matching import balance, big_m_cost
from tests.oracles.matching import instance as course_instance
from tests.oracles.matching import reference_optimum as flow_optimum

TAGS = "abcde"


def mentor(mid, tags="", capacity=1, load=0):
    return MentorSlot(mid, frozenset(tags), capacity, load)


def learner(lid, tags="", already=(), need=1):
    return LearnerNeed(lid, frozenset(tags), frozenset(already), need)


# --- independent reference implementations ----------------------------------


def objective(result, mentors):
    """(N, O, -Q): larger is better, compared lexicographically."""
    return (len(result.assignments), result.total_overlap, -balance(result.loads, mentors))


def exhaustive_optimum(learners, mentors):
    """Best (N, O, -Q) over all feasible assignments, by dynamic programming.

    State: the tuple of mentor loads, which fixes N and Q; for each state keep
    the largest overlap reachable, learner by learner, over every subset of
    allowed mentors of size <= need.
    """
    states = {tuple(m.load for m in mentors): 0}
    for lrn in learners:
        allowed = [i for i, m in enumerate(mentors) if m.id not in lrn.already]
        choices = [c for k in range(lrn.need + 1) for c in itertools.combinations(allowed, k)]
        nxt = {}
        for state, overlap in states.items():
            for choice in choices:
                loads = list(state)
                gain = overlap
                for i in choice:
                    if loads[i] >= mentors[i].capacity:
                        break
                    loads[i] += 1
                    gain += len(lrn.tags & mentors[i].tags)
                else:
                    key = tuple(loads)
                    if nxt.get(key, -1) < gain:
                        nxt[key] = gain
        states = nxt
    best = None
    base = sum(m.load for m in mentors)
    for state, overlap in states.items():
        q = sum(Fraction(x * (x + 1), 2 * m.capacity) for x, m in zip(state, mentors) if m.capacity > 0)
        value = (sum(state) - base, overlap, -q)
        if best is None or value > best:
            best = value
    return best


def greedy(learners, mentors):
    """First come, first served: each learner (by id) takes its best mentors with a free seat."""
    loads = {m.id: m.load for m in mentors}
    pairs = []
    for lrn in sorted(learners, key=lambda x: x.id):
        for _ in range(lrn.need):
            mine = {mid for lid, mid in pairs if lid == lrn.id}
            options = [m for m in mentors if loads[m.id] < m.capacity and m.id not in lrn.already and m.id not in mine]
            if not options:
                break
            best = max(options, key=lambda m: (len(lrn.tags & m.tags), -loads[m.id] / m.capacity))
            loads[best.id] += 1
            pairs.append((lrn.id, best.id))
    return pairs


def check_valid(result, learners, mentors):
    """The hard rules: capacity, no repeats, `already`, `need`; and the reported numbers."""
    by_id = {lrn.id: lrn for lrn in learners}
    mentor_by_id = {m.id: m for m in mentors}
    assert result.assignments == sorted(result.assignments)
    assert len(set(result.assignments)) == len(result.assignments)
    loads = {m.id: m.load for m in mentors}
    got = dict.fromkeys(by_id, 0)
    overlap = 0
    for lid, mid in result.assignments:
        assert mid not in by_id[lid].already
        got[lid] += 1
        loads[mid] += 1
        overlap += len(by_id[lid].tags & mentor_by_id[mid].tags)
    for lrn in learners:
        assert got[lrn.id] <= lrn.need
    for m in mentors:
        assert loads[m.id] <= max(m.capacity, m.load)
    assert result.loads == loads
    assert result.total_overlap == overlap
    missing = {lrn.id: lrn.need - got[lrn.id] for lrn in learners if got[lrn.id] < lrn.need}
    assert {lid: count for lid, count, _ in result.unplaced} == missing
    assert [lid for lid, _, _ in result.unplaced] == sorted(missing)


# --- strategies ----------------------------------------------------------------

tag_sets = st.frozensets(st.sampled_from(TAGS), max_size=3)


@st.composite
def small_instances(draw, max_learners=6, max_mentors=3, max_capacity=3, max_need=2):
    n_mentors = draw(st.integers(0, max_mentors))
    mentors = []
    for j in range(n_mentors):
        capacity = draw(st.integers(0, max_capacity))
        mentors.append(
            MentorSlot(f"m{j}", draw(tag_sets), capacity, draw(st.integers(0, capacity + 1)))
        )  # may start overloaded
    ids = [m.id for m in mentors]
    learners = []
    for i in range(draw(st.integers(0, max_learners))):
        already = draw(st.frozensets(st.sampled_from(ids + ["gone"]), max_size=2)) if ids else frozenset()
        learners.append(LearnerNeed(f"l{i}", draw(tag_sets), already, draw(st.integers(0, max_need))))
    return learners, mentors


def random_instance(rng, n_learners, n_mentors, max_capacity, needs=(1, 1, 1, 2, 3), p_already=0.1, tags=TAGS):
    mentors = []
    for j in range(n_mentors):
        capacity = rng.randint(0, max_capacity)
        chosen = frozenset(rng.sample(tags, rng.randint(0, min(4, len(tags)))))
        mentors.append(MentorSlot(f"m{j:02d}", chosen, capacity, rng.randint(0, capacity // 2)))
    ids = [m.id for m in mentors]
    learners = []
    for i in range(n_learners):
        already = frozenset(mid for mid in ids if rng.random() < p_already)
        chosen = frozenset(rng.sample(tags, rng.randint(0, 3)))
        learners.append(LearnerNeed(f"l{i:03d}", chosen, already, rng.choice(needs)))
    return learners, mentors


# --- optimality ----------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(small_instances())
def test_optimal_against_exhaustive_search(instance):
    learners, mentors = instance
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == exhaustive_optimum(learners, mentors)


@settings(max_examples=150, deadline=None)
@given(small_instances(max_learners=8, max_mentors=4, max_capacity=4, max_need=3))
def test_optimal_against_exhaustive_search_wider(instance):
    learners, mentors = instance
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == exhaustive_optimum(learners, mentors)


@pytest.mark.parametrize("seed", range(40))
def test_optimal_against_flow_on_medium_instances(seed):
    rng = random.Random(seed)
    learners, mentors = random_instance(rng, rng.randint(20, 70), rng.randint(2, 9), max_capacity=14)
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == flow_optimum(learners, mentors)


@pytest.mark.parametrize("seed", [1, 2, 9])  # with 9 the path search drops a remembered path that would meet itself
def test_optimal_on_course_like_instances(seed):
    learners, mentors = course_instance(300, 20, seed, seat_scale=0.15)
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == flow_optimum(learners, mentors)


@pytest.mark.parametrize("seed", range(20))
def test_optimal_when_relaxation_needs_repair(seed):
    """Few tags, large needs and many exclusions: the grouped relaxation is often
    infeasible for some group, which is then solved exactly; the result must
    still be the optimum."""
    rng = random.Random(1000 + seed)
    learners, mentors = random_instance(
        rng, rng.randint(10, 40), rng.randint(2, 6), max_capacity=20, needs=(1, 2, 3, 4), p_already=0.25, tags="abc"
    )
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == flow_optimum(learners, mentors)


def test_relaxation_repair_is_exercised(monkeypatch):
    """Grouped, both "a" learners go to roomy A (same overlap, better balance than
    tiny C), but L1 already has A: the group is re-solved exactly and L1 takes C."""
    solves = []
    original = matching._Problem.solve

    def counting(self, groups):
        solves.append(len(groups))
        return original(self, groups)

    monkeypatch.setattr(matching._Problem, "solve", counting)
    mentors = [mentor("A", "a", capacity=100), mentor("C", "a", capacity=1)]
    learners = [learner("L1", "a", already={"A"}), learner("L2", "a")]
    result = match(learners, mentors)
    assert result.assignments == [("L1", "C"), ("L2", "A")]
    assert result.total_overlap == 2
    assert len(solves) == 2


def test_huge_capacities_use_exact_fractions():
    big = 1 << 21
    mentors = [mentor("A", "a", big, big - 3), mentor("B", "a", big - 1, big - 5), mentor("C", "", 3)]
    learners = [learner(f"l{i}", "a") for i in range(6)]
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    assert objective(result, mentors) == exhaustive_optimum(learners, mentors)


# --- the big-M encoding --------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(small_instances(), st.randoms(use_true_random=False))
def test_big_m_cost_orders_like_the_lexicographic_objective(instance, rnd):
    """big_m_cost is smallest for our result, and orders random feasible results lexicographically."""
    learners, mentors = instance
    ours = match(learners, mentors)
    candidates = [ours]
    for _ in range(6):  # random feasible assignments
        loads = {m.id: m.load for m in mentors}
        pairs, overlap = [], 0
        for lrn in learners:
            options = [m for m in mentors if m.id not in lrn.already]
            rnd.shuffle(options)
            for m in options[: rnd.randint(0, lrn.need)]:
                if loads[m.id] < m.capacity:
                    loads[m.id] += 1
                    pairs.append((lrn.id, m.id))
                    overlap += len(lrn.tags & m.tags)
        candidates.append(MatchResult(sorted(pairs), [], overlap, loads))
    costs = [big_m_cost(c, learners, mentors) for c in candidates]
    values = [objective(c, mentors) for c in candidates]
    assert costs[0] == min(costs)
    for (cost_a, value_a), (cost_b, value_b) in itertools.combinations(zip(costs, values), 2):
        assert (cost_a < cost_b) == (value_a > value_b)
        assert (cost_a == cost_b) == (value_a == value_b)


# --- the rules -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(small_instances(max_learners=12, max_mentors=5, max_capacity=5, max_need=3), st.randoms(use_true_random=False))
def test_rules_and_determinism_under_shuffled_input(instance, rnd):
    learners, mentors = instance
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    learners2, mentors2 = list(learners), list(mentors)
    rnd.shuffle(learners2)
    rnd.shuffle(mentors2)
    assert match(learners2, mentors2) == result
    assert match(iter(learners2), iter(mentors2)) == result


def test_rules_on_a_larger_instance():
    rng = random.Random(7)
    learners, mentors = random_instance(rng, 3000, 60, max_capacity=80, p_already=0.01, tags="abcdefghijkl")
    result = match(learners, mentors)
    check_valid(result, learners, mentors)
    shuffled = list(learners)
    rng.shuffle(shuffled)
    assert match(shuffled, list(reversed(mentors))) == result


def test_empty_inputs():
    assert match([], []) == MatchResult([], [], 0, {})
    assert match([], [mentor("A", "a", 2, 1)]) == MatchResult([], [], 0, {"A": 1})
    assert match([learner("L", need=0)], [mentor("A", capacity=1)]) == MatchResult([], [], 0, {"A": 0})
    result = match([learner("L", "a", need=2)], [])
    assert result == MatchResult([], [("L", 2, REASON_NO_CAPACITY)], 0, {})


def test_zero_capacity_mentors_get_nobody():
    mentors = [mentor("A", "a", capacity=0), mentor("B", "", capacity=1)]
    result = match([learner("L1", "a"), learner("L2", "a")], mentors)
    assert result.assignments == [("L1", "B")]
    assert result.loads == {"A": 0, "B": 1}
    assert result.unplaced == [("L2", 1, REASON_NO_CAPACITY)]


def test_overloaded_mentor_is_tolerated_and_takes_nobody():
    result = match([learner("L", "a")], [mentor("A", "a", capacity=1, load=3), mentor("B", "", 1)])
    assert result.assignments == [("L", "B")]
    assert result.loads == {"A": 3, "B": 1}


def test_unplaced_reasons():
    # the only mentor with a seat is already this learner's
    result = match([learner("L", already={"A"})], [mentor("A", capacity=5), mentor("B", capacity=1, load=1)])
    assert result.unplaced == [("L", 1, REASON_ALREADY_ASSIGNED)]
    # needs two, only one mentor: gets it, the second is missing for the same reason
    result = match([learner("L", need=2)], [mentor("A", capacity=5)])
    assert result.assignments == [("L", "A")]
    assert result.unplaced == [("L", 1, REASON_ALREADY_ASSIGNED)]
    # seats run out
    result = match([learner("L1"), learner("L2"), learner("L3", need=2)], [mentor("A", capacity=2)])
    assert len(result.assignments) == 2
    assert {reason for _, _, reason in result.unplaced} == {REASON_NO_CAPACITY}


def test_need_and_already_respected():
    mentors = [mentor(m, "a", capacity=10) for m in "ABCD"]
    learners = [learner("L1", "a", already={"A", "B"}, need=3), learner("L2", "a", need=2)]
    result = match(learners, mentors)
    assert [pair for pair in result.assignments if pair[0] == "L1"] == [("L1", "C"), ("L1", "D")]
    assert result.unplaced == [("L1", 1, REASON_ALREADY_ASSIGNED)]
    assert len([pair for pair in result.assignments if pair[0] == "L2"]) == 2


# --- better than greedy ------------------------------------------------------------


def test_greedy_strands_a_learner_that_the_optimum_places():
    """L1 is happy with either mentor; greedy hands it A (better overlap), and
    then L2, who already has B, has nowhere to go. The optimum gives L1 B."""
    mentors = [mentor("A", "python", capacity=1), mentor("B", "", capacity=1)]
    learners = [learner("L1", "python"), learner("L2", "python", already={"B"})]
    assert greedy(learners, mentors) == [("L1", "A")]
    result = match(learners, mentors)
    assert result.assignments == [("L1", "B"), ("L2", "A")]
    assert result.unplaced == []


def test_greedy_loses_overlap_that_the_optimum_keeps():
    """L1 matches both mentors a little; greedy gives it the only mentor L2 matches well."""
    mentors = [mentor("A", "ab", capacity=1), mentor("B", "a", capacity=1)]
    learners = [learner("L1", "a"), learner("L2", "ab")]
    assert greedy(learners, mentors) == [("L1", "A"), ("L2", "B")]  # overlap 1 + 1
    result = match(learners, mentors)
    assert result.assignments == [("L1", "B"), ("L2", "A")]
    assert result.total_overlap == 3


def test_loads_balanced_in_proportion_to_capacity():
    mentors = [mentor("A", "", capacity=10), mentor("B", "", capacity=30), mentor("C", "", capacity=20, load=5)]
    result = match([learner(f"l{i:02d}") for i in range(30)], mentors)
    assert result.loads == {"A": 6, "B": 18, "C": 11}  # ratios 0.6, 0.6, 0.55 -> as even as integers allow
    assert objective(result, mentors) == flow_optimum([learner(f"l{i:02d}") for i in range(30)], mentors)


def test_overlap_beats_balance_and_count_beats_overlap():
    mentors = [mentor("A", "a", capacity=5, load=4), mentor("B", "", capacity=5)]
    result = match([learner("L", "a")], mentors)
    assert result.assignments == [("L", "A")]  # overlap 1 although A is nearly full
    # two learners, one seat each: the count wins over a better overlap for one of them
    result = match([learner("L1", "a", already={"B"}), learner("L2", "a")], [mentor("A", "a", 1), mentor("B", "", 1)])
    assert result.assignments == [("L1", "A"), ("L2", "B")]


# --- best_mentor -----------------------------------------------------------------


def test_best_mentor_rules():
    mentors = [
        mentor("A", "a", capacity=2, load=2),  # full
        mentor("B", "ab", capacity=4, load=1),  # best overlap, ratio after 2/4
        mentor("C", "ab", capacity=10, load=4),  # same overlap, ratio after 5/10
        mentor("D", "ab", capacity=6, load=2),  # same overlap, ratio after 3/6, larger id than B
    ]
    assert best_mentor(learner("L", "ab"), mentors) == "B"
    assert best_mentor(learner("L", "ab", already={"B"}), mentors) == "C"
    assert best_mentor(learner("L", "ab"), mentors[:1]) is None
    assert best_mentor(learner("L", "ab"), []) is None
    assert best_mentor(learner("L", ""), [mentor("Z", "", 1), mentor("Y", "", 1)]) == "Y"
    assert best_mentor(learner("L", ""), [mentor("Z", "", 0)]) is None


@settings(max_examples=300, deadline=None)
@given(small_instances(max_learners=1, max_mentors=5, max_capacity=4))
def test_best_mentor_is_match_for_a_lone_learner(instance):
    learners, mentors = instance
    if not learners:
        return
    one = LearnerNeed(learners[0].id, learners[0].tags, learners[0].already, 1)
    expected = match([one], mentors).assignments
    assert best_mentor(one, mentors) == (expected[0][1] if expected else None)


# --- input validation -----------------------------------------------------------


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="duplicate learner"):
        match([learner("L"), learner("L")], [mentor("A")])
    with pytest.raises(ValueError, match="duplicate mentor"):
        match([learner("L")], [mentor("A"), mentor("A")])
    with pytest.raises(ValueError):
        MentorSlot("A", frozenset(), -1)
    with pytest.raises(TypeError):
        MentorSlot("A", "python", 1)  # a string is not a tag set
    with pytest.raises(TypeError):
        LearnerNeed("L", frozenset(), frozenset(), need=True)
    with pytest.raises(TypeError):
        MentorSlot("A", frozenset({1}), 1)
    with pytest.raises(TypeError):
        MentorSlot(1, frozenset(), 1)
    with pytest.raises(TypeError):
        LearnerNeed(None)
    assert MentorSlot("A", ["x", "y"], 2).tags == frozenset({"x", "y"})
