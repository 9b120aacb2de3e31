"""Check-in and closing mail (issue 22): when a pairing's check-in opens, each side that has not
answered is told once, in their language, by a Celery task scheduled with an eta at the pairing;
an ended pairing's mail asks for the closing reflection. The clock moves by moving the pairing back."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, MentorProfile, NotificationPreference
from mentor_xblock.services import checkin_mail
from tests.integration.test_notifications import to

pytestmark = pytest.mark.usefixtures("committing_requests")

OLX = """<mentorship display_name="Listening">
  <prompt id="private" min_words="2" visibility="mentor">What will you change first?</prompt>
  <mentoring strategy="manual" allow_change="true" checkin_days="14"/>
</mentorship>"""


@pytest.fixture
def scheduled(monkeypatch):
    calls = []
    real = checkin_mail.check_in.apply_async

    def recording(args=None, kwargs=None, **options):
        calls.append((list(args or []), options.get("eta")))
        return real(args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(checkin_mail.check_in, "apply_async", recording)
    return calls


@pytest.fixture
def paired(workbench, scheduled):
    usage = workbench.add_scenario("checkins-mail", OLX)
    assert workbench.post(usage, "join_programme", {}, student="student_ann").status_code == 200
    assert workbench.post(usage, "save_mentor", {"username": "mentor_ada", "display_name": "Ada Okafor", "capacity": 3},
                          student="staff_1").status_code == 200
    mentor = MentorProfile.objects.get(mentor_id=anonymous_id_for("mentor_ada"))
    made = workbench.post(usage, "assign", {"username": "student_ann", "mentor_id": mentor.pk}, student="staff_1")
    assert made.status_code == 200, made.content
    mail.outbox.clear()
    return usage, Assignment.objects.get(learner_id=anonymous_id_for("student_ann"), active=True)


def checkin_mails(address):
    return [m for m in to(address) if m.subject.startswith(("How useful", "How is your mentoring"))]


def send_all():
    call_command("mentor_send_digests", "--now")


def test_the_first_check_in_is_a_task_with_an_eta_and_tells_each_side_once(workbench, paired, scheduled):
    usage, pairing = paired
    [(args, eta)] = scheduled
    assert args[:2] == [pairing.pk, 1] and eta == pairing.created_at + timedelta(days=14)
    checkin_mail.check_in(*args)  # run early (eagerly): nothing yet
    send_all()
    assert not checkin_mails("student_ann@example.com")
    Assignment.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - timedelta(days=15))
    checkin_mail.check_in(*args)
    checkin_mail.check_in(*args)  # a repeated task
    send_all()
    [learner] = checkin_mails("student_ann@example.com")
    [mentor] = checkin_mails("mentor_ada@example.com")
    assert learner.subject == "How useful is your mentoring with Ada Okafor?"
    assert mentor.subject == "How is your mentoring of Student Ann going?"
    assert "The other side never reads your answer." in learner.body


def test_a_side_that_answered_is_not_told_and_a_spanish_mentor_reads_spanish(workbench, paired):
    usage, pairing = paired
    Assignment.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - timedelta(days=15))
    NotificationPreference.objects.create(course_key=pairing.course_key, user_id=anonymous_id_for("mentor_ada"),
                                          language="es")
    answered = workbench.post(usage, "answer_checkin", {"assignment_id": pairing.pk, "period": 1, "rating": 4}, student="student_ann")
    assert answered.status_code == 200, answered.content
    send_all()  # the safety net queues what a lost task would have
    assert not checkin_mails("student_ann@example.com")
    [mentor] = to("mentor_ada@example.com")
    assert mentor.subject == "¿Cómo va tu mentoría de Student Ann?"  # in the mentor's language


def test_an_ended_pairing_asks_both_sides_for_a_closing_reflection(workbench, paired):
    usage, pairing = paired
    ended = workbench.post(usage, "end_assignment", {"assignment_id": pairing.pk, "reason": "Programme over"},
                           student="staff_1")
    assert ended.status_code == 200, ended.content
    send_all()
    for address in ("student_ann@example.com", "mentor_ada@example.com"):
        [notice] = [m for m in to(address) if "no longer your" in m.subject]
        assert "A short closing reflection waits for you in the course" in notice.body
