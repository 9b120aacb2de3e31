"""Moderation that finishes: reports shown to the right moderators with their reasons, hide /
unhide / dismiss, the author told (in the page and by mail) that and why; peers' lists open
to mentors and staff without a response of their own."""
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Flag, Notification, Response
from tests.integration.test_notifications import OLX, pair, submit


# Every request here runs its on_commit work (mail), as its real commit would.
pytestmark = pytest.mark.usefixtures("committing_requests")


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("moderation", OLX)
    for learner in ("student_ann", "student_bob"):
        assert workbench.post(usage, "join_programme", {}, student=learner).status_code == 200
    pair("mentor_ada", "student_ann")
    pair("mentor_bea", "student_bob")
    return usage


def flush():
    """Send what the batch window holds back (as the cron command does once it is due)."""
    Notification.objects.filter(state="pending").update(due_at=timezone.now())
    call_command("mentor_send_digests")


def report(workbench, block, response_id, student="student_bob", reason="Names a colleague"):
    answer = workbench.post(block, "flag", {"kind": "response", "id": response_id, "reason": reason}, student=student)
    assert answer.status_code == 200, answer.content


def test_a_report_reaches_staff_and_the_authors_mentor_and_shows_in_both_lists(workbench, block):
    ann = submit(workbench, block, prompt="open", text="Habit: listen to Jo Smith")
    submit(workbench, block, student="student_bob", prompt="open", text="Habit: ask questions")
    mail.outbox.clear()
    report(workbench, block, ann)
    flush()
    assert sorted(m.to[0] for m in mail.outbox) == ["mentor_ada@example.com", "staff_1@example.com"]
    assert all(m.subject == "A post by Student Ann was reported" and "Names a colleague" in m.body for m in mail.outbox)
    flags = workbench.get(block, "programme", student="staff_1", list="flags").json()
    assert flags["total"] == 1 and flags["summary"]["open_reports"] == 1
    [item] = flags["items"]
    assert item["id"] == ann and item["reports"][0]["reason"] == "Names a colleague" and item["author"] == "student_ann"
    assert workbench.get(block, "reported_items", student="mentor_ada").json()["total"] == 1
    assert workbench.get(block, "reported_items", student="mentor_bea").json()["total"] == 0  # not her mentee
    assert workbench.get(block, "reported_items", student="student_bob").status_code == 403


def test_hide_tells_the_author_that_and_why_and_resolves_the_reports(workbench, block):
    ann = submit(workbench, block, prompt="open", text="Habit: listen to Jo Smith")
    submit(workbench, block, student="student_bob", prompt="open", text="Habit: ask questions")
    report(workbench, block, ann)
    mail.outbox.clear()
    refused = workbench.post(block, "moderate", {"kind": "response", "id": ann, "action": "hide"}, student="mentor_bea")
    assert refused.status_code == 403 and not Response.objects.get(pk=ann).hidden
    hidden = workbench.post(block, "moderate", {"kind": "response", "id": ann, "action": "hide",
                                                "reason": "Please leave out colleagues' names"}, student="mentor_ada")
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    [told] = mail.outbox
    assert told.to == ["student_ann@example.com"] and "Please leave out colleagues' names" in told.body
    state = workbench.get(block, "student_view_user_state", student="student_ann").json()["responses"]["open"]
    assert state["hidden"] is True and state["hidden_reason"] == "Please leave out colleagues' names"
    assert workbench.get(block, "programme", student="staff_1", list="flags").json()["total"] == 0
    assert Flag.objects.get().resolution == "hidden"
    shown = workbench.post(block, "moderate", {"kind": "response", "id": ann, "action": "unhide"}, student="staff_1")
    assert shown.status_code == 200 and not Response.objects.get(pk=ann).hidden


def test_dismiss_keeps_the_item_and_closes_the_reports(workbench, block):
    ann = submit(workbench, block, prompt="open", text="Habit: listen first")
    submit(workbench, block, student="student_bob", prompt="open", text="Habit: ask questions")
    report(workbench, block, ann, reason="I disagree")
    answer = workbench.post(block, "moderate", {"kind": "response", "id": ann, "action": "dismiss"}, student="staff_1")
    assert answer.status_code == 200 and answer.json()["hidden"] is False
    assert Flag.objects.get().resolution == "dismissed" and Response.objects.get(pk=ann).flag_count == 0
    assert workbench.get(block, "programme", student="staff_1", list="flags").json()["items"] == []


def test_the_author_of_a_hidden_reply_sees_it_marked_with_the_reason(workbench, block):
    ann = submit(workbench, block, prompt="open", text="Habit: listen first")
    submit(workbench, block, student="student_bob", prompt="open", text="Habit: ask questions")
    reply = workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": ann, "text": "Rude words"},
                           student="student_bob").json()
    hidden = workbench.post(block, "hide", {"kind": "reply", "id": reply["id"], "hidden": True, "reason": "Be kind"},
                            student="mentor_ada")
    assert hidden.status_code == 200
    bob_sees = workbench.get(block, "list_responses", student="student_bob", prompt_id="open").json()
    [mine] = [r for item in bob_sees["responses"] for r in item["replies"] if r["id"] == reply["id"]]
    assert mine["hidden"] is True and mine["hidden_reason"] == "Be kind"
    flush()
    assert any("Be kind" in m.body for m in mail.outbox if m.to == ["student_bob@example.com"])


def test_mentors_and_staff_read_peers_lists_without_a_response_of_their_own(workbench, block):
    submit(workbench, block, prompt="open", text="Habit: listen first")
    for who, expected in (("mentor_ada", 1), ("staff_1", 1), ("mentor_bea", 0)):
        answer = workbench.get(block, "list_responses", student=who, prompt_id="open")
        assert answer.status_code == 200 and answer.json()["total"] == expected
    assert not Response.objects.filter(learner_id__in=[anonymous_id_for("mentor_ada"), anonymous_id_for("staff_1")]).exists()


def test_the_hidden_author_sees_the_notice_and_reason_in_the_page(workbench, block):
    ann = submit(workbench, block, prompt="open", text="Habit: listen to Jo Smith")
    assert workbench.post(block, "moderate", {"kind": "response", "id": ann, "action": "hide",
                                              "reason": "No names, please"}, student="staff_1").status_code == 200
    page = workbench.view("moderation", student="student_ann").content.decode()
    assert 'data-role="hidden-notice"' in page and "No names, please" in page
    assert 'data-role="hidden-notice"' not in workbench.view("moderation", student="student_bob").content.decode()


def test_a_report_can_be_withdrawn_until_a_moderator_acts(workbench, block):
    for moderator in ("staff_1", "mentor_ada"):  # their mail waits for the digest: still pending when withdrawn
        assert workbench.post(block, "set_notification_settings", {"mode": "digest"}, student=moderator).status_code == 200
    target = submit(workbench, block, "student_ann", prompt="open")
    submit(workbench, block, "student_bob", prompt="open")
    assert workbench.post(block, "flag", {"kind": "response", "id": target, "reason": "Off topic"},
                          student="student_bob").status_code == 200
    assert Response.objects.get(pk=target).flag_count == 1
    assert Notification.objects.filter(kind="report", state="pending").exists()
    withdrawn = workbench.post(block, "unflag", {"kind": "response", "id": target}, student="student_bob")
    assert withdrawn.status_code == 200 and withdrawn.json() == {"flagged": False, "withdrawn": True}
    assert not Flag.objects.filter(target_id=target).exists() and Response.objects.get(pk=target).flag_count == 0
    assert not Notification.objects.filter(kind="report", state="pending").exists()
    # Someone else's report is not theirs to withdraw; a handled one is no longer withdrawable.
    workbench.post(block, "flag", {"kind": "response", "id": target}, student="student_bob")
    assert workbench.post(block, "unflag", {"kind": "response", "id": target},
                          student="student_cy").json()["withdrawn"] is False
    Flag.objects.filter(target_id=target).update(resolved_at=timezone.now(), resolution="dismissed")
    assert workbench.post(block, "unflag", {"kind": "response", "id": target},
                          student="student_bob").json()["withdrawn"] is False
    assert Flag.objects.filter(target_id=target).count() == 1


def test_the_reported_posts_list_says_how_many_pages_it_has(workbench, block):
    """The dashboard's pager reads `pages` (issue 23: "Page 1 of undefined", and a Next to an empty page)."""
    ann = submit(workbench, block, prompt="open", text="Habit: listen to Jo Smith")
    submit(workbench, block, student="student_bob", prompt="open", text="Habit: ask questions")
    report(workbench, block, ann)
    for listing in ("flags", "mentors", "learners", "requests", "mail"):
        page = workbench.get(block, "programme", student="staff_1", list=listing).json()
        assert page["pages"] == 1 and page["page"] == 1, (listing, page)
    flags = workbench.get(block, "programme", student="staff_1", list="flags").json()
    assert flags["total"] == 1 and len(flags["items"]) == 1
