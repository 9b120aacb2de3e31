"""The mentoring conversation (issue 21) on the real workbench: rounds kept with their feedback,
read back by the learner, the mentor's queue and the export; moments of the clip."""
import csv
import io

import pytest

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, MentorProfile, Reply, Response, ResponseReview, ResponseVersion
from tests.conftest import olx

MENTOR, STAFF = "mentor_ada", "staff_1"
ASKED = "Say what you will do when a deadline clashes with a promise."


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("conversation", olx("conversation.xml"))
    workbench.view("conversation")
    profile = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(MENTOR),
                                           username=MENTOR, display_name="Ada Okafor", capacity=10)
    for learner in ("student_ann", "student_amy"):
        Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(learner), mentor=profile,
                                  active_learner=anonymous_id_for(learner), method="manual")
    return usage


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def submit(workbench, block, text, student="student_ann", prompt="private", **extra):
    return ok(workbench.post(block, "submit_response", {"prompt_id": prompt, "text": text, **extra}, student=student))


def review(workbench, block, response_id, status, comment="", student=MENTOR, **extra):
    body = {"response_id": response_id, "status": status, "comment": comment, **extra}
    return workbench.post(block, "review_response", body, student=student)


def own(workbench, block, student="student_ann", prompt="private"):
    return ok(workbench.get(block, "student_view_user_state", student=student))["responses"][prompt]


def queue(workbench, block):
    return ok(workbench.get(block, "mentor_dashboard", student=MENTOR))["queue"]["items"]


def export(workbench, block):
    response = workbench.get(block, "export", student=STAFF, suffix="responses.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_a_revision_cycle_is_kept_for_the_learner_the_queue_and_the_export(workbench, block):
    first = submit(workbench, block, "I will plan my week on Mondays.")
    response_id = first["response"]["id"]
    submit(workbench, block, "I will ask for help sooner.", student="student_amy")
    assert ok(review(workbench, block, response_id, "needs_revision", ASKED))["review_status"] == "needs_revision"
    assert queue(workbench, block)[0]["learner"] == "student_amy"  # ann's round 1 is answered
    revised = submit(workbench, block, "I will plan my week on Mondays and tell people early when deadlines clash.")
    assert revised["response"]["round"] == 2

    # The queue: the revised item comes after amy's (its place is the time of the revision), marked, with what was asked.
    items = queue(workbench, block)
    assert [item["learner"] for item in items] == ["student_amy", "student_ann"]
    ann = items[1]
    assert ann["revised"] is True and ann["round"] == 2
    assert ann["asked"]["comment"] == ASKED and ann["asked"]["status"] == "needs_revision"
    assert ann["asked"]["by"] == "Ada Okafor"  # the name on the mentor's card, as replies show it
    assert ann["previous_text"] == "I will plan my week on Mondays."
    assert {"op": "added", "text": " and tell people early when deadlines clash"} in ann["changes"]
    assert items[0]["revised"] is False and items[0]["asked"] is None

    assert ok(review(workbench, block, response_id, "reviewed", "Clear and specific now."))

    # The learner reads both versions and both comments, in order, the current round last.
    rounds = own(workbench, block)["response"]["rounds"]
    assert [r["number"] for r in rounds] == [1, 2] and [r["current"] for r in rounds] == [False, True]
    assert rounds[0]["text"] == "I will plan my week on Mondays."
    assert [(x["status"], x["comment"], x["by"]) for x in rounds[0]["reviews"]] == [("needs_revision", ASKED, "Ada Okafor")]
    assert rounds[1]["reviews"][0]["comment"] == "Clear and specific now."
    assert rounds[1]["text"].endswith("when deadlines clash.")
    # The page hands the same rounds to static/js/history.js (the browser test reads them folded).
    page = workbench.view("conversation", student="student_ann").content.decode()
    assert all(text in page for text in (ASKED, "Clear and specific now.", "I will plan my week on Mondays."))

    # The export: one row per round, each with the review given on it.
    rows = [row for row in export(workbench, block) if row["kind"] == "response" and row["learner"] == "student_ann"]
    assert [(r["round"], r["review_status"], r["review_comment"]) for r in rows] == [
        ("1", "needs_revision", ASKED), ("2", "reviewed", "Clear and specific now.")]
    assert rows[0]["text"] == "I will plan my week on Mondays." and rows[0]["reviewed_by"] == "Ada Okafor"


def test_replies_stay_with_the_round_they_answered(workbench, block):
    response_id = submit(workbench, block, "I will plan my week on Mondays.")["response"]["id"]
    ok(workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Which day?"},
                      student=MENTOR))
    ok(review(workbench, block, response_id, "needs_revision", ASKED))
    submit(workbench, block, "I will plan my week on Monday mornings.")
    ok(workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Better."},
                      student=MENTOR))
    rounds = own(workbench, block)["response"]["rounds"]
    assert [[reply["text"] for reply in r["replies"]] for r in rounds] == [["Which day?"], ["Better."]]
    assert list(Reply.objects.order_by("pk").values_list("version__number", flat=True)) == [1, 2]
    # A mentor listing the peers' prompt reads rounds too; an unchanged resubmission adds no round.
    submit(workbench, block, "I will plan my week on Monday mornings.")
    assert ResponseVersion.objects.filter(response_id=response_id).count() == 2


def test_a_changed_review_is_part_of_the_history(workbench, block):
    response_id = submit(workbench, block, "I will plan my week on Mondays.")["response"]["id"]
    ok(review(workbench, block, response_id, "reviewed", "Fine."))
    ok(review(workbench, block, response_id, "needs_revision", ASKED, student=STAFF))
    reviews = own(workbench, block)["response"]["rounds"][0]["reviews"]
    assert [(r["status"], r["changed"], r["by_role"]) for r in reviews] == [
        ("reviewed", False, "mentor"), ("needs_revision", True, "staff")]
    assert own(workbench, block)["review_status"] == "needs_revision"
    assert [row["kind"] for row in export(workbench, block)] == ["response", "review"]


def test_retirement_forgets_the_rounds_and_the_reviewer(workbench, block):
    from mentor_xblock.services.retirement import retire

    response_id = submit(workbench, block, "I will plan my week on Mondays.")["response"]["id"]
    ok(review(workbench, block, response_id, "needs_revision", ASKED))
    submit(workbench, block, "I will plan my week on Monday mornings.")
    amy = submit(workbench, block, "I will ask for help sooner.", student="student_amy")["response"]["id"]
    ok(review(workbench, block, amy, "reviewed", "Good."))
    counts = retire([anonymous_id_for("student_ann")])
    assert counts["response_versions"] == 2 and not ResponseVersion.objects.filter(response_id=response_id).exists()
    assert not ResponseReview.objects.filter(response_id=response_id).exists()
    retire([anonymous_id_for(MENTOR)], names=[MENTOR, "Ada Okafor"])
    kept = ResponseReview.objects.get(response_id=amy)
    assert (kept.reviewer_id, kept.reviewer_name, kept.comment) == ("", "", "Good.")
    assert Response.objects.get(pk=amy).text == "I will ask for help sooner."


MOMENT = {"segment_id": "why", "seconds": 133.0}  # 2:13, inside the clip 2:00–3:00


def test_a_moment_in_a_response_and_a_reply_is_read_back_by_each_role(workbench, block):
    mine = submit(workbench, block, "Leaders start from the purpose.", prompt="open", moment=MOMENT)
    assert mine["response"]["moment"] == MOMENT and mine["response"]["rounds"][0]["moment"] == MOMENT
    response_id = mine["response"]["id"]
    submit(workbench, block, "Listening is a habit.", student="student_amy", prompt="open")
    assert [item["moment"] for item in queue(workbench, block)] == [MOMENT, None]
    reply = ok(workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": response_id, "text": "Yes, here.",
                                                    "moment": {"segment_id": "why", "seconds": 150}}, student=MENTOR))
    assert reply["moment"] == {"segment_id": "why", "seconds": 150.0} and reply["round"] == 1

    # The learner, in their own state; a peer and the mentor in the listing; the mentor's queue.
    state = own(workbench, block, prompt="open")
    assert state["response"]["moment"] == MOMENT and state["response"]["replies"][0]["moment"]["seconds"] == 150.0
    for viewer in ("student_amy", MENTOR):
        listed = ok(workbench.get(block, "list_responses", student=viewer, prompt_id="open"))["responses"]
        ann = next(item for item in listed if item["id"] == response_id)
        assert ann["moment"] == MOMENT and ann["replies"][0]["moment"] == {"segment_id": "why", "seconds": 150.0}
        assert all(item["moment"] is None for item in listed if item["id"] != response_id)  # null when none
    assert "rounds" not in next(i for i in ok(workbench.get(block, "list_responses", student="student_amy",
                                                            prompt_id="open"))["responses"] if i["id"] == response_id)
    rows = export(workbench, block)
    assert [(r["kind"], r["moment_segment"], r["moment_seconds"]) for r in rows if r["learner"] == "student_ann"] == [
        ("response", "why", "133.0"), ("reply", "why", "150.0")]


def test_a_draft_keeps_its_moment_until_changed(workbench, block):
    saved = ok(workbench.post(block, "save_draft", {"prompt_id": "private", "text": "half", "moment": MOMENT}))
    assert saved["moment"] == MOMENT
    ok(workbench.post(block, "save_draft", {"prompt_id": "private", "text": "half a thought"}))  # no "moment": kept
    assert own(workbench, block, student="student_1")["draft_moment"] == MOMENT
    ok(workbench.post(block, "save_draft", {"prompt_id": "private", "text": "half a thought", "moment": None}))
    assert own(workbench, block, student="student_1")["draft_moment"] is None


@pytest.mark.parametrize("moment, fragment", [
    ({"segment_id": "why", "seconds": 119.9}, "outside the clip"),
    ({"segment_id": "why", "seconds": 181}, "outside the clip"),
    ({"segment_id": "how", "seconds": 130}, "no clip how"),
    ({"segment_id": "why", "seconds": "2:13"}, "number of seconds"),
    ({"segment_id": "why"}, "number of seconds"),
    ({"seconds": 130}, "name the clip"),
    ("why@133", "A moment must be"),
    ({"segment_id": "why", "seconds": 130, "extra": 1}, "A moment must be"),
])
def test_moments_outside_the_clip_are_refused_and_nothing_is_written(workbench, block, moment, fragment):
    refused = workbench.post(block, "submit_response", {"prompt_id": "open", "text": "two words", "moment": moment})
    assert refused.status_code == 400 and fragment in refused.json()["error"]
    assert not Response.objects.exists()
    draft = workbench.post(block, "save_draft", {"prompt_id": "open", "text": "two", "moment": moment})
    assert draft.status_code == 400 and not Response.objects.exists()
    response_id = submit(workbench, block, "two words", prompt="open")["response"]["id"]
    reply = workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": response_id, "text": "hm",
                                                 "moment": moment}, student=MENTOR)
    assert reply.status_code == 400 and fragment in reply.json()["error"]
    assert not Reply.objects.exists()


def test_a_mentor_reads_each_mentee_s_whole_conversation_and_what_is_owed(workbench, block):
    first = submit(workbench, block, "I will plan my week on Mondays.")["response"]["id"]
    ok(review(workbench, block, first, "needs_revision", ASKED))
    submit(workbench, block, "I will plan my week on Monday mornings.")
    second = submit(workbench, block, "Leaders listen.", prompt="open")["response"]["id"]
    ok(workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": second, "text": "How?"}, student=MENTOR))
    dashboard = ok(workbench.get(block, "mentor_dashboard", student=MENTOR))
    key = next(m["learner_key"] for m in dashboard["mentees"]["items"] if m["learner"] == "student_ann")
    assert dashboard["queue"]["items"][0]["learner_key"] == key  # the queue links to the same place

    view = ok(workbench.get(block, "mentee", student=MENTOR, learner=key))
    assert view["learner"] == "student_ann"
    items = view["responses"]["items"]
    assert [item["id"] for item in items] == [first, second]  # oldest first
    assert [len(item["rounds"]) for item in items] == [2, 1]
    assert items[0]["rounds"][0]["reviews"][0]["comment"] == ASKED
    assert items[1]["rounds"][0]["replies"][0]["text"] == "How?"
    assert [(o["response_id"], o["prompt"]) for o in view["owed"]] == [(first, "What will you change first?")]
    assert ok(workbench.get(block, "mentee", student=STAFF, learner=key))["learner"] == "student_ann"

    other = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_bob"),
                                         username="mentor_bob", display_name="Bob", capacity=3)
    assert other and workbench.get(block, "mentee", student="mentor_bob", learner=key).status_code == 404
    assert workbench.get(block, "mentee", student="student_amy", learner=key).status_code == 403
    assert workbench.get(block, "mentee", student=MENTOR, learner="ann").status_code == 400
