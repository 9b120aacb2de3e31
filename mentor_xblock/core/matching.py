"""Optimal bulk matching of learners to mentors.

Pure core: standard library only, no I/O, no Django.

The problem
-----------
A course has a pool of active mentors (`MentorSlot`: id, expertise tags,
capacity, current load) and learners who still need mentors (`LearnerNeed`:
id, interest tags, the mentors they `already` have, how many more they
`need`). `match` places them all at once. A learner never gets a mentor from
`already`, never the same mentor twice, and at most `need` new ones; no mentor
ends above its capacity. Inactive mentors are simply not passed in.

The objective (lexicographic, best first)
-----------------------------------------
1. maximise N, the number of (learner, mentor) assignments: nobody is left
   out who could be placed by some arrangement (greedy first-come matching
   can strand learners; this cannot);
2. then maximise O, the total tag overlap: the sum of
   |learner.tags & mentor.tags| over the assignments;
3. then balance loads: minimise Q = sum over mentors of L (L + 1) / (2 c),
   L being the mentor's final load and c its capacity. One more learner on a
   mentor costs (L + 1) / c, its load ratio *after* taking the learner; that
   rises with every learner, so Q is convex and fills mentors in proportion
   to capacity;
4. deterministic ties: the result depends on the ids only, not on the order
   in which learners and mentors are passed.

The same objective as one integer cost (big-M weights), minimised::

    D     = lcm of the mentors' positive capacities
    Qi    = sum over mentors of (D / c) * L * (L + 1)     (= 2 D Q, an integer)
    Qmax  = D * sum over mentors of (c + 1)
    Omax  = (sum of the learners' needs) * (largest learner tag set)
    B2    = Qmax + 1
    B1    = B2 * (Omax + 1)
    cost  = -B1 * N - B2 * O + Qi

The weights are safe. A mentor's term (D / c) L (L + 1) lies in
[0, D (c + 1)] while L <= c, and is constant if it starts above capacity (it
takes nobody), so the Qi of two solutions differ by at most Qmax < B2: a
difference in O (at least B2 in the O term) outweighs any difference in Qi.
Likewise O lies in [0, Omax], so a difference in N (at least B1 in the N
term) outweighs differences of at most B2 * Omax + Qmax < B1 in the rest.
Comparing costs is therefore comparing (N, O, -Q) lexicographically.
`big_m_cost` computes it; the tests check both claims.

The algorithm (exact)
---------------------
Learners with the same (effective tags, need) are interchangeable, so they
form one group (a few hundred groups for 100,000 learners), and the problem
is a min-cost flow: source -> group (capacity size * need) -> mentor -> sink,
with a convex mentor -> sink cost (seat after seat, the k-th new seat costing
(L0 + k) / c). Groups x mentors arcs would be too many, so they go through
*hubs*, one per tag set S below some group's tags: group -> hub S costs -|S|,
hub S -> each mentor whose tags contain S costs 0. The cheapest route from a
group g to a mentor m passes S = tags(g) & tags(m) and costs -overlap(g, m),
so every assignment is represented at its true cost, and any hub flow splits
into (group, mentor) pairs costing at most what the flow was charged.

Two per-learner rules do not survive a shared hub: a learner takes a mentor
at most once (matters for need >= 2) and never one from `already`. The hub
network relaxes them, tightened by caps that every true solution meets: a
group sends a mentor at most as many units as it has members allowed there,
and need >= 2 groups reach the mentors of small tag classes, where repeats
would pile up, by direct arcs with exactly that capacity. The flow is split
into (group, mentor) counts and expanded to learners (an exact bipartite
assignment). A group that cannot be expanded is then modelled exactly --
identical learners, direct arcs of capacity `size` to every allowed mentor --
and the flow is solved again. The optimum of a relaxation that is feasible is
optimal, so the result is exact either way; re-solving is rare (not needed on
the benchmark instance, nor with 5% of learners having `already`).

The flow is grown by successive shortest paths, which keeps the flow of every
value at minimum cost. Every source -> sink path adds exactly one assignment,
so B1 is common to all of them and is never computed: a path is ranked by
(delta, seat), delta being minus its net overlap gain and seat = (L + 1) / c
the cost of the seat it ends in. Comparing these pairs lexicographically is
comparing big-M path costs (B2 > 2 D >= 2 D * seat), and every path is worth
taking (it gains B1 > B2 * Omax + Qmax), so the flow grows to its maximum.
Distances to nodes are computed without the sink: all those arc costs are
small integers, so one Dijkstra run serves a whole band of equal delta.
Within a band, units go to the mentor whose next seat is cheapest (a heap),
along zero-reduced-cost paths found by a short backward search; a mentor
whose path has gone is set aside until the next Dijkstra run, as its distance
has risen by a whole step, which outweighs any seat. Seats (L + 1) / c are
compared as floats, which orders them exactly for capacities up to 2**20
(distinct values differ by more than 2**-40, far above rounding error);
larger capacities use Fractions.

Cost: a handful of Dijkstra runs on (groups + hubs + mentors) nodes, and
about one short search per new assignment: 100,000 learners x 1,000 mentors
in under 2 s of CPython (bench/bench_matching.py). A group with n effective
tags uses 2**n hubs, which suits interest tags picked a few at a time; beyond
`_HUB_MAX_TAGS` tags a group gets direct arcs instead.

`best_mentor` is the one-learner case: among mentors with a free seat that
are not already the learner's, the largest overlap, then the lowest load ratio
after taking the learner, (load + 1) / capacity, then the smallest id. It is
what `match` gives a lone learner with need 1.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from math import lcm

__all__ = [
    "LearnerNeed",
    "MatchResult",
    "MentorSlot",
    "REASON_ALREADY_ASSIGNED",
    "REASON_NO_CAPACITY",
    "best_mentor",
    "big_m_cost",
    "match",
]

REASON_NO_CAPACITY = "no mentor with free capacity"
REASON_ALREADY_ASSIGNED = "all available mentors already assigned to this learner"

# Seats (L + 1) / c are ordered exactly as floats up to this capacity.
_FLOAT_EXACT_CAPACITY = 1 << 20
# A group with more effective tags than this gets direct arcs instead of 2**n hubs.
_HUB_MAX_TAGS = 6
# Groups with need > 1 reach the mentors of tag classes up to this size directly.
_SMALL_CLASS = 64
_INF = 1 << 62
_NO_EXCLUSIONS: frozenset[int] = frozenset()


def _frozen_tags(value: Iterable[str], what: str) -> frozenset[str]:
    if isinstance(value, str):
        raise TypeError(f"{what} must be a collection of strings, not a string")
    tags = value if isinstance(value, frozenset) else frozenset(value)
    if not all(isinstance(tag, str) for tag in tags):
        raise TypeError(f"{what} must contain strings only")
    return tags


def _check_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int")
    if value < 0:
        raise ValueError(f"{what} must be >= 0")


@dataclass(frozen=True)
class MentorSlot:
    """An active mentor: expertise tags, capacity, learners already assigned.

    Tags may be given as any collection of strings; they are stored frozen.
    A load above capacity (capacity lowered later) is tolerated: such a mentor
    takes nobody new.
    """

    id: str
    tags: frozenset[str] = frozenset()
    capacity: int = 0
    load: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.id, str):
            raise TypeError("MentorSlot.id must be a str")
        object.__setattr__(self, "tags", _frozen_tags(self.tags, "MentorSlot.tags"))
        _check_count(self.capacity, "MentorSlot.capacity")
        _check_count(self.load, "MentorSlot.load")


@dataclass(frozen=True)
class LearnerNeed:
    """A learner who needs `need` more mentors, none of them from `already` (mentor ids)."""

    id: str
    tags: frozenset[str] = frozenset()
    already: frozenset[str] = frozenset()
    need: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.id, str):
            raise TypeError("LearnerNeed.id must be a str")
        object.__setattr__(self, "tags", _frozen_tags(self.tags, "LearnerNeed.tags"))
        object.__setattr__(self, "already", _frozen_tags(self.already, "LearnerNeed.already"))
        _check_count(self.need, "LearnerNeed.need")


@dataclass(frozen=True)
class MatchResult:
    """The outcome of `match`.

    assignments: the new (learner_id, mentor_id) pairs, sorted.
    unplaced: (learner_id, missing, reason) for each learner who got fewer
        new mentors than `need`, sorted by id. The reason is
        REASON_NO_CAPACITY (no mentor has a free seat left) or
        REASON_ALREADY_ASSIGNED (every mentor with a free seat is already
        this learner's); the optimum leaves no third case.
    total_overlap: sum of |learner.tags & mentor.tags| over the assignments.
    loads: final load of every mentor passed in, by id.
    """

    assignments: list[tuple[str, str]]
    unplaced: list[tuple[str, int, str]]
    total_overlap: int
    loads: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------
# public entry points


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
    """Assign learners to mentors, optimally for the objective in the module docstring."""
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


def big_m_cost(result: MatchResult, learners: Iterable[LearnerNeed], mentors: Iterable[MentorSlot]) -> int:
    """The objective of `result` as one integer, smaller is better (module docstring).

    For results of `match`-like assignments of the same input, comparing these
    integers is comparing (N, O, -Q) lexicographically.
    """
    learner_list = list(learners)
    mentor_list = [mentor for mentor in mentors if mentor.capacity > 0]
    scale = lcm(*(mentor.capacity for mentor in mentor_list)) if mentor_list else 1
    q_max = scale * sum(mentor.capacity + 1 for mentor in mentor_list)
    o_max = sum(learner.need for learner in learner_list) * max((len(lrn.tags) for lrn in learner_list), default=0)
    b2 = q_max + 1
    b1 = b2 * (o_max + 1)
    q = 0
    for mentor in mentor_list:
        final = result.loads.get(mentor.id, mentor.load)
        q += scale // mentor.capacity * final * (final + 1)
    return -b1 * len(result.assignments) - b2 * result.total_overlap + q


# --------------------------------------------------------------------------
# internals


@dataclass
class _Group:
    """Learners routed as one source node.

    Relaxed groups (direct=False): the learners with the same effective tags
    and need; they reach mentors through hubs, and "once per learner per
    mentor" and `already` are enforced when expanding. Exact groups
    (direct=True): identical learners (tags, need, excluded mentors) with a
    direct arc of capacity `size` to every allowed mentor.
    """

    key: tuple
    tags: frozenset[str]  # effective tags: those some mentor has
    need: int
    members: list[LearnerNeed]  # learners with exclusions first, then by id
    exclusions: list[frozenset[int]]  # per member: excluded mentor indices
    direct: bool

    def __post_init__(self) -> None:
        # how many members exclude each mentor (exact groups have no arc there at all)
        self.banned: dict[int, int] = {}
        if not self.direct:
            for excluded in self.exclusions:
                if not excluded:
                    break
                for m in excluded:
                    self.banned[m] = self.banned.get(m, 0) + 1

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def supply(self) -> int:
        return self.need * len(self.members)

    @property
    def fussy(self) -> bool:
        """Whether some member can object to a unit: need > 1 or exclusions."""
        return self.need > 1 or bool(self.exclusions[0])


class _Problem:
    def __init__(self, learners: list[LearnerNeed], mentors: list[MentorSlot]):
        self.learners = learners
        self.mentors = mentors
        self.index = {mentor.id: m for m, mentor in enumerate(mentors)}
        self.vocabulary = frozenset().union(*(mentor.tags for mentor in mentors))
        self.free = [max(0, mentor.capacity - mentor.load) for mentor in mentors]
        self.exact_float = all(mentor.capacity <= _FLOAT_EXACT_CAPACITY for mentor in mentors)

    # -- grouping ------------------------------------------------------------

    def groups(self, exact: set) -> list[_Group]:
        """Group the learners by (effective tags, need); keys in `exact` are split into exact groups."""
        vocabulary, index = self.vocabulary, self.index
        relaxed: dict[tuple, tuple[list, list]] = {}
        split: dict[tuple, list] = {}
        known: dict[frozenset, frozenset[int]] = {}  # already -> excluded mentor indices
        for learner in self.learners:  # in id order
            tags = learner.tags
            if not tags <= vocabulary:
                tags = tags & vocabulary
            excluded = _NO_EXCLUSIONS
            if learner.already:
                excluded = known.get(learner.already)
                if excluded is None:
                    excluded = known[learner.already] = frozenset(index[mid] for mid in learner.already if mid in index)
            key = (tags, learner.need)
            if len(tags) > _HUB_MAX_TAGS or (key in exact and (excluded or learner.need > 1)):
                split.setdefault((tags, learner.need, excluded), []).append(learner)
            else:
                entry = relaxed.get(key)
                if entry is None:
                    entry = relaxed[key] = ([], [])
                if excluded:
                    entry[0].append((learner, excluded))
                else:
                    entry[1].append(learner)

        def order(key):
            return (len(key[0]), sorted(key[0]), key[1], sorted(key[2]) if len(key) > 2 else [])

        out = []
        for key in sorted(relaxed, key=order):
            fussy, plain = relaxed[key]
            out.append(
                _Group(
                    key=key,
                    tags=key[0],
                    need=key[1],
                    members=[learner for learner, _ in fussy] + plain,
                    exclusions=[excluded for _, excluded in fussy] + [_NO_EXCLUSIONS] * len(plain),
                    direct=False,
                )
            )
        for key in sorted(split, key=order):
            tags, need, excluded = key
            members = split[key]
            out.append(_Group(key, tags, need, members, [excluded] * len(members), direct=True))
        return out

    # -- the flow ------------------------------------------------------------

    def solve(self, groups: list[_Group]) -> list[dict[int, int]]:
        """Min-cost max-flow on the hub network; per group {mentor index: units}."""
        mentors, free = self.mentors, self.free
        active = [m for m in range(len(mentors)) if free[m] > 0]
        n_groups = len(groups)

        by_tag: dict[str, set[int]] = {}
        for m in active:
            for tag in mentors[m].tags:
                by_tag.setdefault(tag, set()).add(m)
        above: dict[frozenset, list[int]] = {}  # hub S -> active mentors whose tags contain S
        routes: list[list[frozenset]] = []  # hubs each group uses
        direct: list[list[int]] = []  # mentors each group reaches by direct arcs
        for group in groups:
            hubs: list[frozenset] = []
            linked: list[int] = []
            if group.direct:
                excluded = group.exclusions[0]
                linked = [m for m in active if m not in excluded]
            else:
                tags = group.tags
                ordered = sorted(tags)
                for size in range(len(ordered) + 1):
                    for combo in combinations(ordered, size):
                        subset = frozenset(combo)
                        mentors_above = above.get(subset)
                        if mentors_above is None:
                            if combo:
                                found = set.intersection(*(by_tag.get(tag, set()) for tag in combo))
                                mentors_above = above[subset] = sorted(found)
                            else:
                                mentors_above = above[subset] = active
                        if not mentors_above:
                            continue
                        if group.need > 1 and combo and len(mentors_above) <= _SMALL_CLASS:
                            # a small tag class: direct arcs, capacity = members allowed
                            # there, enforce the per-learner rules exactly where units pile up
                            linked.extend(m for m in mentors_above if tags & mentors[m].tags == subset)
                        else:
                            hubs.append(subset)
                linked.sort()
            routes.append(hubs)
            direct.append(linked)
        hub_keys = sorted((s for s, ms in above.items() if ms), key=lambda s: (len(s), sorted(s)))
        hub_id = {s: i for i, s in enumerate(hub_keys)}
        n_hubs = len(hub_keys)
        first_mentor = n_groups + n_hubs
        node_of = {m: first_mentor + i for i, m in enumerate(active)}
        n_nodes = first_mentor + len(active)

        # residual network: arc a and its reverse a ^ 1
        to: list[int] = []
        cap: list[int] = []
        cost: list[int] = []
        adj: list[list[int]] = [[] for _ in range(n_nodes)]

        def add(u: int, v: int, capacity: int, weight: int) -> int:
            a = len(to)
            to.extend((v, u))
            cap.extend((capacity, 0))
            cost.extend((weight, -weight))
            adj[u].append(a)
            adj[v].append(a + 1)
            return a

        supply = [group.supply for group in groups]
        unlimited = sum(supply) + 1
        # group -> hub arcs come first in each hub's adjacency (`hub_source` relies on it)
        hub_arcs: list[list[tuple[int, int]]] = []
        for g, group in enumerate(groups):
            arcs = []
            for subset in routes[g]:
                capacity = supply[g]
                if group.fussy:
                    # valid for every true solution (routed through S = tags(g) & tags(m)):
                    # at most one unit per learner, and the free seats, per mentor above S
                    size, banned, room = group.size, group.banned, 0
                    for m in above[subset]:
                        allowed = size - banned.get(m, 0) if banned else size
                        room += allowed if free[m] > allowed else free[m]
                        if room >= capacity:
                            break
                    capacity = min(capacity, room)
                arcs.append((hub_id[subset], add(g, n_groups + hub_id[subset], capacity, -len(subset))))
            hub_arcs.append(arcs)
        hub_out = [[(m, add(n_groups + h, node_of[m], unlimited, 0)) for m in above[s]] for h, s in enumerate(hub_keys)]
        direct_arcs = []
        for g, group in enumerate(groups):
            size, tags, banned = group.size, group.tags, group.banned
            arcs = []
            for m in direct[g]:
                allowed = size - banned.get(m, 0)
                if allowed > 0:
                    arcs.append((m, add(g, node_of[m], allowed, -len(tags & mentors[m].tags))))
            direct_arcs.append(arcs)

        # potentials with all reduced costs >= 0 on the empty flow
        deepest = max((len(group.tags) for group in groups), default=0)
        pot = [0] * n_groups + [-len(s) for s in hub_keys] + [-deepest] * len(active)
        load = [0] * n_nodes
        capacity_of = [1] * n_nodes
        seats = [0] * n_nodes
        for m in active:
            v = node_of[m]
            load[v] = mentors[m].load
            capacity_of[v] = mentors[m].capacity
            seats[v] = free[m]
        seat = _float_seat(capacity_of) if self.exact_float else _fraction_seat(capacity_of)

        _successive_shortest_paths(n_groups, n_nodes, first_mentor, to, cap, cost, adj, pot, supply, load, seats, seat)

        counts: list[dict[int, int]] = [{} for _ in groups]
        for g in range(n_groups):
            for m, a in direct_arcs[g]:
                if cap[a ^ 1]:
                    counts[g][m] = cap[a ^ 1]
        inflow: list[list[tuple[int, int]]] = [[] for _ in range(n_hubs)]
        for g in range(n_groups):
            for h, a in hub_arcs[g]:
                if cap[a ^ 1]:
                    inflow[h].append((g, cap[a ^ 1]))
        for h in reversed(range(n_hubs)):  # most specific hubs first
            if inflow[h]:
                out = [(m, cap[a ^ 1]) for m, a in hub_out[h] if cap[a ^ 1]]
                _split_hub(inflow[h], out, groups, counts)
        return counts

    # -- expansion to learners -----------------------------------------------

    def expand(self, groups: list[_Group], counts: list[dict[int, int]], picked: dict[str, list[int]]) -> set:
        """Fill `picked` (learner id -> mentor indices); return the keys of groups that could not be expanded."""
        failed = set()
        for group, count in zip(groups, counts):
            lists = _expand_group(group, count)
            if lists is None:
                failed.add(group.key)
            else:
                for learner, mine in zip(group.members, lists):
                    if mine:
                        picked[learner.id] = mine
        return failed


def _float_seat(capacity_of):
    def seat(v: int, at: int) -> float:
        return (at + 1) / capacity_of[v]

    return seat


def _fraction_seat(capacity_of):
    def seat(v: int, at: int) -> Fraction:
        return Fraction(at + 1, capacity_of[v])

    return seat


def _split_hub(inflow, out, groups, counts) -> None:
    """Split one hub's flow into (group, mentor) counts.

    Any split costs no more than the flow was charged (and at the optimum
    exactly as much). Fussy groups are spread one unit at a time over the
    hub's mentors, smallest first, never above one unit per learner per
    mentor if it can be helped, so that they expand; the others then take
    what is left, mentor by mentor.
    """
    remaining = dict(out)
    ring = deque(m for m, _ in out)
    fussy = sorted((item for item in inflow if groups[item[0]].fussy), key=lambda it: (groups[it[0]].size, it[0]))
    for g, units in fussy:
        size, banned = groups[g].size, groups[g].banned
        mine = counts[g]
        misses = 0
        while units and ring:
            m = ring[0]
            ring.rotate(-1)
            have = mine.get(m, 0)
            if have < (size - banned.get(m, 0) if banned else size):
                mine[m] = have + 1
                units -= 1
                remaining[m] -= 1
                misses = 0
                if not remaining[m]:
                    ring.pop()  # m is the last element after the rotation
            else:
                misses += 1
                if misses >= len(ring):
                    break
        # No room within the limit: the expansion will report it.
        _take_in_order(units, mine, ring, remaining)
    for g, units in inflow:
        if not groups[g].fussy:
            _take_in_order(units, counts[g], ring, remaining)


def _take_in_order(units: int, mine: dict, ring: deque, remaining: dict) -> None:
    """Give `units` of a hub's flow to its mentors in ring order, each up to what it has left."""
    while units:
        m = ring[0]
        take = min(units, remaining[m])
        mine[m] = mine.get(m, 0) + take
        units -= take
        remaining[m] -= take
        if not remaining[m]:
            ring.popleft()


def _expand_group(group: _Group, count: dict[int, int]) -> list[list[int]] | None:
    """Distinct allowed mentors for each member, using exactly `count`; None if not found."""
    members = group.members
    size = len(members)
    picked: list[list[int]] = [[] for _ in members]
    if not count:
        return picked
    need = group.need
    if group.direct or not group.fussy:
        # identical learners, at most `size` units per mentor (arc capacities,
        # or need == 1): wrap around in mentor order, so each mentor's run lands
        # on distinct learners and nobody gets more than `need`
        i = 0
        for m in sorted(count):
            for _ in range(count[m]):
                picked[i].append(m)
                i = i + 1 if i + 1 < size else 0
        return picked

    # Havel-Hakimi: each mentor, most units first, goes to the members with the
    # most need left that do not exclude it (Gale-Ryser: without exclusions this
    # never leaves a unit over when an assignment exists). Units left over are
    # then placed by augmenting paths, which makes the expansion exact: None
    # means that no assignment exists, and the group is split exactly.
    exclusions = group.exclusions
    buckets: list[deque[int]] = [deque() for _ in range(need + 1)]
    buckets[need].extend(range(size))
    left_over = []
    for m in sorted(count, key=lambda m: (-count[m], m)):
        units = count[m]
        chosen = []
        skipped = []
        level = need
        while units and level:
            bucket = buckets[level]
            while units and bucket:
                i = bucket.popleft()
                if m in exclusions[i]:
                    skipped.append((i, level))
                else:
                    chosen.append((i, level))
                    units -= 1
            level -= 1
        for i, level in reversed(skipped):
            buckets[level].appendleft(i)
        for i, level in chosen:
            picked[i].append(m)
            buckets[level - 1].append(i)
        if units:
            left_over.append((m, units))
    for m, units in left_over:
        for _ in range(units):
            if not _augment(m, picked, exclusions, need):
                return None
    return picked


def _augment(start: int, picked: list[list[int]], exclusions: list[frozenset[int]], need: int) -> bool:
    """Give one more member mentor `start`, reshuffling along an alternating path if needed."""
    came_from: dict[int, tuple[int, int] | None] = {
        start: None
    }  # mentor -> (member holding it, mentor it takes instead)
    queue = [start]
    for x in queue:
        for i, mine in enumerate(picked):
            if x in mine or x in exclusions[i]:
                continue
            if len(mine) < need:
                member, mentor = i, x
                while True:
                    picked[member].append(mentor)
                    step = came_from[mentor]
                    if step is None:
                        return True
                    holder, instead = step
                    picked[holder].remove(mentor)
                    member, mentor = holder, instead
            for y in mine:
                if y not in came_from:
                    came_from[y] = (i, x)
                    queue.append(y)
    return False


def _successive_shortest_paths(n_groups, n_nodes, first_mentor, to, cap, cost, adj, pot, supply, load, seats, seat):
    """Grow the flow along cheapest source -> sink paths until there is none.

    Nodes: groups [0, n_groups), hubs, mentors [first_mentor, n_nodes). The
    source (arc source -> g with residual `supply[g]`, cost 0) and the sink
    (the next seat of v costs seat(v, load[v])) are implicit. `pot` are
    potentials keeping every residual arc's reduced cost >= 0; after each
    Dijkstra run they are the distances from the source (in overlap units).
    """
    alive = [True] * n_nodes  # once unreachable from the source, forever
    dead = [0] * n_nodes  # == phase: no zero-reduced-cost path from the source this phase
    seen = [0] * n_nodes
    parent = [0] * n_nodes
    pointer = [0] * n_nodes
    memo: list = [None] * n_nodes  # (phase, root group, arcs, k): arcs[:k] lead root -> node
    heappush, heappop = heapq.heappush, heapq.heappop
    stamp = 0
    phase = 0

    def hub_source(h: int) -> int:
        """A tight arc g -> h from a group with supply at distance 0, or -1.

        Group arcs come first in adj[h]. An arc passed over stays useless this
        phase (supply only shrinks), except one whose flow was cancelled since,
        which `search` still finds.
        """
        arcs = adj[h]
        ph = pot[h]
        i = pointer[h]
        end = len(arcs)
        while i < end:
            c = arcs[i]
            g = to[c]
            if g >= n_groups:
                break
            d = c ^ 1
            if supply[g] > 0 and cap[d] > 0 and pot[g] == 0 and cost[d] == ph and alive[g] and dead[g] != phase:
                pointer[h] = i
                return d
            i += 1
        pointer[h] = end
        return -1

    def search(vm: int, use_memo: bool = True):
        """A zero-reduced-cost residual path source -> vm: ([arcs, source side first], group), or None.

        Breadth-first over in-arcs, up to the first node known to be fed: a
        group with supply at distance 0, a hub with such a group, or a node on
        an earlier path whose arcs all still have room. If the search fails,
        every node it saw is dead for the phase: none is reachable from the
        source, and none can become so before the next Dijkstra run (new
        residual arcs only appear between reachable nodes).
        """
        nonlocal stamp
        stamp += 1
        seen[vm] = stamp
        queue = [vm]
        hit = -1
        head: list[int] = []
        for v in queue:
            pv = pot[v]
            for a in adj[v]:
                b = a ^ 1
                if cap[b] <= 0:
                    continue
                u = to[a]
                if seen[u] == stamp or dead[u] == phase or pot[u] + cost[b] != pv or not alive[u]:
                    continue
                seen[u] = stamp
                parent[u] = b
                if u < n_groups:
                    if supply[u] > 0 and pot[u] == 0:
                        hit = u
                        break
                elif u < first_mentor:
                    d = hub_source(u)
                    if d >= 0:
                        hit, head = u, [d]
                        break
                known = memo[u] if use_memo else None
                if known is not None and known[0] == phase and supply[known[1]] > 0:
                    arcs, k = known[2], known[3]
                    for j in range(k):
                        if cap[arcs[j]] <= 0:
                            break
                    else:
                        hit, head = u, arcs[:k]
                        break
                queue.append(u)
            if hit >= 0:
                break
        if hit < 0:
            for v in queue:
                dead[v] = phase
            return None
        tail = []
        w = hit
        while w != vm:
            arc = parent[w]
            tail.append(arc)
            w = to[arc]
        if len(head) > 1:
            # keep the path simple: the remembered part must not meet the new one
            stamp += 1
            for arc in tail:
                seen[to[arc]] = stamp
            for arc in head:
                if seen[to[arc ^ 1]] == stamp:
                    return search(vm, False)
        path = head + tail
        root = to[path[0] ^ 1]
        for k in range(1, len(path)):
            memo[to[path[k] ^ 1]] = (phase, root, path, k)
        return path, root

    while True:
        phase += 1
        # Dijkstra from the source, on reduced costs
        dist = [_INF] * n_nodes
        heap = []
        for g in range(n_groups):
            if supply[g] > 0 and alive[g]:
                dist[g] = -pot[g]
                heap.append((dist[g], g))
        heapq.heapify(heap)
        while heap:
            d, u = heappop(heap)
            if d > dist[u]:
                continue
            base = pot[u] + d
            for a in adj[u]:
                if cap[a] > 0:
                    v = to[a]
                    nd = base + cost[a] - pot[v]
                    if nd < dist[v] and alive[v]:
                        dist[v] = nd
                        heappush(heap, (nd, v))
        for v in range(n_nodes):
            if dist[v] == _INF:
                alive[v] = False
            else:
                pot[v] += dist[v]
            pointer[v] = 0

        queue = [(pot[v], seat(v, load[v]), v) for v in range(first_mentor, n_nodes) if alive[v] and seats[v] > 0]
        if not queue:
            return
        heapq.heapify(queue)
        stale = _INF  # smallest distance of a mentor set aside this phase
        while queue:
            delta, _, vm = queue[0]
            if delta > stale:
                break  # a mentor set aside might now be cheaper: new phase
            heappop(queue)

            # a path source -> vm of zero reduced cost: first try group -> (hub ->) vm
            path = None
            pv = pot[vm]
            for a in adj[vm]:
                b = a ^ 1
                if cap[b] > 0:
                    u = to[a]
                    if pot[u] + cost[b] == pv and alive[u] and dead[u] != phase:
                        if u < n_groups:
                            if supply[u] > 0 and pot[u] == 0:
                                path, g = (b,), u
                                break
                        elif u < first_mentor:
                            d = hub_source(u)
                            if d >= 0:
                                path, g = (d, b), to[d ^ 1]
                                break
            if path is None:
                found = search(vm)
                if found is None:
                    if delta < stale:
                        stale = delta
                    continue
                path, g = found

            # push as many units as keep vm the cheapest
            room = supply[g] if supply[g] < seats[vm] else seats[vm]
            for b in path:
                if cap[b] < room:
                    room = cap[b]
            at = load[vm]
            units = 1
            if not queue:
                units = room
            else:
                top = queue[0]
                while units < room and (delta, seat(vm, at + units), vm) < top:
                    units += 1
            supply[g] -= units
            for b in path:
                cap[b] -= units
                cap[b ^ 1] += units
            seats[vm] -= units
            load[vm] = at + units
            if seats[vm]:
                heappush(queue, (delta, seat(vm, at + units), vm))
        if not queue and stale == _INF:
            return  # every mentor still reachable is full
