"""The bundles the views load are what their sources build (tools/build_static.py); the browser
suite runs them in Chromium."""
import gzip

from tools import build_static


def test_the_checked_in_bundles_are_built_from_the_current_sources():
    assert build_static.stale() == []


def test_every_source_is_bundled_once_per_page_and_in_load_order():
    assert build_static.sources_left_out() == []
    learner = build_static.BUNDLES["learner.js"]
    assert learner[0] == "js/common.js"  # the other parts read window.MentorCommon when they load
    # a mentor's page loads learner.js then dashboards.js: no source twice
    assert not set(learner) & set(build_static.BUNDLES["dashboards.js"])


def test_a_bundle_keeps_every_source_and_names_them():
    built = build_static.build("learner.js")
    assert built.startswith("/*! Mentor XBlock learner.js")
    for marker in ("window.MentorCommon", "MentorStudentView", "window.MentorPrompts", "MentorWidget"):
        assert marker in built, marker
    sources = sum(len(gzip.compress((build_static.STATIC / name).read_bytes())) for name in build_static.BUNDLES["learner.js"])
    assert len(gzip.compress(built.encode())) < sources  # minified and sharing one dictionary
