"""Reports: spreadsheet-safe cells, and progress.csv agreeing with the programme figures."""
import csv
import io

import unicodedata

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, SegmentProgress
from mentor_xblock.services.reports import FORMULA_STARTS, cell
from tests.conftest import olx


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("\n=1", "'\n=1"),
    ("\tplain", "'\tplain"),  # a leading tab or CR is neutralised whatever follows
    ("  =HYPERLINK(\"x\")", "'  =HYPERLINK(\"x\")"),
    ("\n\n@cmd", "'\n\n@cmd"),
    (" \u00a0+1", "' \u00a0+1"),
    ("\u3000=1", "'\u3000=1"),  # ideographic space
    ("\u200b=1", "'\u200b=1"),  # zero-width space
    ("\ufeff-1", "'\ufeff-1"),
    ("\uff1d1+1", "'\uff1d1+1"),  # full-width ＝
    ("\uff0b1", "'\uff0b1"),  # ＋
    ("\uff0d1", "'\uff0d1"),  # －
    ("\uff20A1", "'\uff20A1"),  # ＠
    (" \uff1dcmd", "' \uff1dcmd"),
    ("a=1", "a=1"),
    ("Plain text - with a dash", "Plain text - with a dash"),
    ("  indented", "  indented"),
    ("", ""),
    (None, ""),
    (-3, "-3"),  # our numbers are never formulas
    (0.25, "0.25"),
    (True, "True"),
])
def test_every_cell_is_spreadsheet_safe(value, expected):
    assert cell(value) == expected


# Issue 20's red-team prefixes: bidi marks and isolates, a soft hyphen, a BOM, an ideographic space.
@pytest.mark.parametrize("prefix", ["\u200e", "\u200f", "\u2066", "\u00ad", "\ufeff ", "\u3000",
                                    "\u200e\u200f\u2066\u00ad\ufeff \u3000\u2069\u2028\u180e\U000e0001"])
@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r", "\uff1d"])
def test_invisible_characters_before_a_formula_do_not_hide_it(prefix, trigger):
    assert cell(prefix + trigger + "HYPERLINK(\"http://x\")") == "'" + prefix + trigger + 'HYPERLINK("http://x")'


# Every format (Cf), space or separator (Z*) and control (Cc) character Unicode has, by category.
skippable = st.text(st.characters(categories=["Cf", "Zs", "Zl", "Zp", "Cc"]), max_size=12)
triggers = st.sampled_from([*FORMULA_STARTS, "\t", "\r", "\n"])


@given(skippable, triggers, st.text(max_size=20))
def test_a_formula_after_any_format_space_or_control_characters_is_neutralised(prefix, trigger, rest):
    text = prefix + trigger + rest
    assert cell(text) == "'" + text


@given(skippable, st.text(max_size=20))
def test_a_cell_changes_only_by_a_leading_apostrophe_and_only_when_it_must(prefix, rest):
    text = prefix + rest
    neutralised = cell(text)
    assert neutralised in (text, "'" + text)
    visible = text.lstrip("".join(c for c in set(text) if unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp", "Cc")))
    needed = any(unicodedata.category(c) == "Cc" for c in text[: len(text) - len(visible)]) or \
        visible.startswith(FORMULA_STARTS)
    assert (neutralised != text) == needed


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


XML = olx("reflections.xml").replace(
    "</mentorship>",
    '<segment id="clip" title="Clip" url="https://youtu.be/qp0HIF3SfI4" start="0:10" end="0:40"/></mentorship>',
)
PLAIN = XML.replace('<mentoring strategy="manual"/>', "")  # a block of the same course without mentoring


def progress(block, name, watched=True):
    SegmentProgress.objects.create(
        course_key=DEV_COURSE_KEY, block_key=block, learner_id=anonymous_id_for(name), segment_id="clip",
        coverage=1.0 if watched else 0.2, watched=watched, first_report_at=timezone.now(),
    )


def profile(name):
    return LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(name), username=name)


def test_progress_csv_and_programme_figures_count_the_same_learners(workbench):
    usage = workbench.add_scenario("reports", XML)
    plain = workbench.add_scenario("plain", PLAIN)
    ada = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                       username="mentor_ada", display_name="Ada")
    profile("ann"), progress(usage, "ann")  # a learner with a profile and progress
    ann = LearnerProfile.objects.get(username="ann")
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=ann.learner_id, mentor=ada,
                              active_learner=ann.learner_id, method="manual")
    LearnerProfile.objects.filter(pk=ann.pk).update(mentor_count=1)
    profile("ben")  # a profile, no progress
    progress(usage, "cat")  # progress recorded without a profile (before learners were registered on their work)
    profile("mentor_ada"), progress(usage, "mentor_ada")  # was a learner, now in the mentor pool
    progress(usage, "staff_1")  # staff previewing the block
    # A learner's first work in a block without mentoring registers them in the course's programme.
    assert workbench.post(plain, "record_progress", {"segment_id": "clip", "intervals": []},
                          student="dan").status_code == 200
    # Staff recording progress through the block are not registered.
    assert workbench.post(plain, "record_progress", {"segment_id": "clip", "intervals": []},
                          student="staff_2").status_code == 200

    figures = workbench.get(usage, "programme_figures", student="staff_1").json()
    rows = read_csv(workbench.get(usage, "export", student="staff_1", suffix="progress.csv"))
    assert sorted(row["learner"] for row in rows) == ["ann", "ben", "dan"]
    assert figures["learners"] == len(rows) == 3
    assert figures["learners_with_mentor"] == 1
    watched_in_figures = {s["segment_id"]: s["watched"] for s in figures["segment_completion"]}
    assert watched_in_figures == {"clip": sum(int(row["segments_watched"]) for row in rows)} == {"clip": 1}
