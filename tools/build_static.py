"""The JS and CSS the views load: one minified bundle per part, built from static/js and static/css.

    python tools/build_static.py build   # sources -> static/dist/*.js, *.css (`make static`)
    python tools/build_static.py check   # fails if static/dist is not what the sources build (`make test`)

A learner's page loads two files (learner.js, learner.css) instead of nine, about a third
smaller gzipped (docs/benchmarks.md, page weight). The sources stay the place to read and
edit; the bundles are checked in so that a checkout, CI and the wheel serve them without a
build step in the LMS image. rjsmin and rcssmin (maintained, pure Python, the minifiers
django-compressor uses) are development dependencies only.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import verdict  # noqa: E402  (tools/ is a folder of scripts, not a package)

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
DIST = STATIC / "dist"

# Bundle -> its sources, in load order: a file comes after the files whose window.Mentor* helpers
# it reads when it loads. The learner bundle comes first on every page that has a dashboard
# bundle too (the dashboards use window.MentorCommon from common.js).
BUNDLES = {
    # every learner-view part: the player and transcripts, reflections, the mentor widget
    "learner.js": ["js/common.js", "js/players.js", "js/progress_tracker.js", "js/student_view.js", "js/drafts.js", "js/history.js",
                   "js/prompts.js", "js/checkins.js", "js/mentor_widget.js"],
    "learner.css": ["css/mentorship.css", "css/prompts.css", "css/mentor_widget.css"],
    # what mentors and programme staff add to the learner view
    "dashboards.js": ["js/moderation.js", "js/charts.js", "js/mentee_view.js", "js/mentor_dashboard.js", "js/programme_exports.js",
                      "js/programme_matching.js", "js/programme_checkins.js", "js/programme_dashboard.js"],
    "dashboards.css": ["css/dashboard.css"],
    # Studio: the editor; the author view and refusals use the stylesheet alone
    "studio.js": ["js/common.js", "js/studio_items.js", "js/studio_view.js"],
    "studio.css": ["css/studio.css"],
    # the unsubscribe page, a Django page of its own (views/unsubscribe.py)
    "unsubscribe.css": ["css/unsubscribe.css"],
}


def build(name: str) -> str:
    import rcssmin
    import rjsmin

    header = f"/*! Mentor XBlock {name}, built by tools/build_static.py from {', '.join(BUNDLES[name])}: edit those. */\n"
    parts = []
    for source in BUNDLES[name]:
        text = (STATIC / source).read_text(encoding="utf-8")
        # Each JS source is one IIFE; the semicolon keeps two of them from reading as a call.
        parts.append(rjsmin.jsmin(text) + ";" if name.endswith(".js") else rcssmin.cssmin(text))
    return header + "\n".join(parts) + "\n"


def sources_left_out() -> list[str]:
    bundled = {source for sources in BUNDLES.values() for source in sources}
    return sorted(str(path.relative_to(STATIC)) for kind in ("js", "css") for path in (STATIC / kind).glob(f"*.{kind}")
                  if str(path.relative_to(STATIC)) not in bundled)


def stale() -> list[str]:
    """What `check` complains about: bundles that differ from their sources' build, sources in no bundle,
    files in static/dist that no bundle makes."""
    problems = [f"static/dist/{name} is not built from its sources" for name in BUNDLES
                if not (DIST / name).is_file() or (DIST / name).read_text(encoding="utf-8") != build(name)]
    problems += [f"static/{source} is in no bundle (tools/build_static.py BUNDLES)" for source in sources_left_out()]
    problems += [f"static/dist/{path.name} is made by no bundle" for path in DIST.glob("*") if path.name not in BUNDLES]
    return problems


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "build"
    if command == "build":
        DIST.mkdir(exist_ok=True)
        for name in BUNDLES:
            (DIST / name).write_text(build(name), encoding="utf-8")
        for path in DIST.glob("*"):
            if path.name not in BUNDLES:
                path.unlink()
        print(f"built {len(BUNDLES)} bundles in {DIST.relative_to(ROOT)}")
        return 0
    if command == "check":
        return verdict(stale(), "Run `make static` and commit static/dist.", f"static/dist is current ({len(BUNDLES)} bundles)")
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
