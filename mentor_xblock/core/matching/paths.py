"""Zero-reduced-cost paths from the source, phase by phase: the search of flow.py's solver.

A phase runs from one Dijkstra run (`new_phase`) to the next. Potentials are
fixed within it, so whether an arc is *tight* (reduced cost zero) is fixed
too, and so is whether a node is alive; only capacities and supplies change.
Within a phase the solver asks for a tight residual path source -> mentor
once per new assignment (`path_to`), and pushes flow along it (`augment`).

The search goes backwards over tight arcs with room. Scanning every arc of
every node it passes would rescan, search after search, the many arcs that
are not tight or carry no flow (a group's direct arcs to mentors, a mentor's
arcs from groups that pay more elsewhere): with 5-interest groups that was
most of the solver's time. So each node keeps, per phase, its *list*
(`tight_in`): the arcs into it that are tight, from a live node not yet
dead, and had room when the list was built -- plus every such arc that has
gained room since, which `augment` appends (an arc only gains room by a
push along its reverse, and both are tight then). Invariant: the list of a
node holds every tight arc into it with room from a live node that is not
dead. The search re-checks room, death and whether it saw the node, so it
accepts exactly the arcs a full scan would: the same paths exist, and a
failed search still proves that the nodes it saw are dead for the phase.
"""

from __future__ import annotations

import heapq

from .network import FlowNetwork

_INF = 1 << 62


class PathFinder:
    """Tight residual paths source -> mentor within a phase, and pushing flow along them."""

    def __init__(self, net: FlowNetwork):
        n_nodes = net.n_nodes
        self.net = net
        self.alive = [True] * n_nodes  # once unreachable from the source, forever
        self.dead = [0] * n_nodes  # == phase: no zero-reduced-cost path from the source this phase
        self.seen = [0] * n_nodes  # == stamp: reached by the current search
        self.parent = [0] * n_nodes  # the arc the current search reached a node by
        self.pointer = [0] * n_nodes  # `hub_source`: the group arcs before it are spent this phase
        self.listed = [0] * n_nodes  # == phase: lists[v] is this phase's list (module docstring)
        self.lists: list[list[int]] = [[] for _ in range(n_nodes)]
        self.memo: list = [None] * n_nodes  # (phase, root group, arcs, k): arcs[:k] lead root -> node
        self.stamp = 0
        self.phase = 0

    def new_phase(self) -> None:
        """Dijkstra: potentials become distances from the source; every per-phase mark lapses."""
        self.phase += 1
        _reprice(self.net, self.alive, self.pointer)

    def tight_in(self, v: int) -> list[int]:
        """v's list for this phase: arcs a of adj[v] whose reverse a ^ 1 (into v) is in the invariant."""
        if self.listed[v] != self.phase:
            net, alive, dead, phase = self.net, self.alive, self.dead, self.phase
            to, cap, cost, pot = net.to, net.cap, net.cost, net.pot
            pv = pot[v]
            self.listed[v] = phase
            self.lists[v] = [
                a
                for a in net.adj[v]
                if cap[a ^ 1] > 0 and pot[to[a]] + cost[a ^ 1] == pv and alive[to[a]] and dead[to[a]] != phase
            ]
        return self.lists[v]

    def augment(self, path, group: int, units: int) -> None:
        """Push `units` from `group` along `path` (source side first), keeping the lists' invariant."""
        net, listed, lists, phase = self.net, self.listed, self.lists, self.phase
        to, cap = net.to, net.cap
        net.supply[group] -= units
        for b in path:
            cap[b] -= units
            back = b ^ 1
            if cap[back] == 0:
                # back (into to[back], leaving by b) gains room. Already listed if it
                # had room when the list was built; appending again only costs a re-check.
                t = to[back]
                if listed[t] == phase:
                    lists[t].append(b)
            cap[back] += units

    def hub_source(self, h: int) -> int:
        """A tight arc g -> h with room from a group with supply at distance 0, or -1.

        Group arcs come first in adj[h]. An arc passed over stays useless this
        phase (supply only shrinks), except one whose flow was cancelled since,
        which `search` still finds (it is then in h's list).
        """
        net, dead, alive, phase, n_groups = self.net, self.dead, self.alive, self.phase, self.net.n_groups
        to, cap, cost, pot, supply = net.to, net.cap, net.cost, net.pot, net.supply
        arcs = net.adj[h]
        ph = pot[h]
        i = self.pointer[h]
        end = len(arcs)
        while i < end:
            c = arcs[i]
            g = to[c]
            if g >= n_groups:
                break
            d = c ^ 1
            if supply[g] > 0 and cap[d] > 0 and pot[g] == 0 and cost[d] == ph and alive[g] and dead[g] != phase:
                self.pointer[h] = i
                return d
            i += 1
        self.pointer[h] = end
        return -1

    def path_to(self, vm: int):
        """A tight residual path source -> mentor vm: (arcs, source side first; its group), or None.

        First a fed group right before vm, or a hub with one; else `search`.
        """
        net, dead, phase = self.net, self.dead, self.phase
        n_groups, first_mentor, to, supply, pot = net.n_groups, net.first_mentor, net.to, net.supply, net.pot
        for a in self.tight_in(vm):
            b = a ^ 1
            if net.cap[b] > 0:
                u = to[a]
                if dead[u] != phase:
                    if u < n_groups:
                        if supply[u] > 0 and pot[u] == 0:
                            return (b,), u
                    elif u < first_mentor:
                        d = self.hub_source(u)
                        if d >= 0:
                            return (d, b), to[d ^ 1]
        return self.search(vm)

    def search(self, vm: int, use_memo: bool = True):
        """Like `path_to`, breadth-first over the lists, up to the first node known to be fed.

        Fed: a group with supply at distance 0, a hub with such a group, or a
        node on an earlier path whose arcs all still have room. If the search
        fails, every node it saw is dead for the phase: none is reachable from
        the source, and none can become so before the next Dijkstra run (new
        residual arcs only appear between reachable nodes).
        """
        net, seen, dead, parent, memo, phase = self.net, self.seen, self.dead, self.parent, self.memo, self.phase
        listed, lists = self.listed, self.lists
        n_groups, first_mentor = net.n_groups, net.first_mentor
        to, cap, supply, pot = net.to, net.cap, net.supply, net.pot
        self.stamp += 1
        stamp = self.stamp
        seen[vm] = stamp
        queue = [vm]
        hit = -1
        head: list[int] = []
        for v in queue:
            for a in lists[v] if listed[v] == phase else self.tight_in(v):
                b = a ^ 1
                if cap[b] <= 0:
                    continue
                u = to[a]
                if seen[u] == stamp or dead[u] == phase:
                    continue
                seen[u] = stamp
                parent[u] = b
                if u < n_groups:
                    if supply[u] > 0 and pot[u] == 0:
                        hit = u
                        break
                elif u < first_mentor:
                    d = self.hub_source(u)
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
        return self._join(vm, hit, head, use_memo)

    def _join(self, vm: int, hit: int, head: list[int], use_memo: bool):
        """The path found by `search`: `head` (source -> hit), then back from hit to vm by `parent`."""
        to, parent, seen = self.net.to, self.parent, self.seen
        tail = []
        w = hit
        while w != vm:
            arc = parent[w]
            tail.append(arc)
            w = to[arc]
        if len(head) > 1:
            # keep the path simple: the remembered part must not meet the new one
            self.stamp += 1
            stamp = self.stamp
            for arc in tail:
                seen[to[arc]] = stamp
            for arc in head:
                if seen[to[arc ^ 1]] == stamp:
                    return self.search(vm, False)
        path = head + tail
        root = to[path[0] ^ 1]
        phase, memo = self.phase, self.memo
        for k in range(1, len(path)):
            memo[to[path[k] ^ 1]] = (phase, root, path, k)
        return path, root


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
