"""Mail that runs on its own in a real Open edX (issue 20): every deferred send is a Celery task
with an eta, in the recipient's language, naming people by display name, never about one's own
action, with links that land on an element of the recipient's page, one-line headers, the
platform's course-email opt-out, and unsubscribe links that expire."""
import json
import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from edx_ace.signals import ACE_MESSAGE_SENT

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import MentorProfile, Notification, NotificationPreference
from mentor_xblock.services import notifications
from mentor_xblock.services.notifications import next_digest_at, unsubscribe_token
from tests.integration.test_notifications import OLX, pair, submit, to

pytestmark = pytest.mark.usefixtures("committing_requests")

CHOICE_OLX = """<mentorship display_name="Choosing">
  <prompt id="private" min_words="2" visibility="mentor">What will you change first?</prompt>
  <mentoring strategy="learner_choice" allow_change="true"/>
</mentorship>"""


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("delivery", OLX)
    for learner in ("student_ann", "student_bob"):
        assert workbench.post(usage, "join_programme", {}, student=learner).status_code == 200
    pair("mentor_ada", "student_ann", "student_bob")
    mail.outbox.clear()
    return usage


@pytest.fixture
def scheduled(monkeypatch):
    """Every sending task scheduled with an eta: (course, eta). The task itself still runs (eagerly)."""
    calls = []
    task = notifications.send_notifications
    real = task.apply_async

    def recording(args=None, kwargs=None, **options):
        calls.append((args[0] if args else None, options.get("eta")))
        return real(args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(task, "apply_async", recording)
    return calls


def test_a_batched_item_is_a_task_with_an_eta_at_its_due_time(workbench, block, scheduled):
    submit(workbench, block)  # the first item goes at once
    assert len(to("mentor_ada@example.com")) == 1 and scheduled == [(DEV_COURSE_KEY, None)]  # delay(): now
    submit(workbench, block, student="student_bob")  # within the batch window: waits
    waiting = Notification.objects.get(state="pending")
    assert waiting.due_at > timezone.now() + timedelta(minutes=50)
    assert scheduled == [(DEV_COURSE_KEY, None), (DEV_COURSE_KEY, waiting.due_at)]


def test_a_digest_is_a_task_with_an_eta_at_the_digest_hour(workbench, block, scheduled):
    assert workbench.post(block, "set_notification_settings", {"mode": "digest"}, student="mentor_ada").status_code == 200
    before = timezone.now()
    submit(workbench, block)
    row = Notification.objects.get(state="pending")
    assert row.due_at == next_digest_at(before) or row.due_at == next_digest_at(timezone.now())
    assert [eta for _course, eta in scheduled] == [row.due_at] and mail.outbox == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9,
                   EMAIL_TIMEOUT=2)
def test_a_failed_send_schedules_its_retry(workbench, block, scheduled):
    submit(workbench, block)
    row = Notification.objects.get()
    assert row.state == "pending" and row.attempts == 1 and row.due_at > timezone.now()
    assert (DEV_COURSE_KEY, row.due_at) in scheduled


def test_the_command_says_what_waits_and_now_sends_it(workbench, block, capsys):
    submit(workbench, block)
    submit(workbench, block, student="student_bob")  # batched for later
    call_command("mentor_send_digests")
    out = capsys.readouterr().out
    assert "0 mails sent" in out and "1 items wait; the next is due at" in out
    call_command("mentor_send_digests", "--now")
    out = capsys.readouterr().out
    assert "1 mails sent (1 items)" in out and "Nothing is waiting." in out
    assert len(to("mentor_ada@example.com")) == 2


def test_mail_is_in_the_recipients_language(workbench, block):
    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("mentor_ada"), language="es")
    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("student_ann"),
                                          language="ar")
    response_id = submit(workbench, block)
    [spanish] = to("mentor_ada@example.com")
    assert spanish.subject == "Student Ann envió una reflexión" and "Ábrelo en el curso" in spanish.body
    assert workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Well said"},
                          student="mentor_ada").status_code == 200
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    [arabic] = to("student_ann@example.com")
    assert arabic.subject == "ردّ Mentor Ada على تأملك" and 'dir="rtl"' in arabic.alternatives[0][0]


def test_the_courses_language_when_the_person_has_none(workbench, block):
    with override_settings(MENTOR_WORKBENCH_COURSE_LANGUAGE="es"):
        submit(workbench, block)
    [message] = to("mentor_ada@example.com")
    assert message.extra_headers["Content-Language"] == "es" and "envió una reflexión" in message.subject


def test_a_newline_in_a_name_never_reaches_a_header(workbench, block):
    MentorProfile.objects.filter(mentor_id=anonymous_id_for("mentor_ada")).update(display_name="Ada\nOkafor\r\nBcc: x@y")
    response_id = submit(workbench, block)
    workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Good start"},
                   student="mentor_ada")
    [message] = to("student_ann@example.com")
    assert message.subject == "Ada Okafor Bcc: x@y replied to your reflection"
    assert Notification.objects.filter(state="sent").count() == 2 and not Notification.objects.exclude(state="sent")


def test_nobody_is_mailed_about_their_own_switch(workbench):
    usage = workbench.add_scenario("switching", CHOICE_OLX)
    ada, bea = pair("mentor_ada"), pair("mentor_bea")
    assert workbench.post(usage, "choose_mentor", {"mentor_id": ada.pk}, student="student_cy").status_code == 200
    first = workbench.get(usage, "mentors", student="student_cy").json()["mentors"][0]
    mail.outbox.clear()
    switched = workbench.post(usage, "choose_mentor", {"mentor_id": bea.pk, "replace": first["assignment_id"]},
                              student="student_cy")
    assert switched.status_code == 200, switched.content
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    assert to("student_cy@example.com") == []  # their own action
    assert "Student Cy is no longer your mentee" in to("mentor_ada@example.com")[-1].subject
    assert "Student Cy is now your mentee" in to("mentor_bea@example.com")[-1].subject


def test_the_reporter_is_not_told_of_their_own_report(workbench, block):
    response_id = submit(workbench, block)
    mail.outbox.clear()
    assert workbench.post(block, "flag", {"kind": "response", "id": response_id, "reason": "spam"},
                          student="mentor_ada").status_code == 200
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    assert to("mentor_ada@example.com") == [] and len(to("staff_1@example.com")) == 1


def shows_response(workbench, block, student, response_id) -> bool:
    """The recipient's page draws this response: their own (student_view_user_state) or a mentee's
    in their dashboard (mentor_dashboard)."""
    state = workbench.get(block, "student_view_user_state", student=student)
    if state.status_code == 200 and any((own.get("response") or {}).get("id") == response_id
                                        for own in state.json()["responses"].values()):
        return True
    board = workbench.get(block, "mentor_dashboard", student=student)
    return board.status_code == 200 and re.search(rf'"(response_)?id": {response_id}\b', json.dumps(board.json())) is not None


def test_every_link_lands_on_an_element_of_the_recipients_page(workbench, block):
    assert workbench.post(block, "end_assignment", {"assignment_id": workbench.get(
        block, "mentors", student="student_bob").json()["mentors"][0]["assignment_id"]}, student="staff_1").status_code == 200
    submit(workbench, block, student="student_bob", prompt="open", text="Ask before you tell.")
    response_id = submit(workbench, block, prompt="open", text="Listen before you speak.")
    assert workbench.post(block, "flag", {"kind": "response", "id": response_id, "reason": "spam"},
                          student="student_bob").status_code == 200
    asked = workbench.post(block, "request_change", {"assignment_id": workbench.get(
        block, "mentors", student="student_ann").json()["mentors"][0]["assignment_id"], "reason": "Hours"},
        student="student_ann")
    assert asked.status_code == 200
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    checked = 0
    for message in mail.outbox:
        student = message.to[0].split("@")[0]
        for link in re.findall(r"https?://\S+", message.body):
            if "/unsubscribe/" in link:
                continue
            fragment = link.split("#", 1)[1]
            anchor = re.match(r"mentor-response-(\d+)$", fragment)
            if anchor:  # drawn by the page's script from what the recipient may read
                assert shows_response(workbench, block, student, int(anchor.group(1))), (student, fragment)
            else:
                assert f'id="{fragment}"' in workbench.view("delivery", student=student).content.decode(), (student, fragment)
            checked += 1
    assert checked >= 5


def test_the_platforms_course_email_opt_out_applies(workbench, block):
    seen = []

    def record(sender, message=None, **kwargs):
        seen.append(message)

    ACE_MESSAGE_SENT.connect(record, dispatch_uid="test-course-ids")
    try:
        submit(workbench, block)
    finally:
        ACE_MESSAGE_SENT.disconnect(dispatch_uid="test-course-ids")
    [sent] = seen
    assert sent["context"]["course_ids"] == [DEV_COURSE_KEY]


def test_an_unsubscribe_link_expires(workbench, block, monkeypatch):
    fresh = unsubscribe_token(DEV_COURSE_KEY, anonymous_id_for("mentor_ada"))
    assert workbench.client.get(f"/mentor_xblock/unsubscribe/{fresh}/").status_code == 200
    days = notifications.unsubscribe_token_days()
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - (days + 1) * 86400)
    old = unsubscribe_token(DEV_COURSE_KEY, anonymous_id_for("mentor_ada"))
    monkeypatch.undo()
    answer = workbench.client.get(f"/mentor_xblock/unsubscribe/{old}/")
    assert answer.status_code == 400 and "expired" in answer.content.decode()
