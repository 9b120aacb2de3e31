"""Why a pairing was made: the codes kept on every Assignment (`why`, with `why_rank` for "rank").

Pure core: standard library only.
"""
from __future__ import annotations

RANK = "rank"  # the learner ranked this mentor (why_rank: 1, 2 or 3)
SHARED_INTERESTS = "shared_interests"  # matched automatically: they share interests
LOAD = "load"  # matched automatically: no shared interest, the mentor with the most room
LEARNER_CHOICE = "learner_choice"  # the learner chose this mentor (or the mentor accepted their request)
STAFF = "staff"  # the programme team paired them
CHANGE = "change"  # after the learner's request for a different mentor, approved by the programme team
CSV = "csv"  # the programme team's CSV import

WHY_CODES = (RANK, SHARED_INTERESTS, LOAD, LEARNER_CHOICE, STAFF, CHANGE, CSV)


def automatic(rank: int | None, learner_tags, mentor_tags) -> tuple[str, int | None]:
    """Why matching (on joining, a freed place, bulk) chose this mentor: ranked, shared interests, or load."""
    if rank is not None:
        return RANK, rank
    if set(learner_tags) & set(mentor_tags):
        return SHARED_INTERESTS, None
    return LOAD, None
