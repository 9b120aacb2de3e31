"""Criteria (issue 21) on the real workbench and edx-submissions: authored in OLX, a mentor's review
picks a level of each and explains why, the learner reads the levels, mentor-assessed points follow
the levels, and the history keeps a changed review."""
import pytest

from mentor_xblock.models import Response, ResponseReview
from tests.integration.test_conversation import export, ok, own, queue, review, submit
from tests.integration.test_mentor_grading import add_block

CRITERIA = """
    <criterion label="Names a plan"><level>Not yet</level><level>Partly</level><level>Clearly</level></criterion>
    <criterion label="Is specific"><level>Not yet</level><level>Partly</level><level>Clearly</level></criterion>
  """
XML = f"""<mentorship display_name="Criteria" completion="prompts" grading="mentor_assessed" weight="8">
  <prompt id="private" min_words="3" visibility="mentor">What will you change first?{CRITERIA}</prompt>
  <prompt id="open" min_words="2" visibility="peers">Share one habit of a good leader.</prompt>
  <mentoring strategy="manual"/>
</mentorship>"""
LEARNER, MENTOR = "student_1", "mentor_ada"


@pytest.fixture
def block(workbench):
    usage = add_block(workbench, "criteria", XML)
    workbench.view("criteria")
    return usage


def grade(workbench, block):
    return ok(workbench.get(block, "student_view_user_state", student=LEARNER))["grade"]


def test_a_review_with_criteria_is_read_by_the_learner_and_gives_the_points(workbench, block):
    response_id = submit(workbench, block, "I will plan my week.", student=LEARNER)["response"]["id"]
    ok(review(workbench, block, response_id, "needs_revision", "Which day, and how?", levels=[1, 0]))
    submit(workbench, block, "I will plan my week on Monday mornings, in my calendar.", student=LEARNER)
    item = queue(workbench, block)[0]
    assert item["criteria"][0] == {"label": "Names a plan", "levels": ["Not yet", "Partly", "Clearly"]}
    assert (item["score"]["value"], item["others_share"], item["prompts"]) == (0, 0.0, 2)
    answer = ok(review(workbench, block, response_id, "reviewed", "A clear plan; a day but not yet an hour.",
                       levels=[2, 1]))
    assert answer["review_points"] == 0.75

    rounds = own(workbench, block, student=LEARNER)["response"]["rounds"]
    assert rounds[0]["reviews"][0]["levels"] == [
        {"criterion": "Names a plan", "level": "Partly", "index": 1, "of": 3},
        {"criterion": "Is specific", "level": "Not yet", "index": 0, "of": 3}]
    final = rounds[1]["reviews"][0]
    assert [(x["criterion"], x["level"]) for x in final["levels"]] == [("Names a plan", "Clearly"), ("Is specific", "Partly")]
    assert final["comment"] == "A clear plan; a day but not yet an hour." and final["points"] == 0.75
    # weight 8, two prompts: 3/4 of the first prompt's 4 points
    assert (grade(workbench, block)["value"], grade(workbench, block)["max_value"]) == (3, 8)
    assert grade(workbench, block)["shares"] == {"private": 0.75}
    # The learner sees where the points came from, under the score line.
    page = workbench.view("criteria", student=LEARNER).content.decode()
    assert "<strong>Names a plan</strong>: Not yet · Partly · Clearly" in page  # what the review rates, before writing
    assert "3 of 8 points" in page and "“What will you change first?”: 75% of its points (the criteria levels)" in page
    open_id = submit(workbench, block, "Listen first.", student=LEARNER, prompt="open")["response"]["id"]
    ok(review(workbench, block, open_id, "reviewed"))  # no criteria: the whole share, as before
    assert grade(workbench, block)["value"] == 7

    # A staff member changes the review: the history keeps both, the points follow the change.
    ok(review(workbench, block, response_id, "reviewed", "Both are clear now.", student="staff_1", levels=[2, 2]))
    reviews = own(workbench, block, student=LEARNER)["response"]["rounds"][1]["reviews"]
    assert [(r["by_role"], r["changed"]) for r in reviews] == [("mentor", False), ("staff", True)]
    assert grade(workbench, block)["value"] == 8
    rows = [r for r in export(workbench, block) if r["prompt_id"] == "private"]
    assert [(r["kind"], r["round"], r["criteria"]) for r in rows] == [
        ("response", "1", "Names a plan: Partly; Is specific: Not yet"),
        ("response", "2", "Names a plan: Clearly; Is specific: Clearly"),
        ("review", "2", "Names a plan: Clearly; Is specific: Partly")]


@pytest.mark.parametrize("body, fragment", [
    ({"status": "reviewed", "comment": "Good."}, "Pick a level for each criterion"),
    ({"status": "reviewed", "comment": "Good.", "levels": [2]}, "one level for each of the 2 criteria"),
    ({"status": "reviewed", "comment": "Good.", "levels": [2, 3]}, "levels of “Is specific”"),
    ({"status": "reviewed", "comment": "Good.", "levels": [2, True]}, "levels of “Is specific”"),
    ({"status": "reviewed", "comment": " ", "levels": [2, 2]}, "needs a comment"),
    ({"status": "reviewed", "comment": "Good.", "levels": "2,2"}, "one level for each"),
])
def test_reviews_that_do_not_fit_the_criteria_are_refused_and_write_nothing(workbench, block, body, fragment):
    response_id = submit(workbench, block, "I will plan my week.", student=LEARNER)["response"]["id"]
    refused = review(workbench, block, response_id, **body)
    assert refused.status_code == 400 and fragment in refused.json()["error"]
    assert not ResponseReview.objects.exists() and Response.objects.get().review_status == ""
    open_id = submit(workbench, block, "Listen first.", student=LEARNER, prompt="open")["response"]["id"]
    no_criteria = review(workbench, block, open_id, "reviewed", "Good.", levels=[1])
    assert no_criteria.status_code == 400 and "no criteria" in no_criteria.json()["error"]


def test_criteria_round_trip_through_olx_and_the_editor(workbench, block):
    from mentor_xblock.core.content.authoring import to_editor

    text = ok(workbench.post(block, "studio_export_olx", {}, student="staff_1"))["olx"]
    assert '<criterion label="Names a plan"><level>Not yet</level><level>Partly</level>' in text
    # The editor's box: one criterion a line, "Label: level | level"; a criterion with one level is refused.
    state = to_editor(workbench.block(block, "staff_1").authored)
    assert state["items"][0]["criteria"] == ("Names a plan: Not yet | Partly | Clearly\n"
                                             "Is specific: Not yet | Partly | Clearly")
    state["items"][1]["criteria"] = "Listens first: Rarely | Often"
    body = {"content": state, "display_name": "Criteria", "weight": 8}
    edited = ok(workbench.post(block, "studio_export_olx", body, student="staff_1"))["olx"]
    assert '<criterion label="Listens first"><level>Rarely</level><level>Often</level></criterion>' in edited
    state["items"][1]["criteria"] = "Listens first: Always"
    refused = workbench.post(block, "studio_export_olx", body, student="staff_1")
    assert refused.status_code == 400 and "needs 2 to 4 levels" in refused.content.decode()
