"""Learners who are interchangeable, grouped: the flow's sources.

Learners with the same (effective tags, need) are interchangeable, so they
form one group (a few hundred groups for 100,000 learners), and the problem
is a min-cost flow: source -> group (capacity size * need) -> mentor -> sink,
with a convex mentor -> sink cost (seat after seat, the k-th new seat costing
(L0 + k) / c). Groups x mentors arcs would be too many, so they go through

Relaxed groups reach mentors through shared hubs (network.py); two per-learner
rules are enforced only when a group's flow is expanded to its learners
(expansion.py). A group that cannot be expanded is split into exact groups --
identical learners, direct arcs -- and the flow is solved again (solver.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import LearnerNeed

# A group with more effective tags than this gets direct arcs instead of 2**n hubs.
HUB_MAX_TAGS = 6
NO_EXCLUSIONS: frozenset[int] = frozenset()


@dataclass
class Group:
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



def group_learners(
    learners: list[LearnerNeed], vocabulary: frozenset, index: dict[str, int], exact: set
) -> list[Group]:
    """Group the learners by (effective tags, need); keys in `exact` are split into exact groups."""
    relaxed: dict[tuple, tuple[list, list]] = {}
    split: dict[tuple, list] = {}
    known: dict[frozenset, frozenset[int]] = {}  # already -> excluded mentor indices
    for learner in learners:  # in id order
        tags = learner.tags
        if not tags <= vocabulary:
            tags = tags & vocabulary
        excluded = NO_EXCLUSIONS
        if learner.already:
            excluded = known.get(learner.already)
            if excluded is None:
                excluded = known[learner.already] = frozenset(index[mid] for mid in learner.already if mid in index)
        key = (tags, learner.need)
        if len(tags) > HUB_MAX_TAGS or (key in exact and (excluded or learner.need > 1)):
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
            Group(
                key=key,
                tags=key[0],
                need=key[1],
                members=[learner for learner, _ in fussy] + plain,
                exclusions=[excluded for _, excluded in fussy] + [NO_EXCLUSIONS] * len(plain),
                direct=False,
            )
        )
    for key in sorted(split, key=order):
        tags, need, excluded = key
        members = split[key]
        out.append(Group(key, tags, need, members, [excluded] * len(members), direct=True))
    return out

# -- the flow ------------------------------------------------------------
