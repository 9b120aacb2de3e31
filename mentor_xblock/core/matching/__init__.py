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


The objective -- most assignments, then most shared tags, then balanced loads,
then deterministic ties -- is defined in objective.py. Where things are:

| module         | holds |
|----------------|-------|
| model.py       | MentorSlot, LearnerNeed, MatchResult, the reasons a learner stays unplaced |
| objective.py   | the objective, and `big_m_cost`: the same objective as one integer |
| grouping.py    | interchangeable learners grouped: the flow's sources |
| network.py     | the flow network (groups -> tag hubs -> mentors) and reading counts off a flow |
| flow.py        | the solver and its invariant: successive shortest paths at minimum cost |
| paths.py       | the solver's path search within a phase (tight arcs only) and pushing flow |
| expansion.py   | from flow to learners (once per mentor, never one from `already`) |
| solver.py      | `match` (with the repair loop that keeps it exact) and `best_mentor` |
"""

from __future__ import annotations

from .model import REASON_ALREADY_ASSIGNED, REASON_NO_CAPACITY, LearnerNeed, MatchResult, MentorSlot
from .objective import big_m_cost
from .solver import _Problem, best_mentor, match  # noqa: F401  (_Problem: the tests watch its solves)

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
