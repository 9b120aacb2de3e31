"""Everyday polish from the walk-through of issue 23, on the real workbench runtime and database."""
from datetime import timedelta

from django.utils import timezone

from mentor_xblock.models import ChangeRequest, Response
from tests.conftest import olx
from tests.integration.test_programme import module, prog  # noqa: F401  (prog is a fixture)

ANSWER = "The programme team approved your request for a different mentor."


def widget_text(workbench, scenario, student="student_1"):
    return workbench.view(scenario, student=student).content.decode()


def test_the_answer_to_a_change_request_shows_once_where_it_was_asked(workbench, prog):  # noqa: F811
    """issue 23: the answer stayed in every block's widget forever; now it shows in the block where the
    learner asked, until they dismiss it, and for two weeks at most."""
    workbench.add_scenario("auto_other", module("auto"))
    prog.mentor("mentor_ada", 1)
    prog.mentor("mentor_grace", 1)
    mine = prog.join(prog.auto, "student_1")["mentors"][0]
    asked = workbench.post(prog.auto, "request_change", {"assignment_id": mine["assignment_id"], "reason": "Time zone"},
                           student="student_1").json()
    assert workbench.post(prog.auto, "resolve_change_request", {"request_id": asked["request_id"], "approve": True},
                          student="staff_1").status_code == 200
    assert ANSWER in widget_text(workbench, "auto")
    assert ANSWER not in widget_text(workbench, "auto_other")  # another block: it means nothing there
    assert prog.state(prog.auto, "student_1")["last_change"]["status"] == "approved"
    # Two weeks later it is old news.
    ChangeRequest.objects.update(resolved_at=timezone.now() - timedelta(days=15))
    assert ANSWER not in widget_text(workbench, "auto") and prog.state(prog.auto, "student_1")["last_change"] is None
    ChangeRequest.objects.update(resolved_at=timezone.now())
    # Dismissed: gone for good; nobody else can dismiss it, and bad input changes nothing.
    for body, student, status in [({"request_id": asked["request_id"]}, "student_2", 404),
                                  ({"request_id": "1"}, "student_1", 400),
                                  ({"request_id": 99999}, "student_1", 404)]:
        assert workbench.post(prog.auto, "dismiss_change_answer", body, student=student).status_code == status
    assert ANSWER in widget_text(workbench, "auto")
    dismissed = workbench.post(prog.auto, "dismiss_change_answer", {"request_id": asked["request_id"]}, student="student_1")
    assert dismissed.status_code == 200 and dismissed.json()["mentoring"]["last_change"] is None
    assert ANSWER not in widget_text(workbench, "auto")


def test_spanish_calls_a_segment_by_one_name(workbench):
    """issue 23: the Spanish learner view said "Segmentos" in one place and "fragmentos" in another."""
    page = workbench.client.get("/scenario/mentorship.0/", {"student": "student_1", "lang": "es"}).content.decode()
    assert "fragmento" in page.lower()
    assert "segmento" not in page.lower()
    editor = workbench.client.get("/scenario/mentorship.0/studio_view/", {"student": "staff_1", "lang": "es"})
    assert "segmento" not in editor.content.decode().lower()


def test_the_editor_words_visibility_for_authors_not_learners(workbench):
    """issue 23: the editor offered "My mentor", the learner's words, to the author."""
    editor = workbench.client.get("/scenario/mentorship.0/studio_view/", {"student": "staff_1"}).content.decode()
    assert "My mentor" not in editor
    assert ">The learner&#39;s mentors and course staff<" in editor or ">The learner's mentors and course staff<" in editor
    assert ">Mentors, course staff and other learners who have answered<" in editor


def test_the_review_comment_says_who_reviewed_and_when(workbench):
    """issue 23: the learner saw the mentor's review comment with no name and no date."""
    from tests.integration.test_dashboards import mentee, pool

    block = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    ada = pool("mentor_ada")
    ada.display_name = "Ada Okafor"
    ada.save()
    mentee(ada, "student_ann", block, answered=True)
    ann = Response.objects.get(author_name="student_ann").pk
    assert workbench.post(block, "review_response", {"response_id": ann, "status": "needs_revision",
                                                     "comment": "Say more."}, student="mentor_ada").status_code == 200
    today = timezone.now().date().isoformat()
    page = workbench.view("reflections", student="student_ann").content.decode()
    assert "Say more." in page and f"Reviewed by Ada Okafor on {today}" in page
    state = workbench.get(block, "student_view_user_state", student="student_ann").json()["responses"]["private"]
    assert state["reviewer"] == "Ada Okafor" and state["reviewed_at"].startswith(today)
