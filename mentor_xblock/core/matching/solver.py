"""`match` (many learners at once) and `best_mentor` (one learner): grouping, the flow,
expansion to learners, and the repair loop that keeps the result exact.

Learners are grouped (grouping.py) and routed through the hub network
(network.py), solved at minimum cost (flow.py), then expanded to learners
(expansion.py). The network relaxes two per-learner rules; a group whose flow
cannot be expanded is split exactly and the flow solved again. The optimum of a
relaxation that is feasible is optimal, so the result is exact either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from .expansion import expand_group
from .flow import successive_shortest_paths
from .grouping import Group, group_learners
from .model import REASON_ALREADY_ASSIGNED, REASON_NO_CAPACITY, LearnerNeed, MatchResult, MentorSlot
from .network import FLOAT_EXACT_CAPACITY, build_network, flow_counts


def best_mentor(learner: LearnerNeed, mentors: Iterable[MentorSlot]) -> str | None:
    """The best single mentor for one learner (auto-assignment on first visit), or None.

    Among mentors with a free seat that are not in `learner.already`: largest
    tag overlap, then lowest load ratio after taking the learner
    ((load + 1) / capacity), then smallest id. `learner.need` is not looked at.
    """
    best_key = None
    for mentor in mentors:
        if mentor.load >= mentor.capacity or mentor.id in learner.already:
            continue
        key = (-len(learner.tags & mentor.tags), Fraction(mentor.load + 1, mentor.capacity), mentor.id)
        if best_key is None or key < best_key:
            best_key = key
    return None if best_key is None else best_key[2]


def match(learners: Iterable[LearnerNeed], mentors: Iterable[MentorSlot]) -> MatchResult:
    """Assign learners to mentors, optimally for the objective in the package docstring (__init__.py)."""
    mentor_list = sorted(mentors, key=lambda mentor: mentor.id)
    learner_list = sorted(learners, key=lambda learner: learner.id)
    for kind, items in (("mentor", mentor_list), ("learner", learner_list)):
        for before, after in zip(items, items[1:]):
            if before.id == after.id:
                raise ValueError(f"duplicate {kind} id {after.id!r}")

    needy = [learner for learner in learner_list if learner.need > 0]
    picked: dict[str, list[int]] = {}
    new_load = [0] * len(mentor_list)
    total_overlap = 0
    if needy and mentor_list:
        problem = _Problem(needy, mentor_list)
        exact: set = set()
        while True:
            groups = problem.groups(exact)
            counts = problem.solve(groups)
            failed = problem.expand(groups, counts, picked)
            if not failed:
                break
            exact |= failed  # only relaxed groups fail; next time they are split exactly
            picked.clear()
        for group, count in zip(groups, counts):
            for m, units in count.items():
                new_load[m] += units
                total_overlap += units * len(group.tags & mentor_list[m].tags)

    ids = [mentor.id for mentor in mentor_list]
    assignments = []
    unplaced = []
    seats_left = {mentor.id for m, mentor in enumerate(mentor_list) if mentor.load + new_load[m] < mentor.capacity}
    for learner in needy:
        mine = picked.get(learner.id, ())
        if mine:
            mine.sort()  # mentor indices follow id order
            lid = learner.id
            assignments.extend([(lid, ids[m]) for m in mine])
        missing = learner.need - len(mine)
        if missing > 0:
            if seats_left:
                # By optimality every mentor with a seat left is already this
                # learner's (otherwise one more assignment was possible).
                assert seats_left <= learner.already | {ids[m] for m in mine}, "matching is not maximal"
                unplaced.append((learner.id, missing, REASON_ALREADY_ASSIGNED))
            else:
                unplaced.append((learner.id, missing, REASON_NO_CAPACITY))
    loads = {mentor.id: mentor.load + new_load[m] for m, mentor in enumerate(mentor_list)}
    return MatchResult(assignments, unplaced, total_overlap, loads)



class _Problem:
    """One run of `match`: the learners who need mentors and the mentors, in id order."""

    def __init__(self, learners: list[LearnerNeed], mentors: list[MentorSlot]):
        self.learners = learners
        self.mentors = mentors
        self.index = {mentor.id: m for m, mentor in enumerate(mentors)}
        self.vocabulary = frozenset().union(*(mentor.tags for mentor in mentors))
        self.free = [max(0, mentor.capacity - mentor.load) for mentor in mentors]
        self.exact_float = all(mentor.capacity <= FLOAT_EXACT_CAPACITY for mentor in mentors)

    # -- grouping ------------------------------------------------------------

    def groups(self, exact: set) -> list[Group]:
        """Group the learners by (effective tags, need); keys in `exact` are split into exact groups."""
        return group_learners(self.learners, self.vocabulary, self.index, exact)

    def solve(self, groups: list[Group]) -> list[dict[int, int]]:
        """Min-cost max-flow on the hub network; per group {mentor index: units}."""
        network = build_network(self.mentors, self.free, self.exact_float, groups)
        successive_shortest_paths(network)
        return flow_counts(network, groups)

    def expand(self, groups: list[Group], counts: list[dict[int, int]], picked: dict[str, list[int]]) -> set:
        """Fill `picked` (learner id -> mentor indices); return the keys of groups that could not be expanded."""
        failed = set()
        for group, count in zip(groups, counts):
            lists = expand_group(group, count)
            if lists is None:
                failed.add(group.key)
            else:
                for learner, mine in zip(group.members, lists):
                    if mine:
                        picked[learner.id] = mine
        return failed

