"""Matches people choose (issue 22) in real Chromium: a learner ranks two mentors when joining, the first
declines with a note, the request goes to the second, who accepts; the learner reads why they were paired."""
import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

REQUESTS = "mentorship.5"  # the demo's learner_choice module with mentor_approval, a course of its own


@pytest.fixture
def demo(site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data()
    return lambda student: f"/scenario/{REQUESTS}/?student={student}"


def widget(page):
    return page.locator("[data-role=mentor-widget]").first


def status(page, text):
    widget(page).locator("[data-role=mw-status]", has_text=text).wait_for()


def test_a_ranked_request_is_declined_passed_on_and_accepted(page, demo):
    page.goto(demo("learner_r"))
    widget(page).get_by_label("Choice 1").select_option(label="Grace Lindqvist")
    widget(page).get_by_label("Choice 2").select_option(label="Linus Berg")
    assert axe_violations(page) == []
    widget(page).get_by_role("button", name="Skip and join").click()
    status(page, "You joined the mentor programme.")
    assert "You asked Grace Lindqvist to be your mentor" in widget(page).inner_text()

    page.goto(demo("mentor_grace"))
    assert "Learners who asked you to be their mentor" in widget(page).inner_text()
    assert axe_violations(page) == []
    widget(page).get_by_label("Note to the learner (optional)").fill("I am away this month.")
    widget(page).get_by_role("button", name="Decline learner_r").click()
    status(page, "You declined the request.")
    assert "Learners who asked you" not in widget(page).inner_text()

    page.goto(demo("learner_r"))
    text = widget(page).inner_text()
    assert "Grace Lindqvist declined your request." in text and "I am away this month." in text
    assert "You asked Linus Berg to be your mentor" in text

    page.goto(demo("mentor_linus"))
    widget(page).get_by_role("button", name="Accept learner_r").click()
    status(page, "You accepted the request.")

    page.goto(demo("learner_r"))
    card = widget(page).locator(".mentor-card").first
    assert card.locator(".mentor-card__name").inner_text() == "Linus Berg"
    assert card.locator(".mentor-card__why").inner_text() == "Paired because you ranked Linus Berg second"
    assert page.errors == []
