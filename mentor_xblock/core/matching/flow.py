"""The solver: min-cost max-flow by successive shortest paths, on a FlowNetwork.

The invariant
-------------
`net.pot` are potentials under which every residual arc has a reduced cost
cost[a] + pot[u] - pot[v] >= 0. They hold on the empty flow (network.py); after
each Dijkstra run (paths.py `_reprice`) they are the distances from the source, and units
only move along paths of reduced cost zero, so the flow of every value stays at
minimum cost. Paths are ranked by (delta, seat) -- minus the overlap they gain,
then the load ratio of the seat they end in -- which is the big-M order of
the objective (the package docstring, matching/__init__.py).

The flow is grown by successive shortest paths, which keeps the flow of every
value at minimum cost. Every source -> sink path adds exactly one assignment,
so B1 is common to all of them and is never computed: a path is ranked by
(delta, seat), delta being minus its net overlap gain and seat = (L + 1) / c
the cost of the seat it ends in. Comparing these pairs lexicographically is
comparing big-M path costs (B2 > 2 D >= 2 D * seat), and every path is worth
taking (it gains B1 > B2 * Omax + Qmax), so the flow grows to its maximum.
Distances to nodes are computed without the sink: all those arc costs are
small integers, so one Dijkstra run serves a whole band of equal delta.
Within a band, units go to the mentor whose next seat is cheapest (a heap),
along zero-reduced-cost paths found by a short backward search (paths.py: it
scans only the arcs that are tight this phase and have, or gained, room); a
mentor whose path has gone is set aside until the next Dijkstra run, as its
distance has risen by a whole step, which outweighs any seat. Seats
(L + 1) / c are compared as floats, which orders them exactly for capacities
up to 2**20 (distinct values differ by more than 2**-40, far above rounding
error); larger capacities use Fractions.

Cost: a handful of Dijkstra runs on (groups + hubs + mentors) nodes, and
about one short search per new assignment: 100,000 learners x 1,000 mentors
in about 1 s of CPython with up to 3 interests, 3 s with up to 5
(bench/bench_matching.py). A group with n effective tags uses 2**n hubs,
which suits interest tags picked a few at a time; beyond
`grouping.HUB_MAX_TAGS` tags a group gets direct arcs instead.

`best_mentor` is the one-learner case: among mentors with a free seat that
are not already the learner's, the largest overlap, then the lowest load ratio
after taking the learner, (load + 1) / capacity, then the smallest id. It is
what `match` gives a lone learner with need 1.
"""

from __future__ import annotations

import heapq

from .network import FlowNetwork
from .paths import _INF, PathFinder


def successive_shortest_paths(net: FlowNetwork) -> None:
    """Grow the flow along cheapest source -> sink paths until there is none (module docstring)."""
    first_mentor, n_nodes = net.first_mentor, net.n_nodes
    pot, load, seats, seat = net.pot, net.load, net.seats, net.seat
    finder = PathFinder(net)
    alive = finder.alive
    heappush, heappop = heapq.heappush, heapq.heappop
    while True:
        finder.new_phase()
        queue = [(pot[v], seat(v, load[v]), v) for v in range(first_mentor, n_nodes) if alive[v] and seats[v] > 0]
        if not queue:
            return
        heapq.heapify(queue)
        stale = _INF  # smallest distance of a mentor set aside this phase
        while queue:
            delta, _, vm = queue[0]
            if delta > stale:
                break  # a mentor set aside might now be cheaper: new phase
            heappop(queue)
            found = finder.path_to(vm)
            if found is None:
                if delta < stale:
                    stale = delta
                continue
            path, g = found
            at = load[vm]
            units = _units(net, path, g, vm, delta, queue)
            finder.augment(path, g, units)
            seats[vm] -= units
            load[vm] = at + units
            if seats[vm]:
                heappush(queue, (delta, seat(vm, at + units), vm))
        if not queue and stale == _INF:
            return  # every mentor still reachable is full


def _units(net: FlowNetwork, path, g: int, vm: int, delta: int, queue: list) -> int:
    """How many units to push from group g along `path` to mentor vm: as many as keep vm the cheapest."""
    cap, supply, seats, seat = net.cap, net.supply, net.seats, net.seat
    room = supply[g] if supply[g] < seats[vm] else seats[vm]
    for b in path:
        if cap[b] < room:
            room = cap[b]
    if not queue:
        return room
    at = net.load[vm]
    top = queue[0]
    units = 1
    while units < room and (delta, seat(vm, at + units), vm) < top:
        units += 1
    return units
