"""Shared set-up for the side-by-side benchmarks: a workbench database, the 12-segment,
6-prompt module, the peers' blocks, and a learner with progress and responses.

The peers (xblock-poll, xblock-drag-and-drop-v2) are installed by `make bench` into the
benchmark venv only; they are never dependencies of the project. A peer that is not
installed is reported and left out.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

SEGMENTS, PROMPTS = 12, 6
LEARNER, MENTOR, STAFF = "student_bench", "mentor_ada", "staff_1"

# (scenario name, module that must be importable, OLX)
PEERS = [
    ("poll", "poll", "<poll/>"),
    ("drag-and-drop-v2", "drag_and_drop_v2", "<drag-and-drop-v2/>"),
]


def transcript(n: int, start: int, cues: int = 12) -> str:
    """A WebVTT transcript of `cues` ten-second cues from `start` (source time)."""
    lines = ["WEBVTT", ""]
    for i in range(cues):
        a, b = start + 10 * i, start + 10 * (i + 1)
        lines += [f"{a // 3600:02d}:{a // 60 % 60:02d}:{a % 60:02d}.000 --> "
                  f"{b // 3600:02d}:{b // 60 % 60:02d}:{b % 60:02d}.000",
                  f"Segment {n}, cue {i}: what the expert says at this point of the talk.", ""]
    return "\n".join(lines)


def module_olx(segments: int = SEGMENTS, prompts: int = PROMPTS) -> str:
    """Our block as course teams build it: segments with transcripts, prompts between them."""
    parts = ['<mentorship display_name="Bench module" weight="1" completion="segments+prompts" '
             'grading="participation" watched_threshold="0.9">']
    urls = ["https://www.youtube.com/watch?v=qp0HIF3SfI4", "https://vimeo.com/76979871",
            "https://example.com/media/talk.mp4"]
    for n in range(segments):
        start = 60 + n
        parts.append(
            f'<segment id="s{n}" title="Segment {n}" expert="Expert {n}" expert_title="Speaker" '
            f'url="{urls[n % 3]}" start="{start}" end="{start + 120}">'
            f"<note>Why segment {n} matters for the course.</note>"
            f'<transcript format="vtt">{transcript(n, start)}</transcript></segment>'
        )
        if n * prompts // segments != (n + 1) * prompts // segments:
            p = n * prompts // segments
            visibility = "peers" if p % 2 else "mentor"
            parts.append(f'<prompt id="p{p}" min_words="3" visibility="{visibility}">'
                         f"What did segment {n} change in how you work?</prompt>")
    parts.append('<mentoring strategy="learner_choice" mentors_per_learner="1" allow_change="true" '
                 'tags="leadership,careers"/>')
    parts.append("</mentorship>")
    return "\n".join(parts)


def django_setup(database: dict | None, workdir: str) -> None:
    """Point the workbench at `database` (SQLite in `workdir` by default) and migrate."""
    os.makedirs(workdir, exist_ok=True)
    os.chdir(workdir)
    os.makedirs("var", exist_ok=True)
    database = database or {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(workdir, "bench.sqlite3")}
    os.environ["WORKBENCH_DATABASES"] = json.dumps({"default": database})
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentor_xblock.dev.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("mentor_demo_data", verbosity=0)


def available_peers() -> tuple[list[tuple[str, str]], list[str]]:
    """([(name, olx)], [names missing]) of the peers installed in this environment."""
    found, missing = [], []
    for name, module, olx in PEERS:
        if importlib.util.find_spec(module):
            found.append((name, olx))
        else:
            missing.append(name)
    return found, missing


def add_scenarios(segments: int = SEGMENTS, prompts: int = PROMPTS) -> dict[str, str]:
    """Register our module and the peers' blocks; {scenario: usage id}."""
    from workbench.scenarios import SCENARIOS, add_xml_scenario

    xml = {"mentorship-bench": module_olx(segments, prompts)}
    for name, olx in available_peers()[0]:
        xml[f"peer-{name}"] = olx
    ids = {}
    for name, olx in xml.items():
        add_xml_scenario(name, name, olx)
        ids[name] = SCENARIOS[name].usage_id
    return ids


def seed_learner(client, usage_id: str, segments: int = SEGMENTS, prompts: int = PROMPTS,
                 student: str = LEARNER) -> None:
    """The learner joins, watches part of every segment and answers every prompt (through the handlers)."""
    def post(handler, data):
        response = client.post(f"/handler/{usage_id}/{handler}/?student={student}", json.dumps(data),
                               content_type="application/json")
        assert response.status_code == 200, (handler, response.status_code, response.content[:300])
        return response.json()

    post("join_programme", {"interests": ["careers"]})
    for n in range(segments):
        post("record_progress", {"segment_id": f"s{n}", "intervals": [[60 + n, 70 + n]]})
    # The server credits watching against its clock (nothing on a first report): as if over days,
    # half the segments watched and the others partly.
    from mentor_xblock.dev.user_service import anonymous_id_for
    from mentor_xblock.models import SegmentProgress

    rows = SegmentProgress.objects.filter(block_key=usage_id, learner_id=anonymous_id_for(student))
    for row in rows:
        watched = int(row.segment_id[1:]) % 2 == 0
        row.coverage, row.watched, row.watched_seconds = (1.0, True, 120.0) if watched else (0.4, False, 48.0)
        row.save(update_fields=["coverage", "watched", "watched_seconds"])
    for p in range(prompts):
        post("submit_response", {"prompt_id": f"p{p}", "text": f"My answer to prompt {p}, in a few words."})
