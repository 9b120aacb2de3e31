"""The path search's per-phase lists (core/matching/paths.py), checked from outside while `match` runs.

The solver is run on real instances with a PathFinder that, after every push
and every search, checks against a full scan of the network written here:
  - the lists' invariant: a node's list holds every tight arc into it that has
    room and comes from a live node not marked dead (the pushes keep it true
    by appending arcs that gain room);
  - every path returned is a simple residual path of reduced cost zero from a
    group with supply at distance 0 to the mentor asked for;
  - a search that fails is right: no such path exists at all.
A list that went stale (a push not recorded) shows up here at once, although
the final result often stays optimal on small instances and only the balance
of loads of large ones suffers.
"""

import pytest

from mentor_xblock.core.matching import flow, match
from mentor_xblock.core.matching.paths import PathFinder
from tests.oracles.matching import balance
from tests.oracles.matching import instance as course_instance
from tests.oracles.matching import reference_optimum as flow_optimum


def tight(net, a) -> bool:
    u, v = net.to[a ^ 1], net.to[a]
    return net.cost[a] + net.pot[u] - net.pot[v] == 0


def reachable(finder) -> set[int]:
    """Nodes reached from the source by residual arcs of reduced cost zero (full scan)."""
    net = finder.net
    fed = [g for g in range(net.n_groups) if net.supply[g] > 0 and net.pot[g] == 0 and finder.alive[g]]
    seen = set(fed)
    for u in fed:  # grows while iterated
        for a in net.adj[u]:
            v = net.to[a]
            if v not in seen and net.cap[a] > 0 and finder.alive[v] and tight(net, a):
                seen.add(v)
                fed.append(v)
    return seen


class CheckedFinder(PathFinder):
    """A PathFinder that checks its lists and answers against full scans (module docstring)."""

    runs: list = []

    def __init__(self, net):
        super().__init__(net)
        self.checks = {"invariant": 0, "opened_listed": 0, "paths": 0, "failures": 0}
        CheckedFinder.runs.append(self.checks)

    def check_lists(self) -> None:
        net, phase = self.net, self.phase
        for v in range(net.n_nodes):
            if self.listed[v] != phase:
                continue
            listed = set(self.lists[v])
            for a in net.adj[v]:
                b, u = a ^ 1, net.to[a]
                if net.cap[b] > 0 and tight(net, b) and self.alive[u] and self.dead[u] != phase:
                    assert a in listed, f"arc {u} -> {v} (tight, with room) missing from the list of {v}"
        self.checks["invariant"] += 1

    def augment(self, path, group, units):
        net = self.net
        # count pushes that open an arc into a node whose list is already built (what the invariant is about)
        self.checks["opened_listed"] += sum(
            1 for b in path if net.cap[b ^ 1] == 0 and self.listed[net.to[b ^ 1]] == self.phase
        )
        super().augment(path, group, units)
        self.check_lists()

    def path_to(self, vm):
        found = super().path_to(vm)
        net = self.net
        if found is None:
            assert vm not in reachable(self), f"search for mentor {vm} failed, but a tight path exists"
            self.checks["failures"] += 1
        else:
            path, group = found
            assert net.supply[group] > 0 and net.pot[group] == 0 and net.to[path[0] ^ 1] == group
            nodes = [group] + [net.to[b] for b in path]
            assert nodes[-1] == vm and len(set(nodes)) == len(nodes), "not a simple path to the mentor"
            for b in path:
                assert net.cap[b] > 0 and tight(net, b)
            self.checks["paths"] += 1
        self.check_lists()
        return found


@pytest.fixture
def checked(monkeypatch):
    CheckedFinder.runs = []
    monkeypatch.setattr(flow, "PathFinder", CheckedFinder)
    return CheckedFinder.runs


def totals(runs) -> dict:
    out: dict = {}
    for checks in runs:
        for key, value in checks.items():
            out[key] = out.get(key, 0) + value
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("interests", [3, 5])
def test_lists_and_searches_agree_with_full_scans(checked, seed, interests):
    learners, mentors = course_instance(400, 25, seed, seat_scale=0.2, interests=interests)
    match(learners, mentors)
    seen = totals(checked)
    assert seen["paths"] > 100 and seen["invariant"] > 100
    assert seen["failures"] > 0  # failed searches were checked too
    assert seen["opened_listed"] > 0  # and the case the appending is for: arcs opened into listed nodes


@pytest.mark.parametrize("seed", [17, 22, 23, 46])
def test_optimal_where_a_stale_list_would_lose_balance(seed):
    """Seats to spare, up to 5 interests: loads are balanced by moving flow between mentors within a
    phase. Without the pushes recorded in the lists, these instances lose the optimal balance."""
    learners, mentors = course_instance(300, 20, seed, seat_scale=0.3, interests=5)
    result = match(learners, mentors)
    assert (len(result.assignments), result.total_overlap, -balance(result.loads, mentors)) == flow_optimum(
        learners, mentors
    )
