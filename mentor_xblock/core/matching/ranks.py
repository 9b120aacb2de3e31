"""Ranks before interests: the mentors a learner ranked (up to three, first choice first) are given
before the optimal matching of `match` places the rest.

Pure core: standard library only.

A ranked mentor costs less than any interest-based one: level by level (every learner's first
choice, then the second, then the third), each learner whose ranked mentor still has a free seat,
is not in their `already` and is not theirs yet gets it; where more learners rank a mentor than
it has seats, the lower ids win (deterministic). What the learners still need is then matched by
`match` (numbers placed, interests, balanced loads) on the seats that are left. Ranks come first
even where leaving a rank unhonoured would have let `match` place one more learner.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from .model import LearnerNeed, MatchResult, MentorSlot
from .solver import match

MAX_RANKS = 3


@dataclass(frozen=True)
class RankedResult:
    """`match`'s result for ranked and unranked pairs together, and each ranked pair's rank (1-3)."""

    result: MatchResult
    ranks: dict[tuple[str, str], int] = field(default_factory=dict)


def match_ranked(learners: Iterable[LearnerNeed], mentors: Iterable[MentorSlot],
                 ranked: dict[str, tuple[str, ...]], solve=match) -> RankedResult:
    """Honour `ranked` (learner id -> mentor ids, first choice first) level by level, then `solve` (`match`)
    the rest."""
    learners = sorted(learners, key=lambda learner: learner.id)
    mentors = sorted(mentors, key=lambda mentor: mentor.id)
    free = {mentor.id: max(mentor.capacity - mentor.load, 0) for mentor in mentors}
    need = {learner.id: learner.need for learner in learners}
    got: dict[str, set[str]] = {learner.id: set() for learner in learners}
    ranks: dict[tuple[str, str], int] = {}
    for level in range(MAX_RANKS):
        for learner in learners:
            choices = ranked.get(learner.id, ())[:MAX_RANKS]
            if level >= len(choices) or need[learner.id] <= 0:
                continue
            mentor_id = choices[level]
            if free.get(mentor_id, 0) <= 0 or mentor_id in learner.already or mentor_id in got[learner.id]:
                continue
            free[mentor_id] -= 1
            need[learner.id] -= 1
            got[learner.id].add(mentor_id)
            ranks[(learner.id, mentor_id)] = level + 1
    rest = [replace(learner, already=learner.already | got[learner.id], need=need[learner.id]) for learner in learners]
    seats = [replace(mentor, load=mentor.load + (max(mentor.capacity - mentor.load, 0) - free[mentor.id]))
             for mentor in mentors]
    result = solve(rest, seats)
    tags = {mentor.id: mentor.tags for mentor in mentors}
    wants = {learner.id: learner.tags for learner in learners}
    overlap = sum(len(wants[learner_id] & tags[mentor_id]) for learner_id, mentor_id in ranks)
    return RankedResult(
        MatchResult(assignments=sorted([*result.assignments, *ranks]), unplaced=result.unplaced,
                    total_overlap=result.total_overlap + overlap, loads=result.loads),
        ranks,
    )


def best_ranked(learner: LearnerNeed, ranked: Iterable[str], mentors: Iterable[MentorSlot]) -> tuple[str, int] | None:
    """The learner's highest-ranked mentor with a free seat that is not in `already`, and its rank; or None."""
    seats = {mentor.id: mentor for mentor in mentors}
    for rank, mentor_id in enumerate(list(ranked)[:MAX_RANKS], start=1):
        mentor = seats.get(mentor_id)
        if mentor is not None and mentor.load < mentor.capacity and mentor_id not in learner.already:
            return mentor_id, rank
    return None

