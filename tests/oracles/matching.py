"""Matching oracles: the benchmark's kind of course, and the objective computed independently.

- `instance`: learners and mentors of a plausible course, fixed seed (skewed tag
  popularity, mostly need 1, a few needs 2-3, some learners with a mentor already);
  bench/bench_matching.py times `match` on it.
- `reference_optimum`: (N, O, -Q) of an optimal assignment by a plain per-learner
  min-cost flow with exact big-M integer costs and no grouping or hubs, written
  independently of core.matching; `balance` is the exact load-balance term Q.
- `rule_violations`: the hard rules a result must keep.
- `big_m_cost`: the objective of a result as one integer (matching/__init__.py explains
  the weights); the tests check it orders results like (N, O, -Q).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable
from fractions import Fraction
from math import lcm

from mentor_xblock.core.matching import LearnerNeed, MatchResult, MentorSlot

VOCABULARY = [
    "python", "data", "ml", "web", "career", "design",
    "writing", "math", "stats", "cloud", "security", "research",
]  # fmt: skip
SEED = 2024


def instance(n_learners: int, n_mentors: int, seed: int = SEED, seat_scale: float = 1.0, interests: int = 3):
    """Learners and mentors of a plausible course: a 12-tag vocabulary with uneven popularity,
    learners picking 0 to `interests` tags and mentors 1-4, needs 0-3 (mostly 1), 1% of
    learners with a mentor already, capacities 50-200 (times `seat_scale`), some mentors
    with a load already. Shuffled, so nothing depends on input order."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(VOCABULARY))]

    def pick(count: int) -> frozenset[str]:
        tags: set[str] = set()
        while len(tags) < count:
            tags.add(rng.choices(VOCABULARY, weights)[0])
        return frozenset(tags)

    mentors = []
    for i in range(n_mentors):
        capacity = max(1, round((50 + 150 * rng.random() ** 1.5) * seat_scale))
        load = min(capacity, rng.randint(0, 10)) if rng.random() < 0.3 else 0
        mentors.append(MentorSlot(f"mentor-{i:04d}", pick(rng.randint(1, 4)), capacity, load))
    ids = [mentor.id for mentor in mentors]
    learners = []
    for j in range(n_learners):
        r = rng.random()
        need = 0 if r < 0.01 else 1 if r < 0.96 else 2 if r < 0.99 else 3
        already = frozenset([rng.choice(ids)]) if rng.random() < 0.01 else frozenset()
        learners.append(LearnerNeed(f"learner-{j:06d}", pick(rng.randint(0, interests)), already, need))
    rng.shuffle(learners)
    rng.shuffle(mentors)
    return learners, mentors


# --- independent check ----------------------------------------------------------


def reference_optimum(learners, mentors):
    """(N, O, -Q) of an optimal assignment, by min-cost flow on individual learners.

    source -> learner (capacity need) -> mentor (1 each, cost -B1 - B2 * overlap,
    missing where the learner already has the mentor) -> sink through one arc
    per free seat, the seat taking the load to L + 1 costing (D / c) * 2 (L + 1).
    Successive shortest paths (Dijkstra with potentials), exact integers.
    """
    positive = [m.capacity for m in mentors if m.capacity > 0]
    scale = lcm(*positive) if positive else 1
    b2 = scale * sum(m.capacity + 1 for m in mentors if m.capacity > 0) + 1
    b1 = b2 * (sum(lrn.need for lrn in learners) * max((len(lrn.tags) for lrn in learners), default=0) + 1)
    first = 2 + len(learners)  # node 0 source, 1 sink, then learners, then mentors
    size = first + len(mentors)
    head, residual, weight = [], [], []
    out: list[list[int]] = [[] for _ in range(size)]

    def arc(u, v, capacity, cost):
        out[u].append(len(head))
        head.append(v), residual.append(capacity), weight.append(cost)
        out[v].append(len(head))
        head.append(u), residual.append(0), weight.append(-cost)

    for i, lrn in enumerate(learners):
        if lrn.need:
            arc(0, 2 + i, lrn.need, 0)
            for j, m in enumerate(mentors):
                if m.id not in lrn.already:
                    arc(2 + i, first + j, 1, -b1 - b2 * len(lrn.tags & m.tags))
    for j, m in enumerate(mentors):
        for load in range(m.load, m.capacity):
            arc(first + j, 1, 1, scale // m.capacity * 2 * (load + 1))

    infinity = float("inf")
    potential = [infinity] * size  # distances on the empty flow, a DAG in this order
    potential[0] = 0
    for u in [0, *range(2, size), 1]:
        if potential[u] < infinity:
            for a in out[u]:
                if residual[a] and potential[u] + weight[a] < potential[head[a]]:
                    potential[head[a]] = potential[u] + weight[a]
    potential = [p if p < infinity else 0 for p in potential]
    while True:
        dist, via = [infinity] * size, [-1] * size
        dist[0] = 0
        heap = [(0, 0)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for a in out[u]:
                if residual[a]:
                    v = head[a]
                    nd = d + weight[a] + potential[u] - potential[v]
                    if nd < dist[v]:
                        dist[v], via[v] = nd, a
                        heapq.heappush(heap, (nd, v))
        if dist[1] == infinity or dist[1] + potential[1] - potential[0] >= 0:
            break
        potential = [p + d if d < infinity else p for p, d in zip(potential, dist)]
        v = 1
        while v:
            a = via[v]
            residual[a] -= 1
            residual[a ^ 1] += 1
            v = head[a ^ 1]
    loads = {m.id: m.load for m in mentors}
    placed = overlap = 0
    for i, lrn in enumerate(learners):
        for a in out[2 + i]:
            if a % 2 == 0 and head[a] >= first and residual[a] == 0:
                m = mentors[head[a] - first]
                placed += 1
                overlap += len(lrn.tags & m.tags)
                loads[m.id] += 1
    return placed, overlap, -balance(loads, mentors)


def balance(loads, mentors) -> Fraction:
    return sum(
        (Fraction(loads[m.id] * (loads[m.id] + 1), 2 * m.capacity) for m in mentors if m.capacity > 0), Fraction(0)
    )


def rule_violations(result, learners, mentors) -> list[str]:
    problems = []
    by_id = {lrn.id: lrn for lrn in learners}
    loads = {m.id: m.load for m in mentors}
    got = dict.fromkeys(by_id, 0)
    if len(set(result.assignments)) != len(result.assignments):
        problems.append("a learner got the same mentor twice")
    for lid, mid in result.assignments:
        got[lid] += 1
        loads[mid] += 1
        if mid in by_id[lid].already:
            problems.append(f"{lid} got {mid} again")
    problems += [f"{lid} got more than needed" for lid, count in got.items() if count > by_id[lid].need]
    problems += [f"{m.id} over capacity" for m in mentors if loads[m.id] > max(m.capacity, m.load)]
    if loads != result.loads:
        problems.append("reported loads are wrong")
    return problems


# --- the objective as one integer --------------------------------------------------


def big_m_cost(result: MatchResult, learners: Iterable[LearnerNeed], mentors: Iterable[MentorSlot]) -> int:
    """The objective of `result` as one integer, smaller is better (mentor_xblock/core/matching/__init__.py).

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

