"""People by the names people read (issue 14): a mentor's reply shows the name on her card, staff
also get the username, and reports say who did what by username, never by an anonymous id."""
import csv
import io

import pytest
from django.core.management import call_command

from mentor_xblock.dev.user_service import anonymous_id_for

OLX = """<mentorship display_name="Names">
  <prompt id="open" min_words="1">What is your why?</prompt>
  <mentoring strategy="auto"/>
</mentorship>"""


@pytest.fixture
def block(workbench):
    call_command("mentor_demo_data", verbosity=0)  # the dev course's pool: mentor_ada "Ada Okafor"…
    return workbench.add_scenario("names", OLX)


def submitted(workbench, block, student):
    assert workbench.post(block, "join_programme", {}, student=student).status_code == 200
    answer = workbench.post(block, "submit_response", {"prompt_id": "open", "text": "To help."}, student=student)
    assert answer.status_code == 200, answer.content
    return answer.json()["response"]["id"]


def test_a_mentors_reply_carries_her_display_name(workbench, block):
    response_id = submitted(workbench, block, "student_n")
    posted = workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": response_id, "text": "Good."},
                            student="mentor_ada")
    assert posted.status_code == 200, posted.content
    assert posted.json()["author"] == "Ada Okafor" and posted.json()["author_username"] == "mentor_ada"
    state = workbench.get(block, "student_view_user_state", student="student_n").json()
    reply = state["responses"]["open"]["response"]["replies"][0]
    assert reply["author"] == "Ada Okafor"
    assert "author_username" not in reply  # learners read names, not usernames


def test_the_assignments_report_names_who_assigned_and_ended_by_username(workbench, block):
    submitted(workbench, block, "student_n")  # auto: the system assigns (assigned_by stays empty)
    learner = anonymous_id_for("student_n")
    ended = workbench.get(block, "programme", student="staff_1", list="learners").json()["items"]
    assignment = [m for item in ended if item["learner_id"] == learner for m in item["mentors"]][0]
    grace = workbench.get(block, "programme", student="staff_1", list="mentors").json()["items"]
    grace = [m["id"] for m in grace if m["username"] == "mentor_grace"][0]
    moved = workbench.post(block, "assign", {"learner_id": learner, "mentor_id": grace,
                                             "replace": assignment["assignment_id"]}, student="staff_1")
    assert moved.status_code == 200, moved.content
    body = workbench.get(block, "export", student="staff_1", suffix="assignments.csv")
    content = b"".join(body.streaming_content) if body.streaming else body.content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["learner"], r["mentor"], r["assigned_by"], r["ended_by"]) for r in rows] == [
        ("student_n", "mentor_ada", "", "staff_1"),
        ("student_n", "mentor_grace", "staff_1", ""),
    ]
    for row in rows:
        assert anonymous_id_for("staff_1") not in row.values()
