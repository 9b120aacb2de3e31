"""Benchmark: render time and page weight of our views against the peers', side by side.

    python bench/bench_render.py [--repeat 40] [--profile learner]

In one process and one runtime (the xblock-sdk WorkbenchRuntime, SQLite): our
`student_view` of a 12-segment, 6-prompt module (a learner with progress and
responses; a mentor and programme staff with their dashboards), `studio_view` and
`author_view`, against xblock-poll's and drag-and-drop-v2's `student_view` (and their
`studio_view`). Each render builds a new runtime and block, as every request does.
Prints markdown tables for docs/benchmarks.md: medians with min/max, queries per
render, the ratio to the faster peer, and JS+CSS / HTML weight raw and gzip.
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbench_setup import LEARNER, MENTOR, STAFF, add_scenarios, available_peers, django_setup, seed_learner  # noqa: E402

OURS = "mentorship-bench"
FLOOR = "runtime floor: an empty XBlock (one <p>, no field read)"


def empty_block_class():
    """The floor: what runtime.render costs any block in this runtime (its wrapper, the aside
    lookup, building the runtime and block), measured in the same rounds as everyone."""
    from web_fragments.fragment import Fragment
    from xblock.core import XBlock

    class EmptyBlock(XBlock):
        def student_view(self, context=None):  # pylint: disable=unused-argument
            return Fragment("<p>empty</p>")

    return EmptyBlock


def render_once(usage_id: str, student: str, view: str):
    from workbench.runtime import WorkbenchRuntime

    runtime = WorkbenchRuntime(student)
    block = runtime.get_block(usage_id)
    return runtime.render(block, view, {})


def own_fragment(usage_id: str, student: str, view: str):
    """The view's own fragment, without what the runtime wraps around every block (its jQuery etc.)."""
    from workbench.runtime import WorkbenchRuntime

    block = WorkbenchRuntime(student).get_block(usage_id)
    return getattr(block, view)({})


def time_renders(cases: dict, repeat: int) -> dict:
    """{label: (median, min, max in ms, queries of one render)} for {label: (usage_id, student, view)}.

    Rounds: each round renders every case once, so a busy moment of a shared VM slows every
    case alike instead of whichever was being measured then."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries, times = {}, {label: [] for label in cases}
    for label, (usage_id, student, view) in list(cases.items()):
        try:
            for _ in range(3):  # warm caches the way a running LMS process has them warm
                render_once(usage_id, student, view)
        except Exception as exc:  # pylint: disable=broad-except  # a peer's view may not run here
            print(f"{label}: could not render ({type(exc).__name__}: {exc})", file=sys.stderr)
            del cases[label], times[label]
            continue
        with CaptureQueriesContext(connection) as captured:
            render_once(usage_id, student, view)
        queries[label] = len(captured)
    for _ in range(repeat):
        for label, (usage_id, student, view) in cases.items():
            start = time.perf_counter()
            render_once(usage_id, student, view)
            times[label].append((time.perf_counter() - start) * 1000)
    return {label: (statistics.median(t), min(t), max(t), queries[label]) for label, t in times.items()}


def weight(client, frag) -> dict:
    """Bytes of the fragment's JS+CSS (each file as served, raw and gzip) and of its HTML."""
    code_raw = code_gz = 0
    external = 0
    for resource in frag.resources:
        if resource.mimetype not in ("application/javascript", "text/css"):
            continue
        if resource.kind == "url":
            if not resource.data.startswith("/"):
                external += 1
                continue
            response = client.get(resource.data)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        else:
            body = resource.data.encode("utf-8")
        code_raw += len(body)
        code_gz += len(gzip.compress(body, 6))
    html = frag.body_html().encode("utf-8")
    return {"code_raw": code_raw, "code_gz": code_gz, "html_raw": len(html), "html_gz": len(gzip.compress(html, 6)),
            "external": external}


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", choices=["learner", "mentor", "staff"],
                        help="print a cProfile of our student_view for that role instead")
    args = parser.parse_args()
    django_setup(None, tempfile.mkdtemp(prefix="mentor-bench-render-"))
    from django.test import Client

    from workbench.scenarios import SCENARIOS, add_xml_scenario

    ids = add_scenarios()
    add_xml_scenario("bench-floor", "bench-floor", "<bench_empty/>")
    ids["bench-floor"] = SCENARIOS["bench-floor"].usage_id
    client = Client()
    seed_learner(client, ids[OURS])
    peers, missing = available_peers()

    if args.profile:
        import cProfile
        import pstats

        student = {"learner": LEARNER, "mentor": MENTOR, "staff": STAFF}[args.profile]
        render_once(ids[OURS], student, "student_view")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            render_once(ids[OURS], student, "student_view")
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(int(os.environ.get("BENCH_LINES", "35")))
        return 0

    cases = [
        ("ours: student_view, learner (12 segments, 6 prompts)", OURS, LEARNER, "student_view"),
        ("ours: student_view, mentor (with dashboard)", OURS, MENTOR, "student_view"),
        ("ours: student_view, programme staff (with dashboard)", OURS, STAFF, "student_view"),
        ("ours: studio_view", OURS, "studio:alice", "studio_view"),
        ("ours: author_view", OURS, "preview", "author_view"),
    ]
    for name, _olx in peers:
        cases.append((f"{name}: student_view, learner", f"peer-{name}", LEARNER, "student_view"))
        cases.append((f"{name}: studio_view", f"peer-{name}", "studio:alice", "studio_view"))
    cases.append((FLOOR, "bench-floor", LEARNER, "student_view"))
    results = time_renders({label: (ids[scenario], student, view) for label, scenario, student, view in cases},
                           args.repeat)

    peer_student = [results[f"{name}: student_view, learner"][0] for name, _ in peers
                    if f"{name}: student_view, learner" in results]
    peer_studio = [results[f"{name}: studio_view"][0] for name, _ in peers if f"{name}: studio_view" in results]
    fastest = min(peer_student) if peer_student else None
    fastest_studio = min(peer_studio) if peer_studio else None

    print(f"date {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{args.repeat} rounds of one render per row, after 3 warm-up renders")
    if missing:
        print(f"peers not installed (left out): {', '.join(missing)}")
    print()
    print("| view | median | min | max | queries | ratio to the faster peer |")
    print("|---|---|---|---|---|---|")
    for label, (median, low, high, queries) in results.items():
        ref = fastest_studio if "studio_view" in label else fastest
        ratio = f"{median / ref:.2f}×" if ref and label.startswith("ours") else ""
        print(f"| {label} | {median:.2f} ms | {low:.2f} ms | {high:.2f} ms | {queries} | {ratio} |")
    print()
    print("Page weight: the view's own fragment (what the runtime adds to every block is left out).")
    print()
    print("| view | JS+CSS raw | JS+CSS gzip | HTML raw | HTML gzip |")
    print("|---|---|---|---|---|")
    by_label = {case[0]: case for case in cases}
    for label in results:
        if label == FLOOR:
            continue
        _label, scenario, student, view = by_label[label]
        w = weight(client, own_fragment(ids[scenario], student, view))
        note = f" (+{w['external']} external)" if w["external"] else ""
        print(f"| {label} | {kb(w['code_raw'])}{note} | {kb(w['code_gz'])} | {kb(w['html_raw'])} | {kb(w['html_gz'])} |")
    verdict = []
    learner = results.get(cases[0][0])
    if fastest and learner:
        ratio = learner[0] / fastest
        # The target (issue 19): no slower than the faster peer per request; a user cannot tell less.
        verdict.append(f"learner view: {ratio:.2f}× the faster peer (target ≤ 1×): {'met' if ratio <= 1 else 'MISSED'}")
        slowest = max(results[c[0]][0] / (fastest_studio if c[3] == "studio_view" and fastest_studio else fastest)
                      for c in cases[:5] if c[0] in results)
        verdict.append(f"slowest of our views: {slowest:.2f}× (target ≤ 1×): {'met' if slowest <= 1 else 'MISSED'}")
        if FLOOR in results:
            floor = results[FLOOR][0]
            verdict.append(f"above the runtime floor ({floor:.2f} ms, {floor / fastest:.2f}× the faster peer): learner "
                           f"{learner[0] - floor:.2f} ms against the faster peer's {fastest - floor:.2f} ms "
                           f"({(learner[0] - floor) / (fastest - floor):.2f}×)")
    print()
    print("\n".join(verdict))
    return 0


if __name__ == "__main__":
    from xblock.core import XBlock

    # The floor's block exists only in this process (an entry point for the run, as XBlock's tests do).
    sys.exit(XBlock.register_temp_plugin(empty_block_class(), "bench_empty")(main)())
