"""Reflections on the real workbench: every visibility rule, moderation, limits and hostile text."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, Flag, MentorProfile, Reply, Response
from tests.conftest import olx

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> &amp; javascript:alert(1)'


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    return usage


def mentor(mentor_name: str, *learners: str):
    profile, _ = MentorProfile.objects.get_or_create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(mentor_name),
        defaults={"display_name": mentor_name, "username": mentor_name, "capacity": 10},
    )
    for learner in learners:
        Assignment.objects.create(
            course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(learner), mentor=profile,
            active_learner=anonymous_id_for(learner), method="manual",
        )
    return profile


def submit(workbench, block, student, prompt="open", text="Listen first, then decide."):
    response = workbench.post(block, "submit_response", {"prompt_id": prompt, "text": text}, student=student)
    assert response.status_code == 200, response.content
    return response.json()


def peers(workbench, block, student, prompt="open", page=1):
    return workbench.get(block, "list_responses", student=student, prompt_id=prompt, page=page)


def test_draft_autosaves_and_is_restored_in_the_page_and_state(workbench, block):
    response = workbench.post(block, "save_draft", {"prompt_id": "private", "text": "half a thought"})
    assert response.status_code == 200 and response.json()["draft_saved_at"]
    assert "half a thought</textarea>" in workbench.view("reflections").content.decode()
    state = workbench.get(block, "student_view_user_state").json()["responses"]["private"]
    assert state["draft"] == "half a thought" and state["submitted"] is False


def test_min_words_is_checked_on_the_server(workbench, block):
    response = workbench.post(block, "submit_response", {"prompt_id": "private", "text": "two words"})
    assert response.status_code == 400 and "at least 3" in response.json()["error"]
    assert not Response.objects.filter(submitted_at__isnull=False).exists()


def test_submit_then_edit_is_marked_edited(workbench, block):
    first = submit(workbench, block, "student_1", "private", "I will listen more.")
    assert first["submitted"] and first["response"]["edited_at"] is None
    second = submit(workbench, block, "student_1", "private", "I will listen more, and ask.")
    assert second["response"]["edited_at"] is not None
    assert second["response"]["text"] == "I will listen more, and ask."


@pytest.mark.parametrize(
    "handler, body, fragment",
    [
        ("submit_response", {"prompt_id": "private", "text": "word " * 2001}, "the limit is 10,000"),
        ("save_draft", {"prompt_id": "private", "text": "x" * 10_001}, "the limit is 10,000"),
        ("submit_response", {"prompt_id": "private", "text": ["a", "list"]}, "must be text"),
        ("submit_response", {"prompt_id": "private", "text": "   "}, "Write your response"),
        ("submit_response", {"prompt_id": "nope", "text": "a b c"}, "not in this block"),
        ("submit_response", {"text": "a b c"}, "does not say which prompt"),
    ],
)
def test_bad_submissions_are_refused_and_change_nothing(workbench, block, handler, body, fragment):
    response = workbench.post(block, handler, body)
    assert response.status_code in (400, 404)
    assert fragment in response.json()["error"]
    assert Response.objects.count() == 0


def test_mentor_prompt_responses_are_private(workbench, block):
    submit(workbench, block, "student_a", "private", "My private plan here.")
    submit(workbench, block, "student_b", "private", "Another private plan.")
    response = peers(workbench, block, "student_b", "private")
    assert response.status_code == 403 and "private" in response.json()["error"]


def test_peers_see_others_only_after_speaking(workbench, block):
    submit(workbench, block, "student_a", text="Ask questions first.")
    before = peers(workbench, block, "student_b")
    assert before.status_code == 403 and "Submit your own response" in before.json()["error"]
    workbench.post(block, "save_draft", {"prompt_id": "open", "text": "a draft is not enough"}, student="student_b")
    assert peers(workbench, block, "student_b").status_code == 403
    submit(workbench, block, "student_b", text="Give credit publicly.")
    listing = peers(workbench, block, "student_b").json()
    assert listing["total"] == 1
    assert [r["text"] for r in listing["responses"]] == ["Ask questions first."]
    assert "hidden" not in listing["responses"][0]  # moderation fields are for mentors and staff


def test_peers_list_pages_newest_first(workbench, block):
    for number in range(23):
        submit(workbench, block, f"student_{number:02d}", text=f"Habit number {number}")
    first = peers(workbench, block, "student_00").json()
    assert (first["total"], first["pages"], len(first["responses"])) == (22, 2, 20)
    assert first["responses"][0]["text"] == "Habit number 22"
    second = peers(workbench, block, "student_00", page=2).json()
    assert [r["text"] for r in second["responses"]] == ["Habit number 2", "Habit number 1"]
    assert peers(workbench, block, "student_00", page=0).status_code == 400
    assert peers(workbench, block, "student_00", page="x").status_code == 400


def test_mentors_see_only_their_mentees(workbench, block):
    mentor("mentor_ada", "student_a")
    mentor("mentor_bob", "student_b")
    submit(workbench, block, "student_a", "private", "Plan from A here.")
    submit(workbench, block, "student_b", "private", "Plan from B here.")
    ada = peers(workbench, block, "mentor_ada", "private").json()
    assert [r["author"] for r in ada["responses"]] == ["student_a"]
    bob = peers(workbench, block, "mentor_bob", "private").json()
    assert [r["author"] for r in bob["responses"]] == ["student_b"]
    staff = peers(workbench, block, "staff_1", "private").json()
    assert sorted(r["author"] for r in staff["responses"]) == ["student_a", "student_b"]
    # A mentor can't reply to someone else's mentee: for her that response does not exist.
    b_response = Response.objects.get(learner_id=anonymous_id_for("student_b"))
    reply = workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": b_response.pk, "text": "hi"},
                           student="mentor_ada")
    assert reply.status_code == 404


def test_mentor_feedback_is_marked_and_flagged_new_until_seen(workbench, block):
    mentor("mentor_ada", "student_a")
    own = submit(workbench, block, "student_a", "private", "Plan from A here.")
    reply = workbench.post(
        block, "post_reply", {"prompt_id": "private", "response_id": own["response"]["id"], "text": "Good start."},
        student="mentor_ada",
    )
    assert reply.status_code == 200 and reply.json()["author_role"] == "mentor"
    state = workbench.get(block, "student_view_user_state", student="student_a").json()["responses"]["private"]
    assert state["new_feedback"] is True
    assert state["response"]["replies"][0]["text"] == "Good start."
    assert "New feedback from your mentor" in workbench.view("reflections", student="student_a").content.decode()
    assert workbench.post(block, "mark_feedback_seen", {"prompt_id": "private"}, student="student_a").status_code == 200
    state = workbench.get(block, "student_view_user_state", student="student_a").json()["responses"]["private"]
    assert state["new_feedback"] is False
    assert Response.objects.get().first_feedback_at is not None


def test_replies_follow_visibility_and_authors_own_their_replies(workbench, block):
    a = submit(workbench, block, "student_a")["response"]["id"]
    outsider = workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": a, "text": "hey"}, student="student_c")
    assert outsider.status_code == 404
    submit(workbench, block, "student_b", text="Share the credit.")
    reply = workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": a, "text": "Agreed!"}, student="student_b")
    assert reply.status_code == 200 and reply.json()["author_role"] == "learner"
    reply_id = reply.json()["id"]
    assert workbench.post(block, "edit_reply", {"reply_id": reply_id, "text": "mine now"}, student="student_a").status_code == 403
    assert workbench.post(block, "delete_reply", {"reply_id": reply_id}, student="student_a").status_code == 403
    edited = workbench.post(block, "edit_reply", {"reply_id": reply_id, "text": "Agreed, fully."}, student="student_b")
    assert edited.json()["edited_at"] and Reply.objects.get().text == "Agreed, fully."
    assert workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": a, "text": "y" * 2001},
                          student="student_b").json()["error"].endswith("the limit is 2,000.")
    assert workbench.post(block, "delete_reply", {"reply_id": reply_id}, student="student_b").status_code == 200
    assert Reply.objects.count() == 0 and Response.objects.get(pk=a).reply_count == 0


def test_flags_and_hiding(workbench, block):
    mentor("mentor_ada", "student_a")
    a = submit(workbench, block, "student_a", text="Ask questions first.")["response"]["id"]
    submit(workbench, block, "student_b", text="Give credit publicly.")
    assert workbench.post(block, "flag", {"kind": "response", "id": a}, student="student_a").status_code == 400
    assert workbench.post(block, "flag", {"kind": "response", "id": a}, student="student_c").status_code == 404
    first = workbench.post(block, "flag", {"kind": "response", "id": a, "reason": "rude"}, student="student_b").json()
    again = workbench.post(block, "flag", {"kind": "response", "id": a}, student="student_b").json()
    assert (first["already"], again["already"]) == (False, True)
    assert Flag.objects.count() == 1 and Response.objects.get(pk=a).flag_count == 1
    assert workbench.post(block, "flag", {"kind": "thread", "id": a}, student="student_b").status_code == 400
    assert workbench.post(block, "hide", {"kind": "response", "id": a}, student="student_b").status_code == 403
    assert workbench.post(block, "hide", {"kind": "response", "id": a, "hidden": "yes"}, student="staff_1").status_code == 400
    assert workbench.post(block, "hide", {"kind": "response", "id": a, "hidden": True}, student="mentor_ada").status_code == 200
    assert peers(workbench, block, "student_b").json()["total"] == 0
    staff_view = peers(workbench, block, "staff_1").json()["responses"]
    assert {r["text"]: r["hidden"] for r in staff_view}["Ask questions first."] is True
    # Unhiding brings it back for learners.
    workbench.post(block, "hide", {"kind": "response", "id": a, "hidden": False}, student="staff_1")
    assert peers(workbench, block, "student_b").json()["total"] == 1


def test_hostile_text_stays_text_everywhere(workbench, block):
    workbench.post(block, "save_draft", {"prompt_id": "private", "text": HOSTILE}, student="student_h")
    page = workbench.view("reflections", student="student_h").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    submit(workbench, block, "student_h", "open", HOSTILE + " see https://example.com/a?b=1.")
    submit(workbench, block, "student_p", "open", "Fine words here.")
    listed = peers(workbench, block, "student_p").json()["responses"][0]
    assert listed["text"] == HOSTILE + " see https://example.com/a?b=1."
    assert {"link": "https://example.com/a?b=1"} in listed["text_parts"]
    assert not any("javascript:" in part.get("link", "") for part in listed["text_parts"])


def test_posting_is_rate_limited(workbench, block):
    submit(workbench, block, "student_a")
    a = Response.objects.get().pk
    codes = [
        workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": a, "text": f"note {n}"}, student="student_a").status_code
        for n in range(10)
    ]
    assert codes == [200] * 9 + [429]
    assert Reply.objects.count() == 9


def test_the_posting_log_keeps_only_the_last_minute(workbench, block):
    from datetime import timedelta

    from django.utils import timezone

    from mentor_xblock.models import PostLog

    submit(workbench, block, "student_a")
    PostLog.objects.update(created_at=timezone.now() - timedelta(minutes=5))  # an old post, outside the window
    submit(workbench, block, "student_b")  # another author's post leaves student_a's log alone
    assert PostLog.objects.filter(author_id=anonymous_id_for("student_a")).count() == 1
    submit(workbench, block, "student_a", text="Listen first, then decide again.")
    rows = PostLog.objects.filter(author_id=anonymous_id_for("student_a"))
    assert rows.count() == 1 and rows.get().created_at > timezone.now() - timedelta(minutes=1)


def test_ids_from_another_block_are_not_found(workbench, block):
    other = workbench.add_scenario("reflections-2", olx("reflections.xml"))
    workbench.view("reflections-2")
    submit(workbench, block, "student_a")
    a = Response.objects.get().pk
    submit(workbench, other, "student_b")
    response = workbench.post(other, "post_reply", {"prompt_id": "open", "response_id": a, "text": "hi"}, student="student_b")
    assert response.status_code == 404


def test_peers_page_query_count_does_not_grow(workbench, block):
    def count_for(n_responses):
        Response.objects.all().delete()
        rows = [
            Response(course_key=DEV_COURSE_KEY, block_key=block, prompt_id="open", learner_id=f"l{n}",
                     author_name=f"l{n}", text="a habit", submitted_at="2026-01-01T00:00:00Z")
            for n in range(n_responses)
        ]
        Response.objects.bulk_create(rows)
        for row in Response.objects.all()[:25]:
            Reply.objects.create(response=row, author_id="x", author_name="x", text="reply")
        with CaptureQueriesContext(connection) as queries:
            assert peers(workbench, block, "staff_1").status_code == 200
        return len(queries)

    assert count_for(30) == count_for(300)


def test_participation_completion_and_grade_come_from_the_server(workbench, block, events):
    # reflections.xml: completion="prompts", grading participation (the default), two prompts.
    assert workbench.block(block).has_score and workbench.block(block).max_score() == 1.0
    submit(workbench, block, "student_g", "private", "One two three words.")
    assert ("completion", {"completion": 0.5}) in events and ("grade", {"value": 0.5, "max_value": 1.0}) in events
    events.clear()
    submit(workbench, block, "student_g", "private", "One two three words, edited.")
    assert events == [("edx.mentorship.response.edited", events[0][1])]  # an edit changes neither
    submit(workbench, block, "student_g", "open", "Two words")
    assert ("grade", {"value": 1.0, "max_value": 1.0}) in events


def test_ungraded_blocks_publish_no_grade(workbench, events):
    usage = workbench.add_scenario("ungraded", olx("reflections.xml").replace('completion="prompts"', 'completion="prompts" grading="none"'))
    workbench.view("ungraded")
    assert workbench.block(usage).has_score is False and workbench.block(usage).max_score() is None
    submit(workbench, usage, "student_g", "private", "One two three words.")
    assert [name for name, _ in events if name == "grade"] == [] and ("completion", {"completion": 0.5}) in events
