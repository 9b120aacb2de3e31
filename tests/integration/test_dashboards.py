"""Dashboards and reports on the real workbench: roles, paging, query counts, CSV."""
import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, Reply, Response, SegmentProgress
from tests.conftest import olx


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    return usage


def pool(name, capacity=500):
    return MentorProfile.objects.create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(name), username=name, display_name=name.title(),
        capacity=capacity,
    )


def mentee(mentor, name, block=None, answered=False, when=None):
    learner_id = anonymous_id_for(name)
    LearnerProfile.objects.get_or_create(
        course_key=DEV_COURSE_KEY, learner_id=learner_id, defaults={"username": name, "mentor_count": 1}
    )
    Assignment.objects.create(
        course_key=DEV_COURSE_KEY, learner_id=learner_id, mentor=mentor, active_learner=learner_id, method="manual"
    )
    if answered:
        Response.objects.create(
            course_key=DEV_COURSE_KEY, block_key=block, prompt_id="private", learner_id=learner_id, author_name=name,
            text=f"Plan of {name}", submitted_at=when or timezone.now(), awaiting_feedback=True,
        )
    return learner_id


def test_learners_get_403_from_every_dashboard_handler(workbench, block):
    for handler in ("mentor_dashboard", "programme_figures"):
        response = workbench.get(block, handler, student="student_1")
        assert response.status_code == 403 and response.json()["error"]
    for name in ("assignments", "responses", "progress"):
        response = workbench.get(block, "export", student="student_1", suffix=f"{name}.csv")
        assert response.status_code == 403
    response = workbench.post(block, "review_response", {"response_id": 1, "status": "reviewed"}, student="student_1")
    assert response.status_code == 404  # no such response; a real one is 403 (below)


def test_mentor_sees_own_mentees_queue_and_reviews(workbench, block):
    ada, bob = pool("mentor_ada"), pool("mentor_bob")
    older = timezone.now() - timezone.timedelta(hours=3)
    mentee(ada, "student_ann", block, answered=True, when=older)
    mentee(ada, "student_amy", block, answered=True)
    mentee(bob, "student_ben", block, answered=True)
    data = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()
    assert [m["learner"] for m in data["mentees"]["items"]] == ["student_amy", "student_ann"]
    assert data["mentees"]["items"][0]["prompts_answered"] == 1
    assert [q["learner"] for q in data["queue"]["items"]] == ["student_ann", "student_amy"]  # oldest first
    assert data["median_turnaround_seconds"] is None
    found = workbench.get(block, "mentor_dashboard", student="mentor_ada", search="ANN").json()
    assert [m["learner"] for m in found["mentees"]["items"]] == ["student_ann"]
    ben = Response.objects.get(author_name="student_ben").pk
    assert workbench.post(block, "review_response", {"response_id": ben, "status": "reviewed"}, student="mentor_ada").status_code == 403
    ann = Response.objects.get(author_name="student_ann").pk
    bad = workbench.post(block, "review_response", {"response_id": ann, "status": "great"}, student="mentor_ada")
    assert bad.status_code == 400
    review = workbench.post(
        block, "review_response", {"response_id": ann, "status": "needs_revision", "comment": "Say more."},
        student="mentor_ada",
    )
    assert review.status_code == 200
    after = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()
    assert [q["learner"] for q in after["queue"]["items"]] == ["student_amy"]
    assert 3 * 3600 - 60 < after["median_turnaround_seconds"] < 3 * 3600 + 60
    state = workbench.get(block, "student_view_user_state", student="student_ann").json()["responses"]["private"]
    assert (state["review_status"], state["review_comment"], state["new_feedback"]) == ("needs_revision", "Say more.", True)
    # The learner revises: back in the queue.
    workbench.post(block, "submit_response", {"prompt_id": "private", "text": "My plan, now with more detail."}, student="student_ann")
    again = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()
    assert sorted(q["learner"] for q in again["queue"]["items"]) == ["student_amy", "student_ann"]


def test_staff_have_figures_not_a_mentor_view(workbench, block):
    ada = pool("mentor_ada", capacity=3)
    mentee(ada, "student_ann", block, answered=True)
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id="x", username="loner")
    assert workbench.get(block, "mentor_dashboard", student="staff_1").status_code == 403
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    # student_ann and loner (the fixture's first visit joins nobody: rendering never writes).
    assert (figures["learners"], figures["learners_with_mentor"], figures["awaiting_feedback"]) == (2, 1, 1)
    assert (figures["active_mentors"], figures["capacity"]) == (1, 3)
    assert workbench.get(block, "programme_figures", student="mentor_ada").status_code == 403


def _seed(block, mentor, size):
    Assignment.objects.all().delete()
    for model in (LearnerProfile, Response, SegmentProgress):
        model.objects.all().delete()
    Assignment.objects.bulk_create([
        Assignment(course_key=DEV_COURSE_KEY, learner_id=f"l{n}", mentor=mentor, active_learner=f"l{n}", method="bulk")
        for n in range(size)
    ])
    LearnerProfile.objects.bulk_create(
        [LearnerProfile(course_key=DEV_COURSE_KEY, learner_id=f"l{n}", username=f"user{n:04d}") for n in range(size)]
    )
    Response.objects.bulk_create([
        Response(course_key=DEV_COURSE_KEY, block_key=block, prompt_id="private", learner_id=f"l{n}",
                 author_name=f"user{n:04d}", text="t", submitted_at=timezone.now())
        for n in range(size)
    ])
    SegmentProgress.objects.bulk_create([
        SegmentProgress(course_key=DEV_COURSE_KEY, block_key=block, learner_id=f"l{n}", segment_id="s",
                        first_report_at=timezone.now(), watched=True)
        for n in range(size)
    ])


def test_dashboard_queries_do_not_grow_with_learners(workbench, block):
    ada = pool("mentor_ada", capacity=10_000)
    counts = {}
    for size in (20, 300):
        _seed(block, ada, size)
        for handler, student in (("mentor_dashboard", "mentor_ada"), ("programme_figures", "staff_1")):
            with CaptureQueriesContext(connection) as queries:
                response = workbench.get(block, handler, student=student)
            assert response.status_code == 200
            counts[size, handler] = len(queries)
        data = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()
        assert len(data["mentees"]["items"]) == 20 and data["mentees"]["total"] == size
    for handler in ("mentor_dashboard", "programme_figures"):
        assert counts[20, handler] == counts[300, handler] <= 15


def read_csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_exports_stream_csv_with_formulas_neutralised(workbench, block):
    ada = pool("mentor_ada")
    learner = mentee(ada, "student_ann", block)
    Response.objects.create(
        course_key=DEV_COURSE_KEY, block_key=block, prompt_id="private", learner_id=learner, author_name="student_ann",
        text='=HYPERLINK("http://evil","x")\nsecond line', submitted_at=timezone.now(),
    )
    Reply.objects.create(response=Response.objects.get(), author_id="m", author_name="mentor_ada", author_role="mentor",
                         text="+1 well said, -2 @you")
    response = workbench.get(block, "export", student="staff_1", suffix="responses.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="mentorship-responses-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["kind", "response_id", "prompt_id"]
    assert rows[1][8] == '\'=HYPERLINK("http://evil","x")\nsecond line'
    assert rows[2][0] == "reply" and rows[2][8] == "'+1 well said, -2 @you"
    assignments = read_csv(workbench.get(block, "export", student="staff_1", suffix="assignments.csv"))
    assert assignments[1][:3] == ["student_ann", "mentor_ada", "True"]
    progress = read_csv(workbench.get(block, "export", student="staff_1", suffix="progress.csv"))
    assert progress[0] == ["learner", "segments_watched", "prompts_submitted", "prompt:private", "prompt:open"]
    assert ["student_ann", "0", "1", "submitted", ""] in progress[1:]
    assert workbench.get(block, "export", student="staff_1", suffix="secrets.csv").status_code == 404
    assert workbench.get(block, "export", student="mentor_ada", suffix="responses.csv").status_code == 403


def import_csv(workbench, block, text, student="staff_1"):
    return workbench.post(block, "import_assignments", {"csv": text}, student=student)


def test_csv_import_is_all_or_nothing_with_errors_by_line(workbench, block):
    ada, bob = pool("mentor_ada", capacity=1), pool("mentor_bob", capacity=5)
    MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id="zz", username="mentor_off", display_name="Off", active=False)
    for name in ("ann", "ben", "cat"):
        LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(name), username=name)
    bad = (
        "Learner,Mentor,Note\n"
        "ann,mentor_ada,first\n"
        "ben,mentor_ada,over capacity\n"
        "ghost,mentor_bob,\n"
        "cat,nobody\n"
        "cat,mentor_off\n"
        "ann,mentor_ada,again\n"
        ",mentor_bob\n"
    )
    response = import_csv(workbench, block, bad)
    assert response.status_code == 400
    body = response.json()
    assert "nothing was imported" in body["error"]
    lines = {(e["line"], e["message"].split(" ")[0]) for e in body["errors"]}
    assert {e["line"] for e in body["errors"]} == {3, 4, 5, 6, 7, 8}
    assert any("over their capacity" in e["message"] for e in body["errors"] if e["line"] == 3)
    assert any("earlier in the file" in e["message"] for e in body["errors"] if e["line"] == 7)
    assert lines  # every problem names its line
    assert Assignment.objects.count() == 0 and MentorProfile.objects.get(pk=ada.pk).load == 0
    good = "learner,mentor\r\nann,mentor_ada\r\nben,mentor_bob\r\ncat,mentor_bob\r\n"
    assert import_csv(workbench, block, good).json() == {"assigned": 3}
    assert MentorProfile.objects.get(pk=bob.pk).load == 2
    # Round trip: the assignments export names the same pairs.
    exported = read_csv(workbench.get(block, "export", student="staff_1", suffix="assignments.csv"))
    assert sorted((row[0], row[1], row[3]) for row in exported[1:]) == [
        ("ann", "mentor_ada", "csv"), ("ben", "mentor_bob", "csv"), ("cat", "mentor_bob", "csv"),
    ]
    again = import_csv(workbench, block, good)
    assert again.status_code == 400 and "already has" in again.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "Send the CSV"),
        ("just,a,header\n", "learner and mentor"),
        ("learner,mentor\n\"unterminated,quote\n", "problem"),
        (12, "Send the CSV"),
        ("learner,mentor\n" + "x,y\n" * 20_001, "problem"),
    ],
)
def test_malformed_csv_is_refused_clearly(workbench, block, text, fragment):
    response = import_csv(workbench, block, text)
    body = response.json()
    assert response.status_code == 400
    assert fragment in " ".join([body["error"], *(e["message"] for e in body.get("errors", []))])
    assert Assignment.objects.count() == 0


def test_only_programme_staff_import(workbench, block):
    pool("mentor_ada")
    for student in ("student_1", "mentor_ada"):
        assert import_csv(workbench, block, "learner,mentor\n", student=student).status_code == 403


def test_staff_list_only_learners_still_waiting(workbench, block):
    ada = pool("mentor_ada")
    mentee(ada, "student_ann")
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id="w", username="waiting_will", joined_at=timezone.now())
    names = lambda listing: [i["username"] for i in workbench.get(  # noqa: E731
        block, "programme", student="staff_1", list=listing).json()["items"]]
    assert "student_ann" in names("learners") and "waiting_will" in names("learners")
    assert "waiting_will" in names("unassigned") and "student_ann" not in names("unassigned")
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    assert figures["mentor_turnaround"]["items"] == [
        {"mentor": "Mentor_Ada", "median_turnaround_seconds": None, "waiting": 0, "overdue": 0,
         "oldest_waiting_seconds": None}]


def test_figures_give_each_mentor_their_queue_and_its_oldest_age(workbench, block):
    ada = pool("mentor_ada", capacity=3)
    mentee(ada, "student_ann", block, answered=True)
    mentee(ada, "student_bo", block, answered=False)
    pool("mentor_grace", capacity=3)
    items = {m["mentor"]: m for m in workbench.get(block, "programme_figures", student="staff_1").json()[
        "mentor_turnaround"]["items"]}
    assert items["Mentor_Ada"]["waiting"] == 1 and items["Mentor_Ada"]["oldest_waiting_seconds"] >= 0
    assert (items["Mentor_Grace"]["waiting"], items["Mentor_Grace"]["oldest_waiting_seconds"]) == (0, None)


def test_figures_count_each_mentors_queue_across_mentees_and_shared_mentees(workbench, block):
    """Two mentors share a mentee: the mentee's waiting responses are in both queues, the oldest age too."""
    from mentor_xblock.services.dashboard import mentor_queues

    ada, bea = pool("mentor_ada"), pool("mentor_bea")
    old = timezone.now() - timezone.timedelta(days=2)
    mentee(ada, "student_ann", block, answered=True, when=old)
    mentee(ada, "student_cy", block, answered=True)
    shared = mentee(bea, "student_dee", block, answered=True)
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=shared, mentor=ada, active_learner=shared, method="manual")
    queues = mentor_queues(DEV_COURSE_KEY, [ada, bea])
    assert queues[ada.pk]["waiting"] == 3 and queues[bea.pk]["waiting"] == 1
    assert queues[ada.pk]["oldest_waiting_seconds"] >= 2 * 86400 > queues[bea.pk]["oldest_waiting_seconds"]


def test_the_course_wide_waiting_count_stops_at_the_cap(workbench, block, monkeypatch):
    from mentor_xblock.services import dashboard

    monkeypatch.setattr(dashboard, "QUEUE_COUNT_CAP", 2)
    ada = pool("mentor_ada")
    for name in ("student_ann", "student_bo"):
        mentee(ada, name, block, answered=True)
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    assert (figures["awaiting_feedback"], figures["awaiting_feedback_more"]) == (2, False)
    mentee(ada, "student_cy", block, answered=True)
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    assert (figures["awaiting_feedback"], figures["awaiting_feedback_more"]) == (2, True)


@pytest.mark.parametrize("comment", ["", "   \n\t ", None])
def test_a_revision_request_needs_a_comment_and_writes_nothing_without_one(workbench, block, comment):
    """Issue 21: "Ask for a revision" with no comment is refused in the words the queue's form uses."""
    ada = pool("mentor_ada")
    mentee(ada, "student_ann", block, answered=True)
    ann = Response.objects.get(author_name="student_ann")
    body = {"response_id": ann.pk, "status": "needs_revision"}
    if comment is not None:
        body["comment"] = comment
    refused = workbench.post(block, "review_response", body, student="mentor_ada")
    assert refused.status_code == 400
    assert refused.json()["error"] == "Say what the learner should revise: a revision request needs a comment."
    after = Response.objects.get(pk=ann.pk)
    assert (after.review_status, after.review_comment, after.awaiting_feedback) == ("", "", True)
    page = workbench.view("reflections", student="mentor_ada").content.decode()
    assert "a revision request needs a comment." in page  # the queue's form says the same words
