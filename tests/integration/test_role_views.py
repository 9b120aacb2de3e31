"""Each role sees its own view (issue 14): learners the block, mentors and staff their dashboard
with a labelled preview of the learner view, and only authors the editor."""
import re

import pytest
from django.core.management import call_command

OLX = """<mentorship display_name="Roles">
  <segment id="why" title="Start with why" url="https://www.youtube.com/watch?v=qp0HIF3SfI4" start="0" end="30"/>
  <prompt id="open" min_words="1">What is your why?</prompt>
  <mentoring strategy="auto"/>
</mentorship>"""
NO_PROGRAMME = """<mentorship display_name="Reflections only">
  <segment id="why" title="Start with why" url="https://www.youtube.com/watch?v=qp0HIF3SfI4" start="0" end="30"
           ><transcript src="/static/why.vtt"/></segment>
  <prompt id="open" min_words="1">What is your why?</prompt>
</mentorship>"""


@pytest.fixture
def roles(workbench):
    call_command("mentor_demo_data", verbosity=0)  # mentor_ada is in the dev course's pool
    workbench.add_scenario("roles", OLX)
    workbench.add_scenario("noprog", NO_PROGRAMME)
    return workbench


def test_learners_get_the_reflection_form_and_their_progress(roles):
    page = roles.view("roles", student="student_1").content.decode()
    assert 'data-role="form"' in page and "Not watched yet" in page
    assert "max_reply_chars" in page and "static/dist/learner.js" in page
    assert "dashboards.js" not in page and "dashboards.css" not in page
    assert 'data-role="learner-preview"' not in page


@pytest.mark.parametrize("student,dashboard", [("mentor_ada", "mentor-dashboard"), ("staff_1", "programme-dashboard")])
def test_mentors_and_staff_get_their_dashboard_and_a_labelled_preview(roles, student, dashboard):
    page = roles.view("roles", student=student).content.decode()
    assert f'data-role="{dashboard}"' in page
    assert 'data-role="learner-preview"' in page and "Preview: what learners see in this block" in page
    assert 'data-role="form"' not in page  # no reflection form as if they were learners
    assert '<div class="segment__progress" hidden>' in page  # nor their own watch progress
    assert "max_reply_chars" not in page  # no reflections part in their init arguments
    assert "static/dist/learner.js" in page and "static/dist/dashboards.js" in page
    assert re.search(r"signed_in[^a-z]+false", page)  # nothing they play is reported as their progress


def test_staff_in_a_block_without_a_programme_get_no_empty_programme_dashboard(roles):
    page = roles.view("noprog", student="staff_1").content.decode()
    assert 'data-role="programme-dashboard"' not in page
    assert 'data-role="learner-preview"' in page


def test_learners_opening_the_editor_are_refused_clearly(roles):
    page = roles.view("roles", student="student_1", view="studio_view").content.decode()
    assert "Only course staff with write access can edit this block." in page
    assert "MentorStudioView" not in page and "Move up" not in page
    author = roles.view("roles", student="studio:alice", view="studio_view").content.decode()
    assert "MentorStudioView" in author and "Only course staff with write access" not in author


def test_author_view_takes_a_transcript_asset_for_a_transcript(roles):
    page = roles.view("noprog", student="staff_1", view="author_view").content.decode()
    assert "Start with why" in page and "no transcript" not in page
    page = roles.view("roles", student="staff_1", view="author_view").content.decode()
    assert "no transcript" in page


def test_learners_get_a_progress_summary_at_the_top(roles):
    block = roles.usage_id("roles")
    page = roles.view("roles", student="student_s").content.decode()
    assert "0 of 1 clip watched" in page and "0 of 1 reflection answered" in page and "mentor:" not in page
    assert roles.post(block, "join_programme", {}, student="student_s").status_code == 200
    assert roles.post(block, "submit_response", {"prompt_id": "open", "text": "Why."}, student="student_s").status_code == 200
    page = roles.view("roles", student="student_s").content.decode()
    assert "1 of 1 reflection answered" in page and "mentor: Ada Okafor" in page
    assert 'data-role="summary"' not in roles.view("roles", student="staff_1").content.decode()
