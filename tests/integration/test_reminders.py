"""Programme health (issue 22): the response-time target, overdue feedback in the queue and the
figures, one reminder to the mentor, one nudge to a quiet learner; each scheduled as a Celery task
with an eta, checked when it runs, never twice, and stopped when the work is done. The clock is
moved forward by moving the rows' times back."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.core import text
from mentor_xblock.models import Assignment, Notification, NotificationPreference, ProgrammeBlock, Response
from mentor_xblock.services import reminders
from mentor_xblock.services.programme.settings import Settings, strictest
from tests.integration.test_notifications import pair, submit, to

pytestmark = pytest.mark.usefixtures("committing_requests")

OLX = """<mentorship display_name="Listening">
  <prompt id="private" min_words="2" visibility="mentor">What will you change first?</prompt>
  <mentoring strategy="manual" allow_change="true" response_target_hours="48" nudge_days="3"/>
</mentorship>"""


@pytest.fixture
def scheduled(monkeypatch):
    """Every reminder check scheduled: (task name, args, eta). The tasks still run (eagerly)."""
    calls = []
    for task in (reminders.check_overdue, reminders.check_nudge):
        real = task.apply_async

        def recording(args=None, kwargs=None, _real=real, _name=task.name, **options):
            calls.append((_name, list(args or []), options.get("eta")))
            return _real(args=args, kwargs=kwargs, **options)

        monkeypatch.setattr(task, "apply_async", recording)
    return calls


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("health", OLX)
    assert workbench.post(usage, "join_programme", {}, student="student_ann").status_code == 200
    pair("mentor_ada", "student_ann")
    # The programme handler recorded the block's settings for the course (the tasks read them there).
    assert ProgrammeBlock.objects.get(course_key=DEV_COURSE_KEY).settings["response_target_hours"] == 48
    mail.outbox.clear()
    return usage


def age(response_id: int, hours: float) -> Response:
    """Move the clock: the response was submitted `hours` ago."""
    Response.objects.filter(pk=response_id).update(submitted_at=timezone.now() - timedelta(hours=hours))
    return Response.objects.get(pk=response_id)


def stamp(response: Response) -> str:
    return text.stamp(response.edited_at or response.submitted_at)


def send_all():
    """Whatever waits (a batch window, a digest) leaves now: the clock has moved on."""
    call_command("mentor_send_digests", "--now")


def reminders_to(address):
    return [m for m in to(address) if "waiting for your feedback" in m.subject]


def test_a_submission_schedules_its_overdue_check_at_the_target(workbench, block, scheduled):
    response_id = submit(workbench, block)
    response = Response.objects.get(pk=response_id)
    [(name, args, eta)] = [call for call in scheduled if call[0] == "mentor_xblock.check_overdue"]
    assert args[:2] == [response_id, stamp(response)]
    assert eta == response.submitted_at + timedelta(hours=48)
    assert not reminders_to("mentor_ada@example.com")  # run eagerly now: not due, nothing sent


def test_past_the_target_the_mentor_is_reminded_once_and_the_queue_and_figures_say_overdue(workbench, block):
    response_id = submit(workbench, block)
    queue = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()["queue"]
    assert queue["items"][0]["overdue"] is False and queue["overdue"] == 0 and queue["response_target_hours"] == 48
    response = age(response_id, 49)
    reminders.check_overdue(response_id, stamp(response), "Listening")
    send_all()
    [message] = reminders_to("mentor_ada@example.com")
    assert message.subject == "Student Ann's reflection is waiting for your feedback"
    assert "within 48 hours" in message.body and f"#mentor-response-{response_id}" in message.body
    reminders.check_overdue(response_id, stamp(response), "Listening")  # a repeated task
    send_all()  # and the safety net
    assert len(reminders_to("mentor_ada@example.com")) == 1
    queue = workbench.get(block, "mentor_dashboard", student="mentor_ada").json()["queue"]
    assert queue["items"][0]["overdue"] is True and queue["overdue"] == 1 and queue["overdue_more"] is False
    assert queue["items"][0]["feedback_due_at"] == (response.submitted_at + timedelta(hours=48)).isoformat()
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    assert (figures["overdue"], figures["overdue_more"], figures["response_target_hours"]) == (1, False, 48)
    [ada] = [m for m in figures["mentor_turnaround"]["items"] if m["mentor"] == "Mentor Ada"]
    assert (ada["waiting"], ada["overdue"]) == (1, 1)


def test_no_reminder_once_the_mentor_answered_nor_for_a_revision_before_its_own_target(workbench, block):
    response_id = submit(workbench, block)
    response = age(response_id, 49)
    old = stamp(response)
    assert workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Good start"},
                          student="mentor_ada").status_code == 200
    reminders.check_overdue(response_id, old, "")
    assert not reminders_to("mentor_ada@example.com")
    submit(workbench, block, text="Listen first, then decide together.")  # a revision waits again, from now
    reminders.check_overdue(response_id, old, "")  # the old version's check: nothing
    revised = Response.objects.get(pk=response_id)
    reminders.check_overdue(response_id, stamp(revised), "")  # the new one's, before its target: nothing
    send_all()
    assert not reminders_to("mentor_ada@example.com")
    figures = workbench.get(block, "programme_figures", student="staff_1").json()
    assert figures["overdue"] == 0 and figures["awaiting_feedback"] == 1


def test_a_reminder_waiting_in_a_digest_is_dropped_when_the_mentor_answers(workbench, block):
    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("mentor_ada"), mode="digest")
    response_id = submit(workbench, block)
    reminders.check_overdue(response_id, stamp(age(response_id, 49)), "")
    assert Notification.objects.get(kind="overdue").state == "pending"  # waits for the digest hour
    assert workbench.post(block, "review_response", {"response_id": response_id, "status": "reviewed"},
                          student="mentor_ada").status_code == 200
    assert Notification.objects.get(kind="overdue").state == "skipped"
    send_all()
    assert not reminders_to("mentor_ada@example.com")


def test_a_lost_task_is_caught_up_by_the_command(workbench, block):
    response_id = submit(workbench, block)
    age(response_id, 72)  # the broker lost the task: nothing ran at the target
    send_all()
    assert len(reminders_to("mentor_ada@example.com")) == 1
    send_all()
    assert len(reminders_to("mentor_ada@example.com")) == 1


def test_a_quiet_learner_is_nudged_once_after_nudge_days_and_not_after_answering(workbench, block, scheduled):
    assert workbench.post(block, "join_programme", {}, student="student_bob").status_code == 200
    mentor_id = Assignment.objects.get(learner_id=anonymous_id_for("student_ann")).mentor_id
    made = workbench.post(block, "assign", {"username": "student_bob", "mentor_id": mentor_id}, student="staff_1")
    assert made.status_code == 200, made.content
    assignment = Assignment.objects.get(learner_id=anonymous_id_for("student_bob"), active=True)
    [(_name, args, eta)] = [call for call in scheduled if call[0] == "mentor_xblock.check_nudge"]
    assert args[0] == assignment.pk and eta == assignment.created_at + timedelta(days=3)
    reminders.check_nudge(*args)  # not due yet
    send_all()
    assert not [m for m in to("student_bob@example.com") if "first reflection" in m.subject]
    Assignment.objects.filter(pk=assignment.pk).update(created_at=timezone.now() - timedelta(days=4))
    reminders.check_nudge(*args)
    reminders.check_nudge(*args)
    send_all()
    [nudge] = [m for m in to("student_bob@example.com") if "first reflection" in m.subject]
    assert nudge.subject == "Mentor Ada is looking forward to your first reflection"
    # Ann answered before her nudge was due: none for her.
    submit(workbench, block)
    Assignment.objects.filter(learner_id=anonymous_id_for("student_ann")).update(
        created_at=timezone.now() - timedelta(days=4))
    send_all()
    assert not [m for m in to("student_ann@example.com") if "first reflection" in m.subject]


def test_the_settings_in_olx_the_editor_shape_the_mobile_data_and_the_strictest_rule(workbench, block):
    mentoring = workbench.block(block).student_view_data()["mentoring"]  # the mobile apps' data
    assert (mentoring["response_target_hours"], mentoring["nudge_days"]) == (48, 3)
    one = Settings(response_target_hours=72, nudge_days=0)
    other = Settings(response_target_hours=24, nudge_days=5)
    assert strictest([one, other]).response_target_hours == 24
    assert strictest([one, other]).nudge_days == 5 and strictest([one, one]).nudge_days == 0
    # A row recorded before these settings existed reads as the defaults.
    assert Settings.from_dict({"strategy": "auto", "mentors_per_learner": 1, "allow_change": True, "tags": []}) == Settings()
    assert Settings.from_dict({"strategy": "auto", "mentors_per_learner": 1, "allow_change": True, "tags": [],
                               "response_target_hours": "soon"}) is None
