"""Retirement leaves no trace: after a learner, a mentor or a staff member is retired, no text or JSON
column of any row of any of the app's tables holds their anonymous id, username or display name.

The walk is over `apps.get_app_config("mentor_xblock").get_models()` and every CharField, TextField
and JSONField (JSON searched as its serialized text), so a new model or column that can hold
someone's id, name or words fails here until services/retirement.py covers it. The data is made
the way people make it (the block's handlers): pairings, change requests, reflections, replies,
reviews, reports, moderation, mail and mail choices; names also appear in other people's words.
"""
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for, display_name_for
from mentor_xblock.models import (
    Assignment, ExportJob, LearnerProfile, MentorProfile, Notification, Reply, Response, SegmentProgress,
)
from mentor_xblock.services.retirement import retire

OLX = """<mentorship display_name="Traces">
  <prompt id="open" min_words="2" visibility="peers">Share one habit of a good leader.</prompt>
  <prompt id="private" min_words="2" visibility="mentor">What will you change first?</prompt>
  <mentoring strategy="auto" mentors_per_learner="1" allow_change="true" tags="leadership,careers"/>
</mentorship>"""
MENTOR_CARD = "Zed Okafor"  # the name on mentor_zed's card, besides the platform's "Mentor Zed"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def needles_of(student):
    names = [anonymous_id_for(student), student, display_name_for(student)]
    return names + ([MENTOR_CARD] if student == "mentor_zed" else [])


def traces(needles) -> list[tuple[str, int, str]]:
    """(model, pk, column) of every text or JSON value that contains one of the needles, ignoring case."""
    found = []
    wanted = [needle.casefold() for needle in needles]
    for model in apps.get_app_config("mentor_xblock").get_models():
        columns = [field for field in model._meta.get_fields()
                   if getattr(field, "concrete", False) and isinstance(field, (models.CharField, models.TextField,
                                                                               models.JSONField))]
        if not columns:
            continue
        for row in model.objects.values_list("pk", *[column.attname for column in columns]):
            for column, value in zip(columns, row[1:]):
                text = json.dumps(value, ensure_ascii=False) if isinstance(column, models.JSONField) else value or ""
                if any(needle in text.casefold() for needle in wanted):
                    found.append((model.__name__, row[0], column.name))
    return found


@pytest.fixture
def programme(workbench):
    """A course where learner_zed, mentor_zed and staff_zed each leave their marks, among others'."""
    usage = workbench.add_scenario("traces", OLX)

    def post(handler, body, student):
        return ok(workbench.post(usage, handler, body, student=student))

    for username, tags, capacity, bio in (("mentor_zed", ["leadership"], 2, "Ask me about careers."),
                                          ("mentor_ada", ["careers"], 3, "Ada mentors learner_zed's cohort.")):
        post("save_mentor", {"username": username, "display_name": MENTOR_CARD if username == "mentor_zed" else "Ada",
                             "bio": bio, "tags": tags, "capacity": capacity}, "staff_zed")
    for person in ("learner_zed", "mentor_zed", "staff_zed", "student_amy"):
        post("set_notification_settings", {"mode": "digest" if person == "learner_zed" else "immediate"}, person)
    post("join_programme", {"interests": ["leadership"]}, "learner_zed")  # -> mentor_zed
    post("join_programme", {"interests": ["leadership"]}, "student_amy")  # -> mentor_zed
    post("join_programme", {"interests": ["careers"]}, "student_bo")  # -> mentor_ada
    mine = Assignment.objects.get(learner_id=anonymous_id_for("learner_zed"), active=True)
    asked = post("request_change", {"assignment_id": mine.pk,
                                    "reason": "Zed Okafor and I (Learner Zed) live in different time zones"}, "learner_zed")
    ada = MentorProfile.objects.get(username="mentor_ada").pk
    post("resolve_change_request", {"request_id": asked["request_id"], "approve": True, "mentor_id": ada,
                                    "note": "Approved for learner_zed by staff_zed"}, "staff_zed")
    bo = Assignment.objects.get(learner_id=anonymous_id_for("student_bo"), active=True)
    post("end_assignment", {"assignment_id": bo.pk, "reason": "Asked by Learner Zed's team"}, "staff_zed")
    bo = Assignment.objects.get(learner_id=anonymous_id_for("student_bo"), active=True)  # matched again at once
    post("assign", {"username": "student_bo", "mentor_id": ada, "replace": bo.pk, "reason": "A friend of learner_zed"},
         "staff_zed")

    post("submit_response", {"prompt_id": "open", "text": "Habit: listen first. Signed, Learner Zed"}, "learner_zed")
    post("submit_response", {"prompt_id": "private", "text": "I will change my calendar"}, "learner_zed")
    post("save_draft", {"prompt_id": "private", "text": "A better draft by learner_zed"}, "learner_zed")
    post("submit_response", {"prompt_id": "open",
                             "text": "Habit: ask questions, like Learner Zed and Zed Okafor do"}, "student_amy")
    zed_response = Response.objects.get(learner_id=anonymous_id_for("learner_zed"), prompt_id="open").pk
    amy_response = Response.objects.get(learner_id=anonymous_id_for("student_amy"), prompt_id="open").pk
    post("post_reply", {"prompt_id": "open", "response_id": zed_response, "text": "Great point, Learner Zed!"},
         "student_amy")
    zed_reply = post("post_reply", {"prompt_id": "open", "response_id": amy_response,
                                    "text": "Thanks, Amy - learner_zed"}, "learner_zed")
    post("post_reply", {"prompt_id": "open", "response_id": amy_response, "text": "Well said. Zed Okafor"}, "mentor_zed")
    post("post_reply", {"prompt_id": "open", "response_id": zed_response, "text": "Keep going"}, "mentor_ada")
    post("review_response", {"response_id": zed_response, "status": "needs_revision",
                             "comment": "Learner Zed, say more"}, "mentor_ada")
    post("review_response", {"response_id": amy_response, "status": "reviewed", "comment": "Fine, from Zed Okafor"},
         "mentor_zed")
    post("flag", {"kind": "response", "id": zed_response, "reason": "learner_zed names people"}, "student_amy")
    post("flag", {"kind": "response", "id": amy_response, "reason": "Amy quotes me"}, "learner_zed")
    post("moderate", {"kind": "response", "id": amy_response, "action": "hide",
                      "reason": "Quotes Learner Zed without asking"}, "staff_zed")
    post("moderate", {"kind": "reply", "id": zed_reply["id"], "action": "hide",
                      "reason": "Please keep it kind, Learner Zed"}, "staff_zed")
    ExportJob.objects.create(course_key=DEV_COURSE_KEY, block_key=usage, report="responses", params={"segments": []},
                             requested_by=anonymous_id_for("staff_zed"), status=ExportJob.DONE, file_name="exports/r.csv")
    SegmentProgress.objects.create(course_key=DEV_COURSE_KEY, block_key=usage, learner_id=anonymous_id_for("learner_zed"),
                                   segment_id="s", first_report_at=timezone.now())
    return usage


def retire_by_command(student):
    """Ids only: the names come from our rows (a mentor's card, usernames) and the platform port."""
    call_command("mentor_retire_user", anonymous_id_for(student))


def retire_by_service(student):
    """As the USER_RETIRE_LMS_MISC receiver does: the ids, and the names the platform knows them by."""
    retire([anonymous_id_for(student)], names=[student, display_name_for(student)])


def retire_by_command_with_names(student):
    call_command("mentor_retire_user", anonymous_id_for(student), "--name", student, "--name", display_name_for(student))


@pytest.mark.parametrize("student, how, tables", [
    ("learner_zed", retire_by_service, {"LearnerProfile", "Assignment", "ChangeRequest", "Response", "Reply", "Flag",
                                        "Notification", "NotificationPreference", "SegmentProgress", "PostQuota",
                                        "PostLog", "MentorProfile"}),
    ("mentor_zed", retire_by_command, {"MentorProfile", "Assignment", "Response", "Reply", "Notification",
                                       "NotificationPreference", "PostQuota", "ChangeRequest"}),
    ("staff_zed", retire_by_command_with_names, {"Assignment", "ChangeRequest", "Response", "Reply", "Flag", "ExportJob",
                                      "NotificationPreference"}),
])
def test_no_column_of_any_table_keeps_a_retired_persons_id_or_name(programme, student, how, tables,
                                                                   django_capture_on_commit_callbacks):
    needles = needles_of(student)
    before = {model for model, _pk, _column in traces(needles)}
    assert tables <= before, tables - before  # the data really put them in those tables
    with django_capture_on_commit_callbacks(execute=True):
        how(student)
    assert traces(needles) == []
    # Everyone else's work stays, and the programme's counters still match its rows.
    amy = Response.objects.get(learner_id=anonymous_id_for("student_amy"), prompt_id="open")
    assert amy.text.startswith("Habit: ask questions")
    assert LearnerProfile.objects.filter(learner_id=anonymous_id_for("student_amy")).exists()
    for mentor in MentorProfile.objects.all():
        assert mentor.load == Assignment.objects.filter(mentor=mentor, active=True).count() <= mentor.capacity
    for learner in LearnerProfile.objects.all():
        assert learner.mentor_count == Assignment.objects.filter(learner_id=learner.learner_id, active=True).count()
    for response in Response.objects.all():
        assert response.reply_count == Reply.objects.filter(response=response).count()


def test_a_retired_mentors_mentees_are_matched_again_and_told(programme, django_capture_on_commit_callbacks):
    amy = anonymous_id_for("student_amy")
    with django_capture_on_commit_callbacks(execute=True):
        retire([anonymous_id_for("mentor_zed")])
    [pairing] = Assignment.objects.filter(learner_id=amy, active=True)
    assert pairing.mentor.username == "mentor_ada" and pairing.method == "auto"
    assert Notification.objects.filter(recipient_id=amy, kind="assigned", item_key=f"assignment:{pairing.pk}").exists()
    # Others' words keep their sense, without the retired person's names.
    text = Response.objects.get(learner_id=amy, prompt_id="open").text
    assert text == "Habit: ask questions, like Learner Zed and (retired user) do"
