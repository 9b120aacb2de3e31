"""Benchmark: what our JSON handlers cost in-process, against xblock-poll's `vote`.

    python bench/bench_handlers.py            # SQLite, then MariaDB if mariadbd is installed
    python bench/bench_handlers.py --db sqlite|mariadb [--threads 8] [--requests 30]

Requests go through the workbench's own URLs with Django's test client (no socket:
through `runserver` every request costs about 50 ms whatever the handler, which says
nothing about us). 8 threads, each with its own client and database connection, send
`--requests` requests each; per handler the median and p99 latency over all of them.
`submit_response` and the poll's `vote` are a first post by a new user each time (the
posting limit and "already voted" would otherwise make them cheap refusals). MariaDB
runs on a throwaway server on MENTOR_MYSQL_PORT (default 3307), like tests/mariadb.py.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbench_setup import add_scenarios, available_peers, django_setup, seed_learner  # noqa: E402

OURS = "mentorship-bench"


def cases(ids: dict) -> list:
    """(label, scenario, method, handler, data(thread, i) -> dict, student(thread, i) -> str)."""
    ours = [
        ("record_progress", "POST", lambda t, i: {"segment_id": f"s{i % 12}", "intervals": [[60 + i % 12, 61 + i % 12]]},
         lambda t, i: f"student_h{t}"),
        ("save_draft", "POST", lambda t, i: {"prompt_id": "p0", "text": f"Draft {i} of a reflection"},
         lambda t, i: f"student_h{t}"),
        ("submit_response", "POST", lambda t, i: {"prompt_id": "p1", "text": "My answer, in a few more words."},
         lambda t, i: f"student_s{t}_{i}"),
        ("mentors", "GET", lambda t, i: {"page": "1"}, lambda t, i: f"student_h{t}"),
        ("list_responses", "GET", lambda t, i: {"prompt_id": "p1", "page": "1"}, lambda t, i: f"student_h{t}"),
    ]
    out = [(f"ours: {name}", OURS, method, name, data, student) for name, method, data, student in ours]
    if "peer-poll" in ids:
        out.append(("poll: vote", "peer-poll", "POST", "vote", lambda t, i: {"choice": "R"},
                    lambda t, i: f"student_v{t}_{i}"))
    return out


def request(client, usage: str, method: str, handler: str, data: dict, student: str):
    if method == "GET":
        return client.get(f"/handler/{usage}/{handler}/", {"student": student, **data})
    return client.post(f"/handler/{usage}/{handler}/?student={student}", json.dumps(data),
                       content_type="application/json")


def run_case(ids, case, threads: int, requests: int):
    from django.db import connection
    from django.test import Client

    _label, scenario, method, handler, data, student = case
    usage = ids[scenario]
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_line = threading.Barrier(threads)

    def worker(t: int):
        client = Client(raise_request_exception=False)
        request(client, usage, method, handler, data(t, -1), student(t, -1))  # warm this thread's connection
        start_line.wait()
        mine = []
        for i in range(requests):
            began = time.perf_counter()
            response = request(client, usage, method, handler, data(t, i), student(t, i))
            mine.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                with lock:
                    errors.append(f"{response.status_code} {response.content[:120]!r}")
        with lock:
            times.extend(mine)
        connection.close()

    # One request first, alone: the workbench's field storage creates shared state rows with an
    # unguarded get_or_create, which threads racing on a first write would duplicate.
    request(Client(), usage, method, handler, data(0, -2), student(0, -2))
    workers = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if not times:
        return float("nan"), float("nan"), errors
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return statistics.median(times), p99, errors


def measure(db: str, threads: int, requests: int) -> int:
    database = None
    if db == "mariadb":
        database = json.loads(os.environ["MENTOR_BENCH_DATABASE"])
    django_setup(database, tempfile.mkdtemp(prefix=f"mentor-bench-handlers-{db}-"))
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # failures are counted and shown once
    from django.test import Client

    ids = add_scenarios()
    client = Client()
    for t in range(threads):
        seed_learner(client, ids[OURS], student=f"student_h{t}")
    peers, missing = available_peers()
    rows = []
    for case in cases(ids):
        median, p99, errors = run_case(ids, case, threads, requests)
        rows.append((case[0], median, p99))
        if errors:
            print(f"{case[0]}: {len(errors)} non-200 answers, e.g. {errors[0]}", file=sys.stderr)
    vote = next((median for label, median, _ in rows if label == "poll: vote"), None)
    print(f"\n{db}: {threads} threads x {requests} requests per handler"
          + (f"; peers missing: {', '.join(missing)}" if missing else ""))
    print("| handler | median | p99 | median / poll vote |")
    print("|---|---|---|---|")
    for label, median, p99 in rows:
        ratio = f"{median / vote:.2f}×" if vote and label.startswith("ours") else ""
        print(f"| {label} | {median:.1f} ms | {p99:.1f} ms | {ratio} |")
    if vote:
        worst = max(median for label, median, _ in rows if label.startswith("ours")) / vote
        print(f"\nslowest handler: {worst:.2f}× the poll's vote (target ≤ 1.5×): {'met' if worst <= 1.5 else 'MISSED'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "mariadb"])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if args.db:
        return measure(args.db, args.threads, args.requests)
    command = [sys.executable, os.path.abspath(__file__), "--threads", str(args.threads),
               "--requests", str(args.requests), "--db"]
    status = subprocess.call([*command, "sqlite"])
    from throwaway_mariadb import throwaway_server, why_unavailable

    reason = why_unavailable()
    if reason:
        print(f"\nMariaDB: not measured ({reason}).")
        return status
    with throwaway_server(int(os.environ.get("MENTOR_MYSQL_PORT", "3307"))) as database:
        env = dict(os.environ, MENTOR_BENCH_DATABASE=json.dumps(database))
        return status or subprocess.call([*command, "mariadb"], env=env)


if __name__ == "__main__":
    sys.exit(main())
