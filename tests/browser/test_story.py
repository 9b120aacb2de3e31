"""The whole story, keyboard only, axe-clean at every step (issue 14):

an author builds a module in the editor; two learners watch the local clip and answer; staff add
a mentor and run matching; the mentor answers the queue and asks for a revision; the learner
revises and completes; staff download the reports.

Every action is a key press on a focused control (`press`, `type_in`); `focus()` stands for the
Tab presses in between, whose reachability the other browser tests walk. With MENTOR_SCREENSHOTS
set (`make screenshots`) the story also refreshes the README's pictures in docs/screenshots/.
"""
import csv
import io
import os
import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("MENTOR_SCREENSHOTS")
CLIP = "/resource/mentorship/static/demo/clip.webm"
BLOCK = "/scenario/story/?student={}"
PHONE = {"width": 375, "height": 760}


@pytest.fixture
def story(site):
    from workbench.scenarios import add_xml_scenario

    add_xml_scenario("story", "A module built in the story", '<mentorship display_name="New module"/>')
    return site


def press(locator, key="Enter"):
    locator.focus()
    locator.page.keyboard.press(key)


def type_in(locator, text):
    locator.focus()
    locator.page.keyboard.press("Control+A")
    locator.page.keyboard.type(text)


def clean(page, where=".xblock-v1"):
    assert axe_violations(page, where) == []
    assert page.errors == []


def shot(page, name, phone=False):
    if not SHOTS:
        return
    if phone:
        page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")  # the block from its top, as a person arriving sees it
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))  # the viewport only: small files
    if phone:
        page.set_viewport_size({"width": 1100, "height": 900})


def author_builds_the_module(page):
    page.goto("/scenario/story/studio_view/?student=studio:alice")
    editor = page.locator(".mstudio")
    type_in(editor.get_by_label("Display name"), "Listening first")
    press(editor.get_by_role("button", name="Add a segment"))
    segment = editor.locator(".mstudio__item").nth(0)
    page.keyboard.type("A first clip")  # focus moved to the new segment's title
    type_in(segment.get_by_label("Video URL", exact=True), CLIP)
    type_in(segment.get_by_label("Start", exact=True), "0:02")
    type_in(segment.get_by_label("End", exact=True), "0:05")
    page.wait_for_function("(el) => /Clip 0:02–0:05/.test(el.textContent)",
                           arg=segment.locator("[data-role=info]").element_handle())
    press(editor.get_by_role("button", name="Add a prompt"))
    prompt = editor.locator(".mstudio__item").nth(1)
    type_in(prompt.get_by_label("Question", exact=True), "What will you do differently tomorrow?")
    type_in(prompt.get_by_label("Minimum words", exact=True), "3")
    press(editor.get_by_label("Learners in this block get a mentor"), "Space")
    strategy = editor.get_by_label("How mentors are assigned")
    strategy.focus()
    page.keyboard.type("Staff")  # a closed select takes the option starting with what is typed
    assert strategy.input_value() == "manual"
    clean(page)
    shot(page, "studio-editor")
    press(editor.get_by_role("button", name="Save"))
    page.wait_for_function("() => /^Saved/.test(document.querySelector('.mstudio [data-role=status]').textContent)")
    clean(page)


def learner_watches_and_answers(page, student, text):
    page.goto(BLOCK.format(student))
    widget = page.locator("[data-role=mentor-widget]")
    press(widget.get_by_role("button", name="Join the programme"))
    widget.locator("[data-role=mw-status]", has_text="You joined the mentor programme.").wait_for()
    assert "The programme team will assign a mentor to you" in widget.inner_text()
    press(page.locator("section.segment").get_by_role("button", name=re.compile("^Play")))
    page.wait_for_function(
        "() => document.querySelector('section.segment [data-role=status-text]').textContent.trim() === 'Watched'",
        timeout=30000)
    assert "1 of 1 clip watched" in page.locator("[data-role=summary]").inner_text()
    section = page.locator("section.prompt")
    type_in(section.get_by_role("textbox", name="Your response"), text)
    press(section.get_by_role("button", name="Submit response"))
    section.locator("[data-role=form-message]", has_text="submitted").wait_for()
    assert "1 of 1 reflection answered" in page.locator("[data-role=summary]").inner_text()
    assert section.get_by_role("textbox", name="Your response").is_hidden()  # shown once, in the card
    clean(page)


def staff_add_a_mentor_and_match(page):
    page.goto(BLOCK.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    board.get_by_text("No mentors in the pool yet", exact=False).or_(board.locator("[data-role=pool] p")).first.wait_for()
    press(board.locator("summary", has_text="Add or edit a mentor"))
    type_in(board.get_by_label("Username", exact=True), "mentor_nia")
    type_in(board.get_by_label("Display name"), "Nia Mentor")
    type_in(board.get_by_label("Capacity (learners)"), "3")
    press(board.get_by_role("button", name="Save mentor"))
    board.locator("[data-role=status]", has_text="Nia Mentor was added").wait_for()
    press(board.get_by_role("button", name="Preview matching"))
    board.get_by_text("2 assignments for 2 learners waiting").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())  # applying asks first
    press(board.get_by_role("button", name="Apply this matching"))
    board.get_by_text("Applied: 2 assignments made").wait_for()
    board.locator("[data-role=pool] tr", has_text="Nia Mentor").get_by_text("2 / 3").wait_for()
    clean(page)


def mentor_asks_for_a_revision(page):
    page.goto(BLOCK.format("mentor_nia"))
    board = page.locator("[data-role=mentor-dashboard]")
    item = board.locator(".queue__item", has_text="learner_one")
    item.wait_for()
    assert board.locator(".queue__item").count() == 2
    clean(page)
    shot(page, "mentor-queue")
    type_in(item.get_by_label("Reply to learner_one"), "Good start: name the first step.")
    press(item.get_by_role("button", name="Ask for a revision"))
    board.locator(".queue__done").wait_for()
    board.locator(".queue__item", has_text="learner_one").wait_for(state="detached")
    clean(page)


def learner_revises(page):
    page.goto(BLOCK.format("learner_one"))
    section = page.locator("section.prompt")
    review = section.locator("[data-role=review]").inner_text()
    assert "asks you to revise" in review and "name the first step" in review
    assert "Nia Mentor" in page.locator("[data-role=summary]").inner_text()
    box = section.get_by_role("textbox", name="Your response")
    assert box.is_visible()  # a revision keeps the form open
    type_in(box, "Tomorrow I will listen first and ask one open question.")
    press(section.get_by_role("button", name="Update response"))
    section.locator("[data-role=form-message]", has_text="updated").wait_for()
    assert "Tomorrow I will listen first" in section.locator("[data-role=thread]").inner_text()
    clean(page)
    shot(page, "learner")
    shot(page, "learner-phone", phone=True)


def download(page, board, name):
    with page.expect_download() as done:
        press(board.get_by_role("link", name=name))
    return list(csv.DictReader(io.StringIO(open(done.value.path(), encoding="utf-8-sig").read())))


def staff_download_the_reports(page):
    page.goto(BLOCK.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    board.locator("[data-role=figures] figure.chart").first.wait_for()
    clean(page)
    shot(page, "programme")
    assignments = download(page, board, "Assignments with history (CSV)")
    assert sorted((row["learner"], row["mentor"], row["method"], row["assigned_by"]) for row in assignments) == [
        ("learner_one", "mentor_nia", "bulk", "staff_1"), ("learner_two", "mentor_nia", "bulk", "staff_1")]
    responses = download(page, board, "Responses with replies and reviews (CSV)")
    mine = [row for row in responses if row["learner"] == "learner_one" and row["kind"] == "response"]
    # One row per round (issue 21): the first answer with the revision request, then the revision.
    assert [row["round"] for row in mine] == ["1", "2"] and mine[0]["review_status"] == "needs_revision"
    assert mine[0]["text"] == "I will listen before I answer." and mine[1]["text"].startswith("Tomorrow I will listen first")
    progress = {row["learner"]: row for row in download(page, board, "Progress per learner (CSV)")}
    assert progress["learner_one"]["segments_watched"] == "1" and progress["learner_one"]["prompts_submitted"] == "1"
    clean(page)


def test_the_whole_story_by_keyboard(page, context, story):
    author_builds_the_module(page)
    learner_watches_and_answers(page, "learner_one", "I will listen before I answer.")
    second = context.new_page()
    second.errors = []
    second.on("pageerror", lambda error: second.errors.append(str(error)))
    learner_watches_and_answers(second, "learner_two", "I will ask one more question.")
    staff_add_a_mentor_and_match(page)
    mentor_asks_for_a_revision(page)
    learner_revises(page)
    staff_download_the_reports(page)
