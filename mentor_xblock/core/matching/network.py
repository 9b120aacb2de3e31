"""The flow network: groups -> tag hubs -> mentors, and reading (group, mentor) counts off a flow.

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

"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from .expansion import split_hub
from .grouping import Group
from .model import MentorSlot

# Seats (L + 1) / c are ordered exactly as floats up to this capacity.
FLOAT_EXACT_CAPACITY = 1 << 20
# Groups with need > 1 reach the mentors of tag classes up to this size directly.
_SMALL_CLASS = 64


@dataclass
class FlowNetwork:
    """A residual network: arc a and its reverse a ^ 1 (`to`, `cap`, `cost`), `adj` per node.

    Nodes: groups [0, n_groups), hubs, mentors [first_mentor, n_nodes). The source and
    the sink are implicit: source -> g has residual `supply[g]`; the next seat of mentor
    node v costs seat(v, load[v]) and v has `seats[v]` left.
    """

    n_groups: int
    n_nodes: int
    first_mentor: int
    to: list[int]
    cap: list[int]
    cost: list[int]
    adj: list[list[int]]
    pot: list[int]  # potentials: every residual arc's reduced cost is >= 0 (flow.py)
    supply: list[int]
    load: list[int]
    seats: list[int]
    seat: object  # (node, load) -> the cost of the seat that takes the load to load + 1
    n_hubs: int
    hub_arcs: list[list[tuple[int, int]]]  # per group: (hub, arc)
    hub_out: list[list[tuple[int, int]]]  # per hub: (mentor index, arc)
    direct_arcs: list[list[tuple[int, int]]]  # per group: (mentor index, arc)


def build_network(mentors: list[MentorSlot], free: list[int], exact_float: bool, groups: list[Group]) -> FlowNetwork:
    """The hub network of `groups` and `mentors` (module docstring), with potentials for the empty flow."""
    active = [m for m in range(len(mentors)) if free[m] > 0]
    n_groups = len(groups)

    by_tag: dict[str, set[int]] = {}
    for m in active:
        for tag in mentors[m].tags:
            by_tag.setdefault(tag, set()).add(m)
    mentor_tag_sets = {mentors[m].tags for m in active}
    above: dict[frozenset, list[int]] = {}  # hub S -> active mentors whose tags contain S
    meets_of: dict[frozenset, set[frozenset]] = {}  # group tags -> their intersections with mentors' tags
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
            # only the tag sets some mentor meets the group in: the cheapest route to a
            # mentor passes S = tags(g) & tags(m), and smaller S only add dearer routes
            meets = meets_of.get(tags)
            if meets is None:  # groups that differ only in need share it
                meets = meets_of[tags] = {tags & mentor_tags for mentor_tags in mentor_tag_sets}
            for size in range(len(ordered) + 1):
                for combo in combinations(ordered, size):
                    subset = frozenset(combo)
                    if subset not in meets:
                        continue
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
    seat = _float_seat(capacity_of) if exact_float else _fraction_seat(capacity_of)
    return FlowNetwork(n_groups, n_nodes, first_mentor, to, cap, cost, adj, pot, supply, load, seats, seat,
                       n_hubs, hub_arcs, hub_out, direct_arcs)


def flow_counts(net: FlowNetwork, groups: list[Group]) -> list[dict[int, int]]:
    """Per group, {mentor index: units} of the flow in `net`."""
    n_groups, n_hubs, cap = net.n_groups, net.n_hubs, net.cap
    direct_arcs, hub_arcs, hub_out = net.direct_arcs, net.hub_arcs, net.hub_out
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
            split_hub(inflow[h], out, groups, counts)
    return counts


def _float_seat(capacity_of):
    def seat(v: int, at: int) -> float:
        return (at + 1) / capacity_of[v]

    return seat


def _fraction_seat(capacity_of):
    def seat(v: int, at: int) -> Fraction:
        return Fraction(at + 1, capacity_of[v])

    return seat

