"""From flow to people: a hub's flow split into (group, mentor) counts, and a group's
counts expanded to its learners, each taking a mentor at most once and never one
from `already`. An expansion that fails says so; solver.py then splits that group
exactly and solves again.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grouping import Group


def split_hub(inflow, out, groups, counts) -> None:
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


def expand_group(group: Group, count: dict[int, int]) -> list[list[int]] | None:
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

