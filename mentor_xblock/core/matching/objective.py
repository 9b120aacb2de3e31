"""What `match` optimises, and the same objective as one integer (to check results).

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
"""

from __future__ import annotations

from collections.abc import Iterable
from math import lcm

from .model import LearnerNeed, MatchResult, MentorSlot


def big_m_cost(result: MatchResult, learners: Iterable[LearnerNeed], mentors: Iterable[MentorSlot]) -> int:
    """The objective of `result` as one integer, smaller is better (the module docstring).

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

