"""Matches people choose (issue 22): in learner_choice with mentor_approval a choice is a request the
mentor accepts or declines; a declined or expired request falls through to the learner's next ranked
mentor or back to choosing; ranks come before interests in bulk matching; every pairing says why.

Real workbench handlers and database; the clock is moved by patching django.utils.timezone.now.
"""
import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorRequest, Notification
from mentor_xblock.services.programme.requests import expire_mentor_requests


def module(strategy="learner_choice", approval=True, expiry=7, per_learner=1):
    return f"""<mentorship display_name="Requests">
  <prompt id="p">Why?</prompt>
  <mentoring strategy="{strategy}" mentors_per_learner="{per_learner}" allow_change="true"
             tags="leadership,careers" mentor_approval="{'true' if approval else 'false'}"
             request_expiry_days="{expiry}"/>
</mentorship>"""


class Course:
    def __init__(self, workbench, name="requests", **settings):
        self.workbench = workbench
        self.usage = workbench.add_scenario(name, module(**settings))
        self.ids = {}

    def ok(self, handler, body, student="student_1", status=200):
        response = self.workbench.post(self.usage, handler, body, student=student)
        assert response.status_code == status, response.content
        return response.json()

    def mentor(self, username, capacity=2, tags=()):
        body = {"username": username, "display_name": username.split("_")[1].title(), "capacity": capacity,
                "tags": list(tags)}
        self.ids[username] = self.ok("save_mentor", body, student="staff_1")["mentor"]["id"]
        return self.ids[username]

    def state(self, student):
        response = self.workbench.get(self.usage, "mentors", student=student)
        assert response.status_code == 200, response.content
        return response.json()

    def inbox(self, mentor):
        response = self.workbench.get(self.usage, "mentor_requests", student=mentor)
        assert response.status_code == 200, response.content
        return response.json()["requests"]


@pytest.fixture
def course(workbench):
    c = Course(workbench)
    for name in ("mentor_ada", "mentor_grace", "mentor_linus"):
        c.mentor(name, tags=["leadership"] if name == "mentor_grace" else [])
    return c


def later(monkeypatch, days):
    moved = timezone.now() + timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def kinds(student):
    return list(Notification.objects.filter(recipient_id=anonymous_id_for(student)).values_list("kind", flat=True))


def test_choosing_makes_a_request_the_mentor_accepts(course, events):
    ada = course.ids["mentor_ada"]
    answer = course.ok("choose_mentor", {"mentor_id": ada})
    assert answer["assignment"] is None and answer["request"]["status"] == "pending"
    assert not Assignment.objects.exists()
    state = course.state("student_1")
    assert state["state"] == "requested" and state["request"]["mentor"] == "Ada"
    assert "mentor_request" in kinds("mentor_ada")
    inbox = course.inbox("mentor_ada")
    assert [r["learner"] for r in inbox] == ["student_1"]
    assert course.inbox("mentor_grace") == []
    # Only the mentor asked answers it.
    course.ok("answer_request", {"request_id": inbox[0]["id"], "accept": True}, student="mentor_grace", status=404)
    answered = course.ok("answer_request", {"request_id": inbox[0]["id"], "accept": True, "note": "Welcome!"},
                         student="mentor_ada")
    assert answered["request"]["status"] == "accepted"
    assert answered["assignment"]["why"] == "learner_choice"
    state = course.state("student_1")
    assert state["state"] == "assigned" and state["mentors"][0]["why"] == "learner_choice"
    assert "request_answered" in kinds("student_1")
    assert ("edx.mentorship.mentor.request_answered", {"request_id": inbox[0]["id"], "status": "accepted", "accepted": True}) in events


def test_double_submit_and_a_second_mentor_make_no_second_request(course):
    ada, grace = course.ids["mentor_ada"], course.ids["mentor_grace"]
    first = course.ok("choose_mentor", {"mentor_id": ada})["request"]
    again = course.ok("choose_mentor", {"mentor_id": ada})["request"]  # a double click, a second device
    assert again["id"] == first["id"]
    course.ok("choose_mentor", {"mentor_id": grace}, status=409)
    assert MentorRequest.objects.count() == 1
    assert Notification.objects.filter(kind="mentor_request").count() == 1


def test_a_declined_request_falls_through_to_the_next_rank_then_back_to_choosing(course):
    ada, grace, linus = (course.ids[n] for n in ("mentor_ada", "mentor_grace", "mentor_linus"))
    course.ok("join_programme", {"ranked_mentors": [ada, grace]})
    first = MentorRequest.objects.get(status="pending")
    assert first.mentor_id == ada and first.rank == 1
    course.ok("answer_request", {"request_id": first.pk, "accept": False, "note": "I am away"}, student="mentor_ada")
    state = course.state("student_1")
    assert state["state"] == "requested" and state["request"]["mentor"] == "Grace" and state["request"]["rank"] == 2
    assert state["last_request"]["status"] == "declined" and state["last_request"]["note"] == "I am away"
    mail = Notification.objects.get(kind="request_answered", recipient_id=anonymous_id_for("student_1"))
    assert mail.context["status"] == "declined" and mail.context["new_mentor"]
    second = MentorRequest.objects.get(status="pending")
    course.ok("answer_request", {"request_id": second.pk, "accept": False}, student="mentor_grace")
    state = course.state("student_1")
    assert state["state"] == "choose" and state["request"] is None  # no third rank: back to choosing
    assert linus in [m["id"] for m in state["available"]]


def test_a_request_expires_with_the_clock_and_a_stale_accept_is_refused(course, monkeypatch):
    ada, grace = course.ids["mentor_ada"], course.ids["mentor_grace"]
    course.ok("choose_mentor", {"ranked_mentors": [ada, grace]})
    request = MentorRequest.objects.get(status="pending")
    expire_mentor_requests.delay(request_id=request.pk)  # early (eager Celery runs it now): nothing happens
    assert MentorRequest.objects.get(pk=request.pk).status == "pending"
    later(monkeypatch, 8)
    course.ok("answer_request", {"request_id": request.pk, "accept": True}, student="mentor_ada", status=409)
    assert not Assignment.objects.exists()
    expire_mentor_requests.delay(request_id=request.pk)
    expire_mentor_requests.delay(request_id=request.pk)  # idempotent
    assert MentorRequest.objects.get(pk=request.pk).status == "expired"
    following = MentorRequest.objects.get(status="pending")
    assert following.mentor_id == grace and following.rank == 2
    course.ok("answer_request", {"request_id": following.pk, "accept": True}, student="mentor_grace")
    mine = Assignment.objects.get(learner_id=anonymous_id_for("student_1"), active=True)
    assert (mine.why, mine.why_rank) == ("rank", 2)
    statuses = [n.context["status"] for n in Notification.objects.filter(kind="request_answered")]
    assert sorted(statuses) == ["accepted", "expired"]


def test_a_withdrawn_request_cannot_be_accepted(course):
    ada = course.ids["mentor_ada"]
    request = course.ok("choose_mentor", {"mentor_id": ada})["request"]
    course.ok("withdraw_request", {"request_id": request["id"]})
    course.ok("answer_request", {"request_id": request["id"], "accept": True}, student="mentor_ada", status=409)
    assert course.state("student_1")["state"] == "choose"


@pytest.mark.parametrize("ranked", [[], [1, 2, 3, 4], ["1"], [True], "1", [999999]])
def test_a_bad_ranking_is_refused_and_writes_nothing(course, ranked):
    course.ok("join_programme", {"ranked_mentors": ranked}, status=400)
    assert not LearnerProfile.objects.exists()


def test_duplicate_ranks_are_refused(course):
    ada = course.ids["mentor_ada"]
    course.ok("choose_mentor", {"ranked_mentors": [ada, ada]}, status=400)
    course.ok("answer_request", {"request_id": 1, "accept": "yes"}, student="mentor_ada", status=400)


def test_bulk_matching_honours_ranks_and_everyone_reads_why(workbench):
    course = Course(workbench, name="ranked_manual", strategy="manual", approval=False)
    ada = course.mentor("mentor_ada", capacity=1)
    course.mentor("mentor_grace", capacity=1, tags=["leadership"])
    course.mentor("mentor_linus", capacity=1)
    # student_1 shares leadership with Grace but ranks Ada first; student_2 ranks nobody.
    course.ok("join_programme", {"interests": ["leadership"], "ranked_mentors": [ada]})
    course.ok("join_programme", {"interests": ["leadership"]}, student="student_2")
    course.ok("join_programme", {}, student="student_3")
    report = course.ok("auto_assign", {"preview": False}, student="staff_1")
    by_learner = {row["username"]: (row["mentor"], row["why"], row["why_rank"]) for row in report["assignments"]}
    assert by_learner == {"student_1": ("Ada", "rank", 1), "student_2": ("Grace", "shared_interests", None),
                          "student_3": ("Linus", "load", None)}
    # The learner, the mentor and staff read why; the assignments export keeps it.
    mine = course.state("student_1")["mentors"][0]
    assert (mine["why"], mine["why_rank"]) == ("rank", 1)
    html = workbench.view("ranked_manual", student="student_1").content.decode()
    assert "Paired because you ranked Ada first" in html
    dashboard = workbench.get(course.usage, "mentor_dashboard", student="mentor_grace")
    assert dashboard.status_code == 200, dashboard.content
    assert [(m["learner"], m["why"]) for m in dashboard.json()["mentees"]["items"]] == [("student_2", "shared_interests")]
    learners = workbench.get(course.usage, "programme", student="staff_1", list="learners").json()["items"]
    assert {l["username"]: l["mentors"][0]["why"] for l in learners} == {
        "student_1": "rank", "student_2": "shared_interests", "student_3": "load"}
    export = workbench.get(course.usage, "export", student="staff_1", suffix="assignments.csv")
    assert export.status_code == 200, export.content
    body = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["learner"]: (r["why"], r["why_rank"]) for r in rows} == {
        "student_1": ("rank", "1"), "student_2": ("shared_interests", ""), "student_3": ("load", "")}


def test_direct_pairings_say_why(workbench):
    course = Course(workbench, name="direct", approval=False)
    ada = course.mentor("mentor_ada")
    grace = course.mentor("mentor_grace")
    assert course.ok("choose_mentor", {"mentor_id": ada})["assignment"]["why"] == "learner_choice"
    course.ok("join_programme", {"ranked_mentors": [grace, ada]}, student="student_2")
    assert course.state("student_2")["mentors"][0]["why"] == "rank"
    course.ok("join_programme", {}, student="student_3")
    made = course.ok("assign", {"username": "student_3", "mentor_id": grace}, student="staff_1")
    assert made["assignment"]["why"] == "staff"


def test_the_views_show_requests_to_both_sides(course):
    ada = course.ids["mentor_ada"]
    joining = course.workbench.view("requests", student="student_1").content.decode()
    assert 'name="rank"' in joining and "Choice 1" in joining  # ranking up to three when joining
    course.ok("join_programme", {})
    assert "Ask Ada" in course.workbench.view("requests", student="student_1").content.decode()
    course.ok("choose_mentor", {"mentor_id": ada, "html": True})
    learner = course.workbench.view("requests", student="student_1").content.decode()
    assert "You asked Ada to be your mentor" in learner and 'data-role="mw-withdraw"' in learner
    mentor = course.workbench.view("requests", student="mentor_ada").content.decode()
    assert "Learners who asked you to be their mentor" in mentor and 'data-role="mw-accept"' in mentor
    answered = course.ok("answer_request", {"request_id": MentorRequest.objects.get().pk, "accept": False,
                                            "note": "Full this term", "html": True}, student="mentor_ada")
    assert "Learners who asked you" not in answered["html"]
    learner = course.workbench.view("requests", student="student_1").content.decode()
    assert "Ada declined your request." in learner and "Full this term" in learner


def test_settings_reach_olx_student_view_data_and_the_strictest_rule(workbench):
    from mentor_xblock.services.programme.settings import Settings, strictest

    course = Course(workbench, name="settings_olx", expiry=3)
    block = workbench.block(course.usage)
    mentoring = block.student_view_data()["mentoring"]
    assert (mentoring["mentor_approval"], mentoring["request_expiry_days"]) == (True, 3)
    rule = strictest([Settings("learner_choice", request_expiry_days=9),
                      Settings("learner_choice", mentor_approval=True, request_expiry_days=3)])
    assert rule.mentor_approval and rule.request_expiry_days == 3 and rule.approval
    assert Settings.from_dict(rule.as_dict()) == rule
    assert Settings.from_dict({**rule.as_dict(), "request_expiry_days": "3"}) is None


@pytest.mark.usefixtures("committing_requests")
def test_request_mail_is_in_the_recipients_language(course):
    from django.core import mail
    from django.core.management import call_command

    from mentor_xblock.dev.courses import DEV_COURSE_KEY
    from mentor_xblock.models import NotificationPreference

    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("mentor_ada"),
                                          language="es")
    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("student_1"),
                                          language="ar")
    ada = course.ids["mentor_ada"]
    request = course.ok("choose_mentor", {"mentor_id": ada})["request"]
    course.ok("answer_request", {"request_id": request["id"], "accept": False, "note": "Lo siento"},
              student="mentor_ada")
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["mentor_ada@example.com"].endswith("te pidió que seas su mentor")
    assert subjects["student_1@example.com"].endswith("طلبك") and "رفض" in subjects["student_1@example.com"]
    [arabic] = [m for m in mail.outbox if m.to == ["student_1@example.com"]]
    assert "Lo siento" in arabic.body and "اختر مرشدًا آخر في المقرر." in arabic.body


def test_the_command_expires_what_the_broker_lost(course, monkeypatch, capsys):
    from django.core.management import call_command

    course.ok("choose_mentor", {"mentor_id": course.ids["mentor_ada"]})
    call_command("mentor_expire_requests")
    assert MentorRequest.objects.get().status == "pending"
    later(monkeypatch, 7.01)
    call_command("mentor_expire_requests")
    assert MentorRequest.objects.get().status == "expired" and "1 request(s) expired" in capsys.readouterr().out
    assert course.state("student_1")["state"] == "choose"


def test_a_switch_request_ends_the_old_pairing_when_accepted(course):
    ada, grace = course.ids["mentor_ada"], course.ids["mentor_grace"]
    first = course.ok("choose_mentor", {"mentor_id": ada})["request"]
    course.ok("answer_request", {"request_id": first["id"], "accept": True}, student="mentor_ada")
    old = Assignment.objects.get(active=True)
    switch = course.ok("choose_mentor", {"mentor_id": grace, "replace": old.pk})["request"]
    page = course.workbench.view("requests", student="student_1").content.decode()
    assert "You asked Grace to be your mentor" in page and "Ask Linus" not in page
    course.ok("answer_request", {"request_id": switch["id"], "accept": True}, student="mentor_grace")
    assert list(Assignment.objects.filter(active=True).values_list("mentor_id", flat=True)) == [grace]
    assert Assignment.objects.get(pk=old.pk).end_reason == "switched by the learner"


def test_automatic_matching_on_joining_gives_the_ranked_mentor_first(workbench):
    course = Course(workbench, name="ranked_auto", strategy="auto", approval=False)
    course.mentor("mentor_ada", tags=["leadership"])
    linus = course.mentor("mentor_linus")
    joined = course.ok("join_programme", {"interests": ["leadership"], "ranked_mentors": [linus]})
    assert [(a["mentor"]["id"], a["why"], a["why_rank"]) for a in joined["assigned"]] == [(linus, "rank", 1)]
    other = course.ok("join_programme", {"interests": ["leadership"]}, student="student_2")
    assert other["assigned"][0]["why"] == "shared_interests"
    assert "Paired because you share: leadership" in workbench.view("ranked_auto", student="student_2").content.decode()
