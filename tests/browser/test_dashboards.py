"""Mentors and programme staff at work in real Chromium: queue, reviews, pool, matching, reports."""
import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

MODULE = "/scenario/mentorship.0/?student={}"
CHOICE_MODULE = "/scenario/mentorship.3/?student={}"  # the demo's learner_choice module


@pytest.fixture
def demo(site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data()
    return site


def join(page, student, module=MODULE):
    """The learner joins the mentor programme (skipping the interests question): looking joins nobody."""
    page.goto(module.format(student))
    widget = page.locator("[data-role=mentor-widget]").first
    widget.get_by_role("button", name="Skip and join").click()
    widget.locator("[data-role=mw-status]", has_text="You joined the mentor programme.").wait_for()


def learner_submits(page, student, text):
    join(page, student)
    section = page.locator("section.prompt[data-prompt-id='your-why']")
    section.get_by_role("textbox", name="Your response").fill(text)
    section.get_by_role("button", name="Submit response").click()
    section.locator("[data-role=form-message]", has_text="submitted").wait_for()
    return page.locator(".mentor-widget, [data-role=mentor-widget]").first.inner_text()


def test_mentor_answers_the_queue_and_the_learner_sees_it(page, context, demo):
    widget = learner_submits(page, "learner_q", " ".join(["purpose"] * 31))
    assert "Ada Okafor" in widget  # auto strategy: the best free mentor (demo data)
    mentor = context.new_page()
    mentor.goto(MODULE.format("mentor_ada"))
    board = mentor.locator("[data-role=mentor-dashboard]")
    item = board.locator(".queue__item", has_text="learner_q")
    item.wait_for()
    assert board.locator("table").get_by_role("rowheader", name="learner_q").is_visible()
    item.get_by_label("Reply to learner_q").fill("Strong start: now name one person who would disagree.")
    item.get_by_role("button", name="Ask for a revision").click()
    board.locator(".queue__done").wait_for()
    board.get_by_text("Nothing is waiting for your feedback.").wait_for()
    page.reload()
    section = page.locator("section.prompt[data-prompt-id='your-why']")
    assert "asks you to revise" in section.locator("[data-role=review]").inner_text()
    assert "name one person who would disagree" in section.locator("[data-role=review]").inner_text()
    assert section.locator("[data-role=new-feedback]").is_visible()
    assert axe_violations(mentor) == []


def test_the_mentor_sees_what_a_review_does_to_the_score_and_the_learner_sees_it(page, context, demo):
    """The mentor-assessed demo (weight 2, two prompts): one point per reviewed prompt."""
    assessed = "/scenario/mentorship.4/?student={}"
    page.goto(assessed.format("learner_g"))
    widget = page.locator("[data-role=mentor-widget]").first
    widget.get_by_role("button", name="Skip and join").click()
    widget.locator("[data-role=mw-status]", has_text="You joined the mentor programme.").wait_for()
    section = page.locator("section.prompt[data-prompt-id='goal']")
    section.get_by_role("textbox", name="Your response").fill("Lead one meeting a week without notes")
    section.get_by_role("button", name="Submit response").click()
    section.locator("[data-role=form-message]", has_text="submitted").wait_for()
    page.reload()
    assert page.locator("[data-role=grade]").inner_text() == ("Your score: 0 of 2 points — not reviewed yet "
                                                               "(0 of 2 reflections reviewed)")
    mentor = context.new_page()
    mentor.goto(assessed.format("mentor_ada"))
    item = mentor.locator("[data-role=mentor-dashboard] .queue__item", has_text="learner_g")
    item.wait_for()
    line = item.locator(".queue__score")
    assert line.inner_text() == "Score now: 0 of 2 points. Mark reviewed: 1 of 2. Ask for a revision: 0 of 2."
    button = item.get_by_role("button", name="Mark reviewed")
    assert button.get_attribute("aria-describedby") == line.get_attribute("id")  # heard with the button
    assert axe_violations(mentor) == []
    button.click()
    mentor.locator("[data-role=mentor-dashboard] .queue__done").wait_for()
    page.reload()
    assert page.locator("[data-role=grade]").inner_text() == ("Your score: 1 of 2 points — reviewed by Ada Okafor "
                                                               "(1 of 2 reflections reviewed)")
    assert axe_violations(page) == []


def test_staff_add_a_mentor_preview_and_apply_matching_and_download_reports(page, context, site):
    # Bulk matching is the staff's tool where learners wait: in learner_choice they wait to choose.
    # (In `auto` a learner waits only while the pool is full, and a place that frees up is filled at
    # once: tests/integration/test_programme_waiting.py.) Only the choice module is known to its course.
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data(record_blocks=False)
    for student in ("learner_1", "learner_2", "learner_3", "learner_4", "learner_5"):
        join(context.new_page(), student, CHOICE_MODULE)  # 4 places in the demo pool
    page.goto(CHOICE_MODULE.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    pool = board.locator("[data-role=pool] table")
    pool.locator("tr", has_text="Ada Okafor").wait_for()
    preview = board.get_by_role("button", name="Preview matching")
    preview.click()
    board.get_by_text("Proposal: 4 assignments for 5 learners waiting").wait_for()
    # Add a mentor with the keyboard only.
    board.locator("summary", has_text="Add or edit a mentor").focus()
    page.keyboard.press("Enter")
    board.get_by_label("Username", exact=True).focus()
    page.keyboard.type("mentor_new")
    page.keyboard.press("Tab")
    page.keyboard.type("Nia Mentor")
    board.get_by_label("Capacity (learners)").fill("3")
    board.get_by_label("Expertise tags (comma-separated)").fill("careers, leadership")
    board.get_by_role("button", name="Save mentor").focus()
    page.keyboard.press("Enter")
    board.locator("[data-role=status]", has_text="Nia Mentor was added").wait_for()
    preview.click()
    board.get_by_text("Proposal: 5 assignments for 5 learners waiting").wait_for()
    page.once("dialog", lambda dialog: dialog.dismiss())  # applying asks first; "no" changes nothing
    board.get_by_role("button", name="Apply this matching").click()
    assert board.get_by_text("Applied:").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Apply this matching").click()
    board.get_by_text("Applied: 5 assignments made; 0 learners left over.").wait_for()  # each count in its own plural
    assert board.get_by_role("table", name="Assignments made").is_visible()  # no longer "Proposed"
    pool.locator("tr", has_text="Nia Mentor").get_by_text(re.compile(r"^[123] / 3$")).wait_for()
    with page.expect_download() as download:
        board.get_by_role("link", name="Assignments with history (CSV)").click()
    body = open(download.value.path(), encoding="utf-8-sig").read()
    assert body.startswith("learner,mentor,active,method") and ",bulk," in body
    # Figures as pictures: bars are decoration (aria-hidden SVG), the numbers are text beside them.
    charts = board.locator("[data-role=figures] figure.chart")
    assert charts.count() == 3
    queue = charts.filter(has_text="Oldest response waiting for feedback, per mentor")
    assert queue.locator("li", has_text="Nia Mentor").get_by_text("nothing waiting").is_visible()
    assert queue.locator("svg[aria-hidden=true]").count() == queue.locator("li").count()
    assert "of 5 learners" in charts.filter(has_text="Segment completion").inner_text()
    assert axe_violations(page) == []


def test_staff_import_reports_problems_by_line(page, demo, tmp_path):
    page.goto(MODULE.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("learner,mentor\nnobody,mentor_ada\n", encoding="utf-8")
    board.get_by_label(re.compile("Import assignments from a CSV")).set_input_files(str(csv_file))
    board.get_by_role("button", name="Import", exact=True).click()
    board.locator("[data-role=import-result]", has_text="Line 2:").wait_for()
    assert "nothing was imported" in board.locator("[data-role=import-result]").inner_text()


@pytest.mark.parametrize("student", ["mentor_ada", "staff_1"])
def test_dashboards_are_accessible_before_their_data_arrives(page, demo, student):
    # Empty containers are where ARIA mistakes hide (axe judges empty labelled divs strictly).
    page.route(re.compile(r"/handler/[^/]+/(mentor_dashboard|programme_figures|programme)/"), lambda route: route.abort())
    page.goto(MODULE.format(student))
    page.locator("[data-role$=-dashboard]").wait_for()
    assert axe_violations(page) == []


def test_staff_get_a_large_report_as_a_background_job_by_keyboard(page, demo, settings, tmp_path):
    settings.MENTOR_EXPORT_TASK_ROWS = 0  # every non-empty report counts as large
    settings.MENTOR_EXPORT_ROOT = str(tmp_path)  # the exports' private directory (services/export_storage.py)
    join(page, "learner_big")  # a learner in the programme, so the report has a row
    page.goto(MODULE.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    board.get_by_role("link", name="Progress per learner (CSV)").focus()
    page.keyboard.press("Enter")
    status = board.locator("[data-role=export-status]")
    status.get_by_text(re.compile(r"Your report is ready \(\d+ rows\)")).wait_for()
    assert status.get_attribute("aria-live") == "polite"
    link = status.get_by_role("link", name=re.compile("Download"))
    assert link.evaluate("node => node === document.activeElement")  # focus moves to the new link
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    body = open(download.value.path(), encoding="utf-8-sig").read()
    assert body.startswith("learner,segments_watched,prompts_submitted") and "learner_big" in body
    assert axe_violations(page) == []


def test_feedback_past_the_target_is_marked_overdue_for_the_mentor_and_staff(page, context, demo):
    from datetime import timedelta

    from django.utils import timezone

    from mentor_xblock.models import Response

    learner_submits(page, "learner_late", " ".join(["purpose"] * 31))
    # The clock moves on: the response has waited longer than the course's 72 hours.
    Response.objects.filter(author_name="learner_late").update(submitted_at=timezone.now() - timedelta(hours=80))
    mentor = context.new_page()
    mentor.goto(MODULE.format("mentor_ada"))
    board = mentor.locator("[data-role=mentor-dashboard]")
    item = board.locator(".queue__item", has_text="learner_late")
    item.wait_for()
    assert item.locator("[data-role=overdue]").inner_text() == "Overdue"
    assert "1 of them is overdue: feedback is due within 72 hours." in board.locator("[data-role=overdue-count]").inner_text()
    assert axe_violations(mentor) == []
    staff = context.new_page()
    staff.goto(MODULE.format("staff_1"))
    figures = staff.locator("[data-role=programme-dashboard] [data-role=figures]")
    figures.locator("dt", has_text="Overdue (waiting over 72 h)").wait_for()
    assert figures.locator("dt:has-text('Overdue') + dd").inner_text() == "1"
    queue = figures.locator("figure.chart").filter(has_text="Oldest response waiting for feedback, per mentor")
    assert "1 overdue" in queue.locator("li", has_text="Ada Okafor").inner_text()
