"""The mentoring conversation in real Chromium (issue 21): a revision round kept and folded under the
learner's response, and a moment of the clip attached by typing m:ss that plays the clip from there."""
import os
import re

import pytest

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

OLX = """<mentorship display_name="Conversation" completion="prompts">
  <segment id="clip" title="A test pattern with a tone" expert="Mentor XBlock"
           url="/resource/mentorship/static/demo/clip.webm" start="0:02" end="0:14">
    <transcript format="vtt">WEBVTT

00:00:02.000 --> 00:00:06.000
The clip starts with a moving test pattern.

00:00:06.000 --> 00:00:10.000
A steady tone plays underneath.

00:00:10.000 --> 00:00:16.000
The clip ends at fourteen seconds.
</transcript>
  </segment>
  <prompt id="plan" min_words="3" visibility="mentor">What will you change first?</prompt>
  <mentoring strategy="manual"/>
</mentorship>"""
ASKED = "Say what you will do when a deadline clashes."
SHOTS = os.environ.get("MENTOR_SCREENSHOTS")  # `make screenshots`: the README's conversation pictures


@pytest.fixture
def scenario(site):
    from workbench.scenarios import add_xml_scenario

    from mentor_xblock.models import Assignment, MentorProfile

    add_xml_scenario("conversation", "conversation", OLX)
    mentor = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                          username="mentor_ada", display_name="Ada Okafor", capacity=5)
    learner = anonymous_id_for("learner_c")
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=learner, mentor=mentor, active_learner=learner,
                              method="manual")
    return lambda student: f"/scenario/conversation/?student={student}"


def submit(page, text, moment=""):
    section = page.locator("section.prompt[data-prompt-id='plan']")
    if section.get_by_role("button", name="Edit response").is_visible():
        section.get_by_role("button", name="Edit response").click()
    section.get_by_role("textbox", name="Your response").fill(text)
    if moment:
        section.get_by_label("Time in the video (m:ss)").fill(moment)
    section.get_by_role("button", name=re.compile("Submit response|Update response")).click()
    section.locator("[data-role=form-message]", has_text=re.compile("submitted|updated")).wait_for()
    return section


def test_a_revision_round_is_folded_and_a_moment_plays_the_clip(page, context, scenario):
    page.goto(scenario("learner_c"))
    section = submit(page, "I will plan my week on Mondays.", moment="0:06")
    link = section.get_by_role("button", name="at 0:06 in A test pattern with a tone")
    link.wait_for()

    mentor = context.new_page()
    mentor.goto(scenario("mentor_ada"))
    board = mentor.locator("[data-role=mentor-dashboard]")
    item = board.locator(".queue__item", has_text="learner_c")
    item.wait_for()
    assert item.get_by_role("button", name="at 0:06 in A test pattern with a tone").is_visible()
    item.get_by_role("button", name="Ask for a revision").click()  # no comment: refused in the form's words
    item.get_by_text("a revision request needs a comment").wait_for()
    item.get_by_label("Reply to learner_c").fill(ASKED)
    item.get_by_role("button", name="Ask for a revision").click()
    board.get_by_text("Nothing is waiting for your feedback.").wait_for()

    page.reload()
    section = submit(page, "I will plan my week on Mondays and warn people early when deadlines clash.")
    page.reload()
    section = page.locator("section.prompt[data-prompt-id='plan']")
    history = section.locator("[data-role=history]")
    assert "1 earlier round" in history.inner_text()
    earlier = history.locator("details.round[data-round='1']")
    assert earlier.get_attribute("open") is None  # folded
    earlier.locator("summary").click()
    assert "I will plan my week on Mondays." in earlier.inner_text()
    assert "Ada Okafor asked for a revision" in earlier.inner_text() and ASKED in earlier.inner_text()
    assert "warn people early" in section.locator("article.response > .response__text").inner_text()

    if SHOTS:
        section.screenshot(path=os.path.join(SHOTS, "conversation.png"))
    # The moment of round 1 plays the clip from there and marks the transcript line.
    earlier.get_by_role("button", name="at 0:06 in A test pattern with a tone").click()
    page.locator("section.segment [data-role=cue][aria-current=true]", has_text="A steady tone").wait_for()

    mentor.reload()
    revised = board.locator(".queue__item", has_text="learner_c")
    assert "revised · round 2" in revised.inner_text() and ASKED in revised.inner_text()
    if SHOTS:
        revised.locator("details.queue__diff summary").click()
        revised.screenshot(path=os.path.join(SHOTS, "conversation-mentor.png"))
    revised.get_by_role("button", name="learner_c").click()
    panel = board.locator("[data-role=mentee-panel]")
    panel.get_by_text("Conversation with learner_c").wait_for()
    panel.locator("details.round[data-round='1']").wait_for()
    assert axe_violations(page) == [] and axe_violations(mentor) == []
    assert page.errors == []
