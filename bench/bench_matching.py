"""Benchmark of mentor_xblock.core.matching (run by `make bench`).

1. A course-sized instance, fixed seed: 100,000 learners, 1,000 mentors with
   capacities 50-200 (about 110,000 seats), a 12-tag vocabulary with uneven
   popularity, learners picking 0-3 tags and mentors 1-4, needs 0-3 (mostly 1),
   1% of learners with a mentor already. Times `match` (best of 3, wall clock
   and CPU), measures its peak Python allocation (tracemalloc, separate run)
   and the process peak RSS.
2. Optimality: smaller instances of the same kind (300 learners x 20 mentors)
   are solved again by a plain per-learner min-cost flow written here, with
   exact big-M integer costs and no grouping or hubs; the objectives must be
   equal, and the hard rules must hold. Exit status 1 if not (time is not judged).

Prints a markdown table row for docs/benchmarks.md.
"""

from __future__ import annotations

import heapq
import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from fractions import Fraction
from math import lcm

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mentor_xblock.core.matching import LearnerNeed, MentorSlot, match  # noqa: E402

VOCABULARY = [
    "python", "data", "ml", "web", "career", "design",
    "writing", "math", "stats", "cloud", "security", "research",
]  # fmt: skip
SEED = 2024


def instance(n_learners: int, n_mentors: int, seed: int = SEED, seat_scale: float = 1.0, interests: int = 3):
    """Learners and mentors of a plausible course (see module docstring)."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(VOCABULARY))]

    def pick(count: int) -> frozenset[str]:
        tags: set[str] = set()
        while len(tags) < count:
            tags.add(rng.choices(VOCABULARY, weights)[0])
        return frozenset(tags)

    mentors = []
    for i in range(n_mentors):
        capacity = max(1, round((50 + 150 * rng.random() ** 1.5) * seat_scale))
        load = min(capacity, rng.randint(0, 10)) if rng.random() < 0.3 else 0
        mentors.append(MentorSlot(f"mentor-{i:04d}", pick(rng.randint(1, 4)), capacity, load))
    ids = [mentor.id for mentor in mentors]
    learners = []
    for j in range(n_learners):
        r = rng.random()
        need = 0 if r < 0.01 else 1 if r < 0.96 else 2 if r < 0.99 else 3
        already = frozenset([rng.choice(ids)]) if rng.random() < 0.01 else frozenset()
        learners.append(LearnerNeed(f"learner-{j:06d}", pick(rng.randint(0, interests)), already, need))
    rng.shuffle(learners)
    rng.shuffle(mentors)
    return learners, mentors


# --- independent check ----------------------------------------------------------


def reference_optimum(learners, mentors):
    """(N, O, -Q) of an optimal assignment, by min-cost flow on individual learners.

    source -> learner (capacity need) -> mentor (1 each, cost -B1 - B2 * overlap,
    missing where the learner already has the mentor) -> sink through one arc
    per free seat, the seat taking the load to L + 1 costing (D / c) * 2 (L + 1).
    Successive shortest paths (Dijkstra with potentials), exact integers.
    """
    positive = [m.capacity for m in mentors if m.capacity > 0]
    scale = lcm(*positive) if positive else 1
    b2 = scale * sum(m.capacity + 1 for m in mentors if m.capacity > 0) + 1
    b1 = b2 * (sum(lrn.need for lrn in learners) * max((len(lrn.tags) for lrn in learners), default=0) + 1)
    first = 2 + len(learners)  # node 0 source, 1 sink, then learners, then mentors
    size = first + len(mentors)
    head, residual, weight = [], [], []
    out: list[list[int]] = [[] for _ in range(size)]

    def arc(u, v, capacity, cost):
        out[u].append(len(head))
        head.append(v), residual.append(capacity), weight.append(cost)
        out[v].append(len(head))
        head.append(u), residual.append(0), weight.append(-cost)

    for i, lrn in enumerate(learners):
        if lrn.need:
            arc(0, 2 + i, lrn.need, 0)
            for j, m in enumerate(mentors):
                if m.id not in lrn.already:
                    arc(2 + i, first + j, 1, -b1 - b2 * len(lrn.tags & m.tags))
    for j, m in enumerate(mentors):
        for load in range(m.load, m.capacity):
            arc(first + j, 1, 1, scale // m.capacity * 2 * (load + 1))

    infinity = float("inf")
    potential = [infinity] * size  # distances on the empty flow, a DAG in this order
    potential[0] = 0
    for u in [0, *range(2, size), 1]:
        if potential[u] < infinity:
            for a in out[u]:
                if residual[a] and potential[u] + weight[a] < potential[head[a]]:
                    potential[head[a]] = potential[u] + weight[a]
    potential = [p if p < infinity else 0 for p in potential]
    while True:
        dist, via = [infinity] * size, [-1] * size
        dist[0] = 0
        heap = [(0, 0)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for a in out[u]:
                if residual[a]:
                    v = head[a]
                    nd = d + weight[a] + potential[u] - potential[v]
                    if nd < dist[v]:
                        dist[v], via[v] = nd, a
                        heapq.heappush(heap, (nd, v))
        if dist[1] == infinity or dist[1] + potential[1] - potential[0] >= 0:
            break
        potential = [p + d if d < infinity else p for p, d in zip(potential, dist)]
        v = 1
        while v:
            a = via[v]
            residual[a] -= 1
            residual[a ^ 1] += 1
            v = head[a ^ 1]
    loads = {m.id: m.load for m in mentors}
    placed = overlap = 0
    for i, lrn in enumerate(learners):
        for a in out[2 + i]:
            if a % 2 == 0 and head[a] >= first and residual[a] == 0:
                m = mentors[head[a] - first]
                placed += 1
                overlap += len(lrn.tags & m.tags)
                loads[m.id] += 1
    return placed, overlap, -balance(loads, mentors)


def balance(loads, mentors) -> Fraction:
    return sum(
        (Fraction(loads[m.id] * (loads[m.id] + 1), 2 * m.capacity) for m in mentors if m.capacity > 0), Fraction(0)
    )


def rule_violations(result, learners, mentors) -> list[str]:
    problems = []
    by_id = {lrn.id: lrn for lrn in learners}
    loads = {m.id: m.load for m in mentors}
    got = dict.fromkeys(by_id, 0)
    if len(set(result.assignments)) != len(result.assignments):
        problems.append("a learner got the same mentor twice")
    for lid, mid in result.assignments:
        got[lid] += 1
        loads[mid] += 1
        if mid in by_id[lid].already:
            problems.append(f"{lid} got {mid} again")
    problems += [f"{lid} got more than needed" for lid, count in got.items() if count > by_id[lid].need]
    problems += [f"{m.id} over capacity" for m in mentors if loads[m.id] > max(m.capacity, m.load)]
    if loads != result.loads:
        problems.append("reported loads are wrong")
    return problems


def check_optimality(seeds=(1, 2, 3), interests: int = 3) -> tuple[bool, str]:
    messages = []
    for seed in seeds:
        learners, mentors = instance(300, 20, seed=seed, seat_scale=0.15, interests=interests)
        result = match(learners, mentors)
        ours = (len(result.assignments), result.total_overlap, -balance(result.loads, mentors))
        reference = reference_optimum(learners, mentors)
        problems = rule_violations(result, learners, mentors)
        if ours != reference or problems:
            messages.append(f"seed {seed}: ours {ours} vs reference {reference}; {problems[:3]}")
    return not messages, "; ".join(messages)


# --- timing ----------------------------------------------------------------------


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--interests", type=int, default=3, help="learners pick 0 to this many tags (the widget allows 5)")
    interests = parser.parse_args().interests
    learners, mentors = instance(100_000, 1_000, interests=interests)
    seats = sum(max(0, m.capacity - m.load) for m in mentors)
    demand = sum(lrn.need for lrn in learners)
    times, cpu_times = [], []
    result = None
    for _ in range(3):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = match(learners, mentors)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    tracemalloc.start()
    match(learners, mentors)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    started = time.perf_counter()
    optimal, why = check_optimality(interests=interests)
    check_time = time.perf_counter() - started

    best = min(times)
    verdict = "OK" if optimal else "FAILED " + why
    print(f"instance: {len(learners):,} learners (demand {demand:,}) x {len(mentors):,} mentors ({seats:,} free seats)")
    print(f"match: best of 3 {best:.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})", end="")
    # CPU time is steadier than wall time on a shared machine
    print(f"; CPU best {min(cpu_times):.2f} s (runs {', '.join(f'{t:.2f}' for t in cpu_times)})")
    print(f"placed {len(result.assignments):,}, unplaced learners {len(result.unplaced):,}", end="")
    print(f", total overlap {result.total_overlap:,}")
    print(f"peak memory: {peak / 2**20:.0f} MiB allocated by match (tracemalloc), process max RSS {rss:.0f} MiB")
    print(
        f"optimality vs an independent min-cost flow, 3 x (300 learners x 20 mentors): {verdict} ({check_time:.1f} s)"
    )
    print()
    columns = ["date", "python", "cpus", "learners x mentors", "interests", "best of 3", "peak alloc", "max RSS"]
    columns += ["placed", "overlap", "unplaced", "optimal (300x20 x3)"]
    row = [time.strftime("%Y-%m-%d"), platform.python_version(), str(os.cpu_count())]
    row += [f"{len(learners):,} x {len(mentors):,}", f"0-{interests}", f"{best:.2f} s", f"{peak / 2**20:.0f} MiB", f"{rss:.0f} MiB"]
    row += [f"{len(result.assignments):,}", f"{result.total_overlap:,}", f"{len(result.unplaced):,}"]
    row += ["yes" if optimal else "NO"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    print("| " + " | ".join(row) + " |")
    return 0 if optimal else 1


if __name__ == "__main__":
    sys.exit(main())
