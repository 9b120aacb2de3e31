"""The matching problem's data: mentors with seats, learners with needs, and the result.

Pure core: standard library only, no I/O, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

REASON_NO_CAPACITY = "no mentor with free capacity"
REASON_ALREADY_ASSIGNED = "all available mentors already assigned to this learner"


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

