"""Check-ins and closing reflections in real Chromium (issue 22): a learner and their mentor answer a due
check-in in the mentor widget (a low rating, a note), staff find the pairing flagged with the note in the
programme dashboard, and after staff end the pairing the learner leaves a closing reflection."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

AUTO = "mentorship.0"  # the demo's auto module (checkin_days: the default, 30)


@pytest.fixture
def demo(site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data()
    return lambda student: f"/scenario/{AUTO}/?student={student}"


def widget(page):
    return page.locator("[data-role=mentor-widget]").first


def test_a_due_checkin_is_answered_flagged_for_staff_and_the_ending_asks_for_a_reflection(page, demo):
    from mentor_xblock.dev.user_service import anonymous_id_for
    from mentor_xblock.models import Assignment

    page.goto(demo("learner_q"))
    widget(page).get_by_role("button", name="Skip and join").click()
    widget(page).locator("[data-role=mw-status]", has_text="You joined the mentor programme.").wait_for()
    pairing = Assignment.objects.get(learner_id=anonymous_id_for("learner_q"), active=True)
    assert widget(page).locator("[data-role=mw-checkin]").count() == 0  # not due yet
    Assignment.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - timedelta(days=31))  # a month on
    page.goto(demo("learner_q"))
    form = widget(page).locator("[data-role=mw-checkin]")
    assert "How useful is this mentoring for you?" in form.inner_text()
    assert axe_violations(page, "[data-role=mentor-widget]") == []
    form.get_by_role("button", name="Send").click()  # no rating chosen: it says so, nothing is sent
    widget(page).locator("[data-role=mw-status]", has_text="from 1 to 5").wait_for()
    form.get_by_label("2", exact=True).check()
    form.get_by_label("A note for the programme team (optional)").fill("We keep missing each other.")
    form.get_by_role("button", name="Send").click()
    widget(page).locator("[data-role=mw-status]", has_text="goes to the programme team only").wait_for()
    assert widget(page).locator("[data-role=mw-checkin]").count() == 0
    # The mentor is asked too, and never reads the learner's note.
    mentor = pairing.mentor.username
    page.goto(demo(mentor))
    assert "We keep missing each other." not in page.content()
    mentor_form = widget(page).locator("[data-role=mw-checkin]").first
    mentor_form.get_by_role("button", name="Not now").click()
    widget(page).locator("[data-role=mw-status]", has_text="ask again at the next check-in").wait_for()
    # Staff: the figures and the flagged pairing with the note.
    page.goto(demo("staff_1"))
    flags = page.locator("[data-role=checkin-flags]")
    flags.locator("table").wait_for()
    assert "We keep missing each other." in flags.inner_text() and "rated 2 or lower" in flags.inner_text()
    assert "Check-ins rated 2 or lower" in page.locator("[data-role=checkin-figures]").inner_text()
    # The pairing ends: the learner is asked once what they take away.
    Assignment.objects.filter(pk=pairing.pk).update(active=False, active_learner=None, ended_at=timezone.now())
    page.goto(demo("learner_q"))
    closing = widget(page).locator("[data-role=mw-closing]")
    closing.get_by_label("What do you take away from it? (optional)").fill("Book the next meeting before leaving.")
    closing.get_by_role("button", name="Send").click()
    widget(page).locator("[data-role=mw-status]", has_text="Thank you for your reflection.").wait_for()
    assert widget(page).locator("[data-role=mw-closing]").count() == 0
    assert page.errors == []
