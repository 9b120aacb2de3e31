"""The solver: min-cost max-flow by successive shortest paths, on a FlowNetwork.

The invariant
-------------
`net.pot` are potentials under which every residual arc has a reduced cost
cost[a] + pot[u] - pot[v] >= 0. They hold on the empty flow (network.py); after
each Dijkstra run (`_reprice`) they are the distances from the source, and units
only move along paths of reduced cost zero, so the flow of every value stays at
minimum cost. Paths are ranked by (delta, seat) -- minus the overlap they gain,
then the load ratio of the seat they end in -- which is the big-M order of
objective.py.

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
along zero-reduced-cost paths found by a short backward search; a mentor
whose path has gone is set aside until the next Dijkstra run, as its distance
has risen by a whole step, which outweighs any seat. Seats (L + 1) / c are
compared as floats, which orders them exactly for capacities up to 2**20
(distinct values differ by more than 2**-40, far above rounding error);
larger capacities use Fractions.

Cost: a handful of Dijkstra runs on (groups + hubs + mentors) nodes, and
about one short search per new assignment: 100,000 learners x 1,000 mentors
in under 2 s of CPython (bench/bench_matching.py). A group with n effective
tags uses 2**n hubs, which suits interest tags picked a few at a time; beyond
`grouping.HUB_MAX_TAGS` tags a group gets direct arcs instead.

`best_mentor` is the one-learner case: among mentors with a free seat that
are not already the learner's, the largest overlap, then the lowest load ratio
after taking the learner, (load + 1) / capacity, then the smallest id. It is
what `match` gives a lone learner with need 1.
"""

from __future__ import annotations

import heapq

from .network import FlowNetwork

_INF = 1 << 62


def _reprice(net: FlowNetwork, alive: list[bool], pointer: list[int]) -> None:
    """Dijkstra from the source on reduced costs: potentials become distances, and nodes
    the source no longer reaches are dropped for good."""
    n_groups, n_nodes, to, cap, cost, adj, pot = net.n_groups, net.n_nodes, net.to, net.cap, net.cost, net.adj, net.pot
    supply = net.supply
    heappush, heappop = heapq.heappush, heapq.heappop
    dist = [_INF] * n_nodes
    heap = []
    for g in range(n_groups):
        if supply[g] > 0 and alive[g]:
            dist[g] = -pot[g]
            heap.append((dist[g], g))
    heapq.heapify(heap)
    while heap:
        d, u = heappop(heap)
        if d > dist[u]:
            continue
        base = pot[u] + d
        for a in adj[u]:
            if cap[a] > 0:
                v = to[a]
                nd = base + cost[a] - pot[v]
                if nd < dist[v] and alive[v]:
                    dist[v] = nd
                    heappush(heap, (nd, v))
    for v in range(n_nodes):
        if dist[v] == _INF:
            alive[v] = False
        else:
            pot[v] += dist[v]
        pointer[v] = 0


def successive_shortest_paths(net: FlowNetwork) -> None:
    """Grow the flow along cheapest source -> sink paths until there is none (module docstring)."""
    n_groups, n_nodes, first_mentor = net.n_groups, net.n_nodes, net.first_mentor
    to, cap, cost, adj, pot = net.to, net.cap, net.cost, net.adj, net.pot
    supply, load, seats, seat = net.supply, net.load, net.seats, net.seat

    alive = [True] * n_nodes  # once unreachable from the source, forever
    dead = [0] * n_nodes  # == phase: no zero-reduced-cost path from the source this phase
    seen = [0] * n_nodes
    parent = [0] * n_nodes
    pointer = [0] * n_nodes
    memo: list = [None] * n_nodes  # (phase, root group, arcs, k): arcs[:k] lead root -> node
    heappush, heappop = heapq.heappush, heapq.heappop
    stamp = 0
    phase = 0

    def hub_source(h: int) -> int:
        """A tight arc g -> h from a group with supply at distance 0, or -1.

        Group arcs come first in adj[h]. An arc passed over stays useless this
        phase (supply only shrinks), except one whose flow was cancelled since,
        which `search` still finds.
        """
        arcs = adj[h]
        ph = pot[h]
        i = pointer[h]
        end = len(arcs)
        while i < end:
            c = arcs[i]
            g = to[c]
            if g >= n_groups:
                break
            d = c ^ 1
            if supply[g] > 0 and cap[d] > 0 and pot[g] == 0 and cost[d] == ph and alive[g] and dead[g] != phase:
                pointer[h] = i
                return d
            i += 1
        pointer[h] = end
        return -1

    def search(vm: int, use_memo: bool = True):
        """A zero-reduced-cost residual path source -> vm: ([arcs, source side first], group), or None.

        Breadth-first over in-arcs, up to the first node known to be fed: a
        group with supply at distance 0, a hub with such a group, or a node on
        an earlier path whose arcs all still have room. If the search fails,
        every node it saw is dead for the phase: none is reachable from the
        source, and none can become so before the next Dijkstra run (new
        residual arcs only appear between reachable nodes).
        """
        nonlocal stamp
        stamp += 1
        seen[vm] = stamp
        queue = [vm]
        hit = -1
        head: list[int] = []
        for v in queue:
            pv = pot[v]
            for a in adj[v]:
                b = a ^ 1
                if cap[b] <= 0:
                    continue
                u = to[a]
                if seen[u] == stamp or dead[u] == phase or pot[u] + cost[b] != pv or not alive[u]:
                    continue
                seen[u] = stamp
                parent[u] = b
                if u < n_groups:
                    if supply[u] > 0 and pot[u] == 0:
                        hit = u
                        break
                elif u < first_mentor:
                    d = hub_source(u)
                    if d >= 0:
                        hit, head = u, [d]
                        break
                known = memo[u] if use_memo else None
                if known is not None and known[0] == phase and supply[known[1]] > 0:
                    arcs, k = known[2], known[3]
                    for j in range(k):
                        if cap[arcs[j]] <= 0:
                            break
                    else:
                        hit, head = u, arcs[:k]
                        break
                queue.append(u)
            if hit >= 0:
                break
        if hit < 0:
            for v in queue:
                dead[v] = phase
            return None
        tail = []
        w = hit
        while w != vm:
            arc = parent[w]
            tail.append(arc)
            w = to[arc]
        if len(head) > 1:
            # keep the path simple: the remembered part must not meet the new one
            stamp += 1
            for arc in tail:
                seen[to[arc]] = stamp
            for arc in head:
                if seen[to[arc ^ 1]] == stamp:
                    return search(vm, False)
        path = head + tail
        root = to[path[0] ^ 1]
        for k in range(1, len(path)):
            memo[to[path[k] ^ 1]] = (phase, root, path, k)
        return path, root

    while True:
        phase += 1
        _reprice(net, alive, pointer)

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

            # a path source -> vm of zero reduced cost: first try group -> (hub ->) vm
            path = None
            pv = pot[vm]
            for a in adj[vm]:
                b = a ^ 1
                if cap[b] > 0:
                    u = to[a]
                    if pot[u] + cost[b] == pv and alive[u] and dead[u] != phase:
                        if u < n_groups:
                            if supply[u] > 0 and pot[u] == 0:
                                path, g = (b,), u
                                break
                        elif u < first_mentor:
                            d = hub_source(u)
                            if d >= 0:
                                path, g = (d, b), to[d ^ 1]
                                break
            if path is None:
                found = search(vm)
                if found is None:
                    if delta < stale:
                        stale = delta
                    continue
                path, g = found

            # push as many units as keep vm the cheapest
            room = supply[g] if supply[g] < seats[vm] else seats[vm]
            for b in path:
                if cap[b] < room:
                    room = cap[b]
            at = load[vm]
            units = 1
            if not queue:
                units = room
            else:
                top = queue[0]
                while units < room and (delta, seat(vm, at + units), vm) < top:
                    units += 1
            supply[g] -= units
            for b in path:
                cap[b] -= units
                cap[b ^ 1] += units
            seats[vm] -= units
            load[vm] = at + units
            if seats[vm]:
                heappush(queue, (delta, seat(vm, at + units), vm))
        if not queue and stale == _INF:
            return  # every mentor still reachable is full
