"""Mail that leaves the page, asserted on the real messages Django's mail wrote (locmem outbox,
or files from the file backend): recipients, subject, links, language, unsubscribe, digests,
idempotent sending, and mail that is down."""
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, MentorProfile, Notification, NotificationPreference
from mentor_xblock.services.notifications import CLAIM_TIMEOUT, send_due

OLX = """<mentorship display_name="Listening">
  <prompt id="private" min_words="2" visibility="mentor">What will you change first?</prompt>
  <prompt id="open" min_words="2" visibility="peers">Share one habit of a good leader.</prompt>
  <mentoring strategy="manual" allow_change="true" tags="leadership"/>
</mentorship>"""


def pair(mentor_name: str, *learners: str) -> MentorProfile:
    profile, _ = MentorProfile.objects.get_or_create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(mentor_name),
        defaults={"display_name": mentor_name.replace("_", " ").title(), "username": mentor_name, "capacity": 5},
    )
    for learner in learners:
        Assignment.objects.create(
            course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(learner), mentor=profile,
            active_learner=anonymous_id_for(learner), method="manual",
        )
        MentorProfile.objects.filter(pk=profile.pk).update(load=profile.load + len(learners))
    return profile


# Every request here runs its on_commit work (mail), as its real commit would.
pytestmark = pytest.mark.usefixtures("committing_requests")


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("notify", OLX)
    for learner in ("student_ann", "student_bob"):
        assert workbench.post(usage, "join_programme", {}, student=learner).status_code == 200
    pair("mentor_ada", "student_ann")
    mail.outbox.clear()
    return usage


def submit(workbench, block, student="student_ann", prompt="private", text="Listen first, then decide."):
    response = workbench.post(block, "submit_response", {"prompt_id": prompt, "text": text}, student=student)
    assert response.status_code == 200, response.content
    return response.json()["response"]["id"]


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_submission_mails_the_mentor_with_a_link_that_opens_it_and_a_working_unsubscribe(workbench, block):
    response_id = submit(workbench, block)
    [message] = mail.outbox
    assert message.to == ["mentor_ada@example.com"]
    assert message.subject == "Student Ann submitted a reflection"  # people by display name
    assert "Listen first, then decide." in message.body
    link = f"/scenario/notify/?student=mentor_ada#mentor-response-{response_id}"
    assert link in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000{link}"' in html.replace("&amp;", "&") or link in html.replace("&amp;", "&")
    assert workbench.client.get(link.split("#")[0]).status_code == 200  # the link opens the unit for the mentor
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body and message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = workbench.client.get(unsubscribe.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200 and b"You are unsubscribed" in page.content
    assert NotificationPreference.objects.get(user_id=anonymous_id_for("mentor_ada")).mode == "off"
    submit(workbench, block, text="Listen first, then decide together.")
    assert not to("mentor_ada@example.com")[1:]  # a revision after unsubscribing mails nobody


def test_an_altered_unsubscribe_link_changes_nothing(workbench, block):
    submit(workbench, block)
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    forged = unsubscribe.replace("/unsubscribe/", "/unsubscribe/x")
    assert workbench.client.get(forged).status_code == 400
    assert not NotificationPreference.objects.filter(mode="off").exists()


def test_first_item_at_once_later_ones_batched_then_sent_together_once(workbench, block):
    submit(workbench, block)
    submit(workbench, block, prompt="open", text="Ask before telling.")
    assert len(mail.outbox) == 1  # the second waits for the batch window
    waiting = Notification.objects.get(state="pending")
    assert waiting.due_at > timezone.now()
    later = waiting.due_at + timedelta(seconds=1)
    assert send_due(now=later)["mails"] == 1
    assert send_due(now=later)["mails"] == 0  # re-run: nothing twice
    assert len(mail.outbox) == 2 and "Ask before telling." in mail.outbox[1].body


def test_mentor_reply_and_review_reach_the_learner(workbench, block):
    response_id = submit(workbench, block)
    reply = workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": response_id, "text": "Good start"},
                           student="mentor_ada")
    assert reply.status_code == 200
    [message] = to("student_ann@example.com")
    assert message.subject == "Mentor Ada replied to your reflection"  # people by display name
    assert "Good start" in message.body and f"?student=student_ann#mentor-response-{response_id}" in message.body
    review = workbench.post(block, "review_response", {"response_id": response_id, "status": "needs_revision",
                                                       "comment": "Say what you will do"}, student="mentor_ada")
    assert review.status_code == 200
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    assert "asked you to revise" in to("student_ann@example.com")[-1].body


def test_daily_digest_sends_once_even_when_run_twice(workbench, block):
    assert workbench.post(block, "set_notification_settings", {"mode": "digest"}, student="mentor_ada").json() == {"mode": "digest"}
    assert workbench.get(block, "notification_settings", student="mentor_ada").json() == {"mode": "digest"}
    submit(workbench, block)
    submit(workbench, block, student="student_ann", prompt="open", text="Ask before telling.")
    assert not mail.outbox
    call_command("mentor_send_digests")
    assert not mail.outbox  # not due before the digest hour
    Notification.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("mentor_send_digests")
    call_command("mentor_send_digests")
    [digest] = mail.outbox
    assert digest.subject == "Your mentoring digest: 2 updates" and digest.to == ["mentor_ada@example.com"]
    assert "Ask before telling." in digest.body and "Listen first" in digest.body


def test_a_crashed_sender_neither_loses_nor_doubles_an_item(workbench, block):
    assert workbench.post(block, "set_notification_settings", {"mode": "digest"}, student="mentor_ada").status_code == 200
    submit(workbench, block)
    now = timezone.now()
    # A sender claimed the row and died before sending.
    Notification.objects.update(due_at=now, state="sending", claim="dead", claimed_at=now)
    assert send_due(now=now + timedelta(minutes=1))["mails"] == 0  # still claimed: not sent twice
    assert send_due(now=now + CLAIM_TIMEOUT + timedelta(minutes=1))["mails"] == 1  # claim expired: not lost
    assert send_due(now=now + CLAIM_TIMEOUT + timedelta(minutes=2))["mails"] == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_item_once(workbench):
    usage = workbench.add_scenario("notify", OLX)
    names = [f"student_{i}" for i in range(6)]
    for name in names:
        assert workbench.post(usage, "join_programme", {}, student=name).status_code == 200
    pair("mentor_ada", *names)
    workbench.post(usage, "set_notification_settings", {"mode": "digest"}, student="mentor_ada")
    for name in names:
        submit(workbench, usage, student=name)
    Notification.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            call_command("mentor_send_digests")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(mail.outbox) == 1 and mail.outbox[0].body.count("submitted a reflection") == 6
    assert Notification.objects.filter(state="sent").count() == 6


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, EMAIL_TIMEOUT=2)
def test_mail_down_never_fails_the_request_and_is_retried_and_visible_to_staff(workbench, block):
    submit(workbench, block)  # 200 although the mail server refuses connections
    row = Notification.objects.get()
    assert row.state == "pending" and row.attempts == 1 and row.last_error
    page = workbench.get(block, "programme", student="staff_1", list="mail").json()
    assert page["mail"]["waiting"] == 1 and page["items"][0]["last_error"]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        Notification.objects.update(due_at=timezone.now())
        call_command("mentor_send_digests")
    assert [m.to for m in mail.outbox] == [["mentor_ada@example.com"]]
    assert Notification.objects.get().state == "sent"


def test_the_recipients_language_is_the_mails_language(workbench, block):
    NotificationPreference.objects.create(course_key=DEV_COURSE_KEY, user_id=anonymous_id_for("mentor_ada"), language="fr")
    submit(workbench, block)
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert '<div lang="fr">' in message.alternatives[0][0]


def test_the_file_backend_writes_the_demo_mail(workbench, block, tmp_path):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(tmp_path)):
        response_id = submit(workbench, block)
    [written] = list(tmp_path.iterdir())
    text = written.read_text()
    assert "To: mentor_ada@example.com" in text and f"mentor-response-{response_id}" in text


def test_assignments_and_changes_reach_learner_mentor_and_staff(workbench, block):
    pair("mentor_bea")
    assignment = Assignment.objects.get(learner_id=anonymous_id_for("student_ann"))
    asked = workbench.post(block, "request_change", {"assignment_id": assignment.pk, "reason": "Different hours"},
                           student="student_ann")
    assert asked.status_code == 200
    [staff_mail] = to("staff_1@example.com")
    assert staff_mail.subject == "Student Ann asked for a different mentor" and "Different hours" in staff_mail.body
    requests = workbench.get(block, "programme", student="staff_1", list="requests").json()
    bea = next(m for m in requests["free_mentors"] if m["display_name"] == "Mentor Bea")
    resolved = workbench.post(block, "resolve_change_request", {
        "request_id": asked.json()["request_id"], "approve": True, "mentor_id": bea["id"], "note": "Bea works evenings"},
        student="staff_1")
    assert resolved.status_code == 200 and resolved.json()["assigned"][0]["mentor"]["display_name"] == "Mentor Bea"
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")
    learner_text = "".join(m.body for m in to("student_ann@example.com"))
    assert "approved" in learner_text and "Bea works evenings" in learner_text and "Your new mentor is Mentor Bea" in learner_text
    assert any("Student Ann is now your mentee" in m.body for m in to("mentor_bea@example.com"))
    assert any("Student Ann is no longer your mentee" in m.body for m in to("mentor_ada@example.com"))
    state = workbench.get(block, "mentors", student="student_ann").json()
    assert state["last_change"]["note"] == "Bea works evenings" and state["mentors"][0]["mentor"]["display_name"] == "Mentor Bea"
    page = workbench.view("notify", student="student_ann").content.decode()
    assert "Bea works evenings" in page


def test_pairs_made_in_bulk_or_by_csv_reach_the_learner_and_the_mentor(workbench, block):
    """Bulk matching and CSV imports queue their mail in a task after the request commits."""
    grace, _ = MentorProfile.objects.get_or_create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_grace"),
        defaults={"display_name": "Grace Hopper", "username": "mentor_grace", "capacity": 1},
    )
    applied = workbench.post(block, "auto_assign", {"preview": False}, student="staff_1")
    assert applied.status_code == 200 and applied.json()["placed"] >= 1, applied.json()
    for row in applied.json()["assignments"]:  # every pair made: the learner and the mentor are told
        assert to(f"{row['username']}@example.com"), row
        mentor = MentorProfile.objects.get(pk=row["mentor_id"])
        assert to(f"{mentor.username}@example.com"), row
    mail.outbox.clear()
    assert workbench.post(block, "join_programme", {}, student="student_cy").status_code == 200
    MentorProfile.objects.filter(pk=grace.pk).update(capacity=2)
    imported = workbench.post(block, "import_assignments", {"csv": "learner,mentor\nstudent_cy,mentor_grace\n"},
                              student="staff_1")
    assert imported.status_code == 200 and imported.json() == {"assigned": 1}
    assert to("student_cy@example.com")  # the learner's first mail goes at once
    made = Assignment.objects.get(learner_id=anonymous_id_for("student_cy"), active=True)
    # Grace had mail minutes ago, so hers waits for the batch window (immediate = first at once).
    assert Notification.objects.filter(recipient_id=grace.mentor_id, kind="assigned",
                                       item_key=f"assignment:{made.pk}").exists()
