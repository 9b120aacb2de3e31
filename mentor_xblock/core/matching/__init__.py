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
Comparing costs is therefore comparing (N, O, -Q) lexicographically; the solver
(flow.py) ranks paths in that order. The tests compute the cost
(`big_m_cost` in tests/oracles/matching.py) and check both claims.

Where things are
----------------

| module         | holds |
|----------------|-------|
| model.py       | MentorSlot, LearnerNeed, MatchResult, the reasons a learner stays unplaced |
| grouping.py    | interchangeable learners grouped: the flow's sources |
| network.py     | the flow network (groups -> tag hubs -> mentors) and reading counts off a flow |
| flow.py        | the solver and its invariant: successive shortest paths at minimum cost |
| paths.py       | the solver's path search within a phase (tight arcs only) and pushing flow |
| expansion.py   | from flow to learners (once per mentor, never one from `already`) |
| solver.py      | `match` (with the repair loop that keeps it exact) and `best_mentor` |
| ranks.py       | ranks before interests: `match_ranked`, `best_ranked` (issue 22) |
"""

from __future__ import annotations

from .model import REASON_ALREADY_ASSIGNED, REASON_NO_CAPACITY, LearnerNeed, MatchResult, MentorSlot
from .ranks import MAX_RANKS, RankedResult, best_ranked, match_ranked
from .solver import _Problem, best_mentor, match  # noqa: F401  (_Problem: the tests watch its solves)

__all__ = [
    "LearnerNeed",
    "MAX_RANKS",
    "MatchResult",
    "RankedResult",
    "MentorSlot",
    "REASON_ALREADY_ASSIGNED",
    "REASON_NO_CAPACITY",
    "best_mentor",
    "best_ranked",
    "match",
    "match_ranked",
]
