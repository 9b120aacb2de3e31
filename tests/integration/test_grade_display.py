"""Where people see a score: the learner in the block and in student_view_user_state (as the
gradebook shows it, hidden while the platform's show_correctness says so), and the mentor in
the queue (what "Mark reviewed" / "Ask for a revision" would make of it)."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Response
from tests.conftest import olx
from tests.integration.test_mentor_grading import LEARNER, MENTOR, add_block, assessed_xml, review, submit
from tests.oracles.gradebook import progress_score


def state(workbench, usage):
    return workbench.get(usage, "student_view_user_state", student=LEARNER).json()


def grade_line(workbench, scenario) -> str:
    """The learner view's score line as text ("" when there is none)."""
    page = workbench.view(scenario, student=LEARNER).content.decode()
    found = re.search(r'<p class="mentorship__grade" data-role="grade">(.*?)</p>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def set_fields(workbench, usage, **values):
    blk = workbench.block(usage)
    for name, value in values.items():
        setattr(blk, name, value)
    blk.save()


@pytest.fixture
def three(workbench):
    """Three prompts, weight 2: the learner sent all three."""
    usage = add_block(workbench, "three", assessed_xml(weight=2, three_prompts=True))
    ids = {prompt: submit(workbench, usage, prompt) for prompt in ("private", "open", "third")}
    return usage, ids


def test_the_learner_sees_their_points_and_who_reviewed(workbench, three):
    usage, ids = three
    assert grade_line(workbench, "three") == "Your score: 0 of 2 points — not reviewed yet (0 of 3 reflections reviewed)"
    review(workbench, usage, ids["private"], "reviewed")
    review(workbench, usage, ids["open"], "reviewed")
    assert grade_line(workbench, "three") == ("Your score: 1 of 2 points — reviewed by Ada Okafor "
                                              "(2 of 3 reflections reviewed)")
    grade = state(workbench, usage)["grade"]
    assert grade == {"value": 1, "max_value": 2, "source": "mentor_assessed", "reviewed": 2, "prompts": 3,
                     "reviewed_by": "Ada Okafor", "shares": {"private": 1.0, "open": 1.0}}
    # What the learner is told is what the Progress page shows.
    shown = progress_score(workbench.block(usage), DEV_COURSE_KEY, anonymous_id_for(LEARNER))
    assert shown == (grade["value"], grade["max_value"])
    # Mentors and staff see the learner content as a preview: no score line of theirs.
    for student in (MENTOR, "staff_1"):
        assert 'data-role="grade"' not in workbench.view("three", student=student).content.decode()


def test_participation_shows_the_share_times_the_weight(workbench):
    usage = workbench.add_scenario("participation", olx("reflections.xml").replace("<mentorship ", '<mentorship weight="4" ', 1))
    submit(workbench, usage, "private")
    assert state(workbench, usage)["grade"] == {"value": 2.0, "max_value": 4.0, "source": "participation", "share": 0.5}
    assert grade_line(workbench, "participation") == "Your score: 2 of 4 points for the work you have done here"
    set_fields(workbench, usage, weight=3)
    assert grade_line(workbench, "participation") == "Your score: 1.5 of 3 points for the work you have done here"


def test_ungraded_blocks_show_no_score(workbench):
    usage = workbench.add_scenario("ungraded", olx("reflections.xml").replace("<mentorship ", '<mentorship grading="none" ', 1))
    submit(workbench, usage, "private")
    assert state(workbench, usage)["grade"] is None and grade_line(workbench, "ungraded") == ""


def test_show_correctness_never_hides_the_score_everywhere(workbench, three):
    usage, ids = three
    review(workbench, usage, ids["private"], "reviewed")
    set_fields(workbench, usage, show_correctness="never")
    answer = state(workbench, usage)
    assert (answer["grade"], answer["grade_hidden"], answer["grade_shown_at"]) == (None, True, None)
    assert grade_line(workbench, "three") == ""
    assert answer["responses"]["private"]["review_status"] == "reviewed"  # the review itself stays visible


def test_show_correctness_past_due_hides_the_score_until_the_due_date(workbench, three):
    usage, ids = three
    review(workbench, usage, ids["private"], "reviewed")
    review(workbench, usage, ids["open"], "reviewed")
    due = timezone.now() + timedelta(days=3)
    set_fields(workbench, usage, show_correctness="past_due", due=due)
    answer = state(workbench, usage)
    assert (answer["grade"], answer["grade_hidden"]) == (None, True)
    assert answer["grade_shown_at"].startswith(due.strftime("%Y-%m-%dT%H:%M"))
    assert grade_line(workbench, "three") == f"Your score: shown after the due date ({due:%Y-%m-%d %H:%M} UTC)"

    Response.objects.update(submitted_at=timezone.now() - timedelta(days=9), edited_at=None)  # sent on time
    set_fields(workbench, usage, due=timezone.now() - timedelta(days=1))
    answer = state(workbench, usage)
    assert answer["grade"]["value"] == 1 and answer["grade_hidden"] is False
    assert grade_line(workbench, "three").startswith("Your score: 1 of 2 points — reviewed by Ada Okafor")


def test_always_is_the_default_and_shows_the_score(workbench, three):
    usage, _ids = three
    assert workbench.block(usage).show_correctness == "always"
    assert state(workbench, usage)["grade_hidden"] is False


def queue(workbench, usage):
    items = workbench.get(usage, "mentor_dashboard", student=MENTOR).json()["queue"]["items"]
    return {item["prompt_id"]: item for item in items}


def test_the_mentors_queue_shows_what_a_review_does_to_the_score(workbench, three):
    usage, ids = three
    before = queue(workbench, usage)
    for prompt in ("private", "open", "third"):
        assert before[prompt]["score"] == {"value": 0, "max_value": 2}
        assert before[prompt]["score_if_reviewed"] == {"value": 0, "max_value": 2}  # 1 of 3 → 0.67 → 0 points
        assert before[prompt]["score_if_revision"] == {"value": 0, "max_value": 2}
    review(workbench, usage, ids["private"], "reviewed")
    after = queue(workbench, usage)
    assert set(after) == {"open", "third"}
    assert after["open"]["score"] == {"value": 0, "max_value": 2}
    assert after["open"]["score_if_reviewed"] == {"value": 1, "max_value": 2}  # 2 of 3 → 1 point
    review(workbench, usage, ids["open"], "reviewed")
    # The learner edits a reviewed response: it is back in the queue, and asking for a revision takes its share.
    submit(workbench, usage, "private", "I will listen first, then ask one question")
    again = queue(workbench, usage)
    assert again["private"]["score"] == {"value": 1, "max_value": 2}
    assert again["private"]["score_if_reviewed"] == {"value": 1, "max_value": 2}
    assert again["private"]["score_if_revision"] == {"value": 0, "max_value": 2}
    assert again["third"]["score_if_reviewed"] == {"value": 2, "max_value": 2}
    # What the preview said is what the review does.
    review(workbench, usage, ids["third"], "reviewed")
    assert state(workbench, usage)["grade"]["value"] == 2
    review(workbench, usage, ids["private"], "needs_revision")
    assert state(workbench, usage)["grade"]["value"] == 1


def test_a_late_response_is_marked_in_the_queue(workbench, three):
    usage, _ids = three
    set_fields(workbench, usage, due=timezone.now() - timedelta(days=2))  # all three were sent after it
    items = queue(workbench, usage)
    assert all(item["late"] for item in items.values())
    assert items["open"]["score_if_reviewed"] == items["open"]["score"] == {"value": 0, "max_value": 2}


def test_participation_queue_items_carry_no_score(workbench):
    usage = add_block(workbench, "participation_q", olx("reflections.xml"))
    submit(workbench, usage, "private")
    data = workbench.get(usage, "mentor_dashboard", student=MENTOR).json()["queue"]
    assert data["grading"] == "participation"
    assert data["items"][0]["score"] is None and data["items"][0]["score_if_reviewed"] is None
