"""Everyday polish from the walk-through of issue 23, in real Chromium: what a person sees."""
import re

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_reflections import prompt, write_and_submit
from tests.conftest import olx

pytestmark = pytest.mark.browser


@pytest.fixture
def reflections(site):
    from workbench.scenarios import add_xml_scenario

    add_xml_scenario("reflections", "reflections", olx("reflections.xml"))
    return lambda student: f"/scenario/reflections/?student={student}"


def test_a_threads_reply_count_follows_each_reply_without_a_reload(page, reflections):
    page.goto(reflections("learner_a"))
    write_and_submit(page, "open", "Listen first, then decide.")
    card = prompt(page, "open").locator("[data-role=thread] article.response")
    meta = card.locator(".response__meta")
    assert "repl" not in meta.inner_text()
    for number, text in ((1, "A first thought."), (2, "And a second one.")):
        if card.locator(".reply-open").is_visible():
            card.locator(".reply-open").click()
        card.locator("textarea.reply-form__text").fill(text)
        card.get_by_role("button", name="Post reply").click()
        card.locator(".reply", has_text=text).wait_for()
        expected = "1 reply" if number == 1 else "2 replies"
        assert re.search(rf"· {expected}$", meta.inner_text().strip()), meta.inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    card.locator(".reply", has_text="A first thought.").get_by_role("button", name="Delete").click()
    card.locator(".reply--deleted").wait_for()
    assert meta.inner_text().strip().endswith("· 1 reply")
    assert axe_violations(page) == []
    assert page.errors == []


def test_the_html5_clip_shows_its_own_time_and_length_not_the_files(page, site):
    """issue 23: the native player showed "0:03 / 0:30" for a 0:02–0:14 clip of a 30 s file."""
    page.goto("/scenario/mentorship.1/?student=learner_clock")
    section = page.locator("section.segment")
    section.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && !v.paused && v.currentTime > 2.5; }")
    assert page.evaluate("() => document.querySelector('video').controls") is False  # no file-long timeline
    clock = section.locator("[data-role=clip-time]")
    assert re.fullmatch(r"0:0\d / 0:12", clock.inner_text()), clock.inner_text()
    scrubber = section.get_by_role("slider", name="Position in the clip")
    assert scrubber.get_attribute("max") == "12"
    assert re.fullmatch(r"0:0\d of 0:12", scrubber.get_attribute("aria-valuetext"))
    scrubber.evaluate("el => { el.value = '6'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function("() => Math.abs(document.querySelector('video').currentTime - 8) < 1")
    toggle = section.locator("[data-role=clip-toggle]")
    toggle.click()
    page.wait_for_function("() => document.querySelector('video').paused"
                           " && document.querySelector('[data-role=clip-toggle]').textContent === 'Play'")
    assert clock.inner_text().startswith("0:06")
    assert section.locator("[data-role=clip-captions]").get_attribute("aria-pressed") == "false"
    section.locator("[data-role=clip-captions]").click()
    assert page.evaluate("() => document.querySelector('video').textTracks[0].mode") == "showing"
    # The bar sits under the picture, not over it.
    video, bar = page.locator("video").bounding_box(), section.locator(".segment__controls").bounding_box()
    assert bar["height"] < 60 and bar["y"] >= video["y"] + video["height"] - 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    bar = section.locator(".segment__controls").bounding_box()
    for control in (toggle, scrubber, clock):
        box = control.bounding_box()
        assert box["x"] >= bar["x"] - 1 and box["x"] + box["width"] <= bar["x"] + bar["width"] + 1
    assert page.errors == []


@pytest.fixture
def choice_course(site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data(record_blocks=False)
    return "/scenario/mentorship.3/?student={}"


def test_mentors_sharing_interests_come_first_and_switching_waits_behind_a_disclosure(page, choice_course):
    page.goto(choice_course.format("learner_order"))
    widget = page.locator("[data-role=mentor-widget]").first
    widget.get_by_label("marketing").check()
    widget.get_by_role("button", name="Save interests and join").click()
    widget.locator("[data-role=mw-status]", has_text="You joined the mentor programme.").wait_for()
    names = widget.locator(".mentor-card--option .mentor-card__name").all_inner_texts()
    assert names == ["Linus Berg", "Ada Okafor", "Grace Lindqvist"]  # Linus shares "marketing"; then by name
    widget.get_by_role("button", name="Choose Ada Okafor").click()
    widget.locator("[data-role=mw-status]", has_text="Ada Okafor is now your mentor.").wait_for()
    disclosure = widget.locator("details.mentor-widget__switch")
    assert disclosure.get_attribute("open") is None
    switch = widget.get_by_role("button", name="Switch to Linus Berg")
    assert switch.is_hidden()  # the offers no longer crowd the mentor the learner just chose
    disclosure.locator("summary").click()
    assert switch.is_visible()
    assert "mentor-widget__button--plain" in switch.get_attribute("class")  # secondary, not primary
    colours = switch.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colours == "rgb(255, 255, 255)"
    assert widget.locator(".mentor-card--option .mentor-card__name").first.inner_text() == "Linus Berg"
    assert axe_violations(page) == []
    assert page.errors == []


STUDIO = "/scenario/studio_polish/studio_view/?student=staff_1"


@pytest.fixture
def empty_editor(site):
    from workbench.scenarios import add_xml_scenario

    add_xml_scenario("studio_polish", "An empty mentorship block", olx("empty.xml"))
    return STUDIO


def described_text(locator) -> str:
    """What a screen reader reads with a field (its aria-describedby), and what a person sees under it."""
    return locator.evaluate("""el => el.getAttribute('aria-describedby').split(' ')
        .map(id => document.getElementById(id)).filter(n => n && !n.hidden).map(n => n.textContent).join(' | ')""")


def test_the_editor_says_each_thing_once(page, empty_editor):
    page.goto(empty_editor)
    page.get_by_role("button", name="Add a segment").click()
    segment = page.locator(".mstudio__item").first
    segment.get_by_label("Start", exact=True).fill("0:05")
    segment.get_by_label("End", exact=True).fill("0:02")
    error = segment.locator("[data-error-for=end]")
    error.wait_for(state="visible")
    said = described_text(segment.get_by_label("End", exact=True)).lower()
    assert said.count("after the start") == 1, said  # the error, not the error under a hint that says it too
    page.locator("summary", has_text="Import or export OLX").click()
    page.get_by_label("OLX of a <mentorship> element").fill('<mentorship><segment id="x" title="T" url="nope"/></mentorship>')
    page.get_by_role("button", name="Import into the editor").click()
    errors = page.locator("[data-role=olx-errors]")
    errors.wait_for(state="visible")
    first = errors.locator("p").inner_text()
    assert first == "The OLX was not imported because of the problems below; the editor was not changed."
    page.wait_for_timeout(100)
    assert "not imported" not in page.locator(".mstudio [data-role=status]").inner_text()
    assert page.errors == []


def ask_for_a_change(page):
    """The learner on the page joins and asks for a different mentor; their widget, once it says so."""
    widget = page.locator("[data-role=mentor-widget]").first
    widget.get_by_role("button", name="Skip and join").click()
    widget.locator("[data-role=mw-status]", has_text="You joined").wait_for()
    widget.get_by_text("Ask for a different mentor").click()
    widget.get_by_label("Why would you like a different mentor?").fill("Our time zones do not overlap.")
    widget.get_by_role("button", name="Send request").click()
    widget.locator("[data-state=change_pending]").wait_for()
    return widget


def test_a_change_request_is_said_to_be_waiting_once(page, site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data()
    page.goto("/scenario/mentorship.0/?student=learner_once")
    widget = ask_for_a_change(page)
    text = widget.inner_text()
    assert text.count("Your request") == 1, text


def test_assign_and_reassign_name_a_mentors_free_places_the_same_way(page, context, site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data(record_blocks=False)
    choice = "/scenario/mentorship.3/?student={}"
    for student in ("learner_p", "learner_q"):
        learner = context.new_page()
        learner.goto(choice.format(student))
        widget = learner.locator("[data-role=mentor-widget]").first
        widget.get_by_role("button", name="Skip and join").click()
        widget.locator("[data-role=mw-status]", has_text="You joined").wait_for()
    learner.locator("[data-role=mentor-widget]").first.get_by_role("button", name="Choose Ada Okafor").click()
    learner.locator("[data-role=mw-status]", has_text="is now your mentor").wait_for()
    page.goto(choice.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    assign = board.locator("select[id^='assign-']").first
    assign.wait_for()
    reassign = board.locator("select[id^='reassign-']").first
    forms = assign.locator("option").all_inner_texts() + reassign.locator("option").all_inner_texts()
    assert forms and all(re.fullmatch(r".+ \(\d+ places? free\)", text) for text in forms), forms
    assert "Ada Okafor (1 place free)" in assign.locator("option").all_inner_texts()


# Options whose text does not fit their closed <select> (its font, its padding, and the arrow).
CUT_SELECTS = """root => [...root.querySelectorAll('select')].filter(s => s.offsetParent !== null).filter(s => {
  const style = getComputedStyle(s);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const longest = Math.max(...[...s.options].map(o => ctx.measureText(o.text).width));
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return longest > room;
}).map(s => s.dataset.path || s.dataset.field)"""


def test_the_editor_at_1280_px_disables_impossible_moves_fits_its_options_and_says_saved_by_save(browser, site):
    from tests.browser.conftest import new_context, new_page

    ctx = new_context(browser, site, viewport={"width": 1280, "height": 800})
    page = new_page(ctx)
    page.goto("/scenario/mentorship.0/studio_view/?student=staff_1")
    items = page.locator(".mstudio__item")
    count = items.count()
    assert items.first.locator("[data-action=up]").is_disabled()
    assert items.first.locator("[data-action=down]").is_enabled()
    assert items.nth(count - 1).locator("[data-action=down]").is_disabled()
    assert items.nth(1).locator("[data-action=up]").is_enabled()
    assert page.locator(".mstudio").evaluate(CUT_SELECTS) == []
    # Moving the second item up: the pressed button is now disabled, focus stays in the row.
    items.nth(1).locator("[data-action=up]").click()
    assert page.evaluate("() => document.activeElement.dataset.action") == "down"
    assert items.first.locator("[data-action=up]").is_disabled()
    save = page.get_by_role("button", name="Save")
    save.scroll_into_view_if_needed()
    save.click()
    status = page.locator(".mstudio [data-role=status]")
    page.wait_for_function("() => /^Saved/.test(document.querySelector('.mstudio [data-role=status]').textContent)")
    near, there = status.bounding_box(), save.bounding_box()
    assert abs(near["y"] - there["y"]) < 60  # beside the button the author pressed
    assert 0 <= near["y"] <= 800  # on screen
    assert axe_violations(page) == []
    ctx.close()


def gap(first, second) -> dict:
    """The space between two boxes: horizontal (second right of first) and vertical (second below first)."""
    a, b = first.bounding_box(), second.bounding_box()
    return {"x": b["x"] - (a["x"] + a["width"]), "y": b["y"] - (a["y"] + a["height"])}


def test_controls_keep_their_distance_and_one_action_leads(browser, site):
    """issue 23: the mail choice was unstyled and cramped against "Skip and join"; labels touched their fields;
    "Send report" touched "Cancel"; Hide and Dismiss were both primary; usernames wrapped at 1280 px."""
    from mentor_xblock.dev.demo import load_demo_data
    from tests.browser.conftest import new_context, new_page

    load_demo_data()
    ctx = new_context(browser, site, viewport={"width": 1280, "height": 900})
    module = "/scenario/mentorship.0/?student={}"
    page = new_page(ctx)
    page.goto(module.format("learner_m1"))
    widget = page.locator("[data-role=mentor-widget]").first
    prefs = widget.locator("form.mail-prefs")
    skip = widget.get_by_role("button", name="Skip and join")
    assert gap(skip, prefs)["y"] >= 12
    select, save = prefs.locator("select"), prefs.get_by_role("button", name="Save")
    assert gap(select, save)["x"] >= 8 or gap(select, save)["y"] >= 4
    assert save.evaluate("el => getComputedStyle(el).borderTopLeftRadius") == "6px"  # styled like the widget's buttons
    assert select.evaluate("el => getComputedStyle(el).borderTopLeftRadius") == "4px"
    skip.click()
    widget.locator("[data-role=mw-status]", has_text="You joined").wait_for()
    widget.get_by_text("Ask for a different mentor").click()
    widget.get_by_label("Why would you like a different mentor?").fill("Our time zones do not overlap.")
    widget.get_by_role("button", name="Send request").click()
    widget.locator("[data-state=change_pending]").wait_for()
    # Two learners answer the shared prompt; the second reports the first's answer.
    answer = "A colleague asked what I thought before the meeting, and I spoke up in that room for the first time in many weeks."
    for student in ("learner_m1", "learner_m2"):
        page.goto(module.format(student))
        write_and_submit(page, "moment", answer)
    section = prompt(page, "moment")
    section.get_by_role("button", name="Show other learners' responses").click()
    card = section.locator("[data-role=peers] article.response").first
    card.get_by_role("button", name="Report").first.click()
    assert gap(card.get_by_role("button", name="Send report"), card.get_by_role("button", name="Cancel"))["x"] >= 8
    card.get_by_role("button", name="Send report").click()
    card.locator(".flag-done").wait_for()

    page.goto(module.format("staff_1"))
    board = page.locator("[data-role=programme-dashboard]")
    request = board.locator(".queue__item", has=page.locator("label", has_text="New mentor")).first
    request.wait_for()
    for label_text in ("New mentor", "Note to the learner"):
        label = request.locator("label", has_text=label_text)
        field = page.locator("#" + label.get_attribute("for"))
        assert gap(label, field)["y"] >= 2, label_text  # above its field, not touching it
    report = board.locator(".queue__item", has=page.get_by_role("button", name="Dismiss the reports")).first
    report.wait_for()
    classes = [b.get_attribute("class") for b in report.locator(".queue__actions button").all()]
    assert classes.count("primary") == 1, classes
    assert "secondary" in report.get_by_role("button", name="Dismiss the reports").get_attribute("class")
    rows = board.locator("[data-role=learners] th[scope=row]")
    rows.first.wait_for()
    lines = rows.evaluate_all("""ths => ths.map(th => { const r = document.createRange(); r.selectNodeContents(th);
        return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; })""")
    assert lines and max(lines) == 1, lines  # usernames on one line
    assert axe_violations(page) == []
    ctx.close()


def test_the_unsubscribe_page_is_styled_names_the_course_and_leads_back(page, site):
    """issue 23: the page was unstyled serif, named no course and had no way back."""
    from mentor_xblock.dev.courses import DEV_COURSE_KEY
    from mentor_xblock.dev.demo import load_demo_data
    from mentor_xblock.dev.user_service import anonymous_id_for
    from mentor_xblock.services.notifications import unsubscribe_token

    load_demo_data()
    token = unsubscribe_token(DEV_COURSE_KEY, anonymous_id_for("learner_u"))
    page.goto(f"/mentor_xblock/unsubscribe/{token}/")
    assert page.get_by_role("heading", name="You are unsubscribed").is_visible()
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "serif" not in font.replace("sans-serif", "")  # not the browser's default serif
    card = page.locator("main")
    assert card.evaluate("el => getComputedStyle(el).borderTopLeftRadius") == "8px"
    assert "Mentoring demo course" in card.inner_text()
    assert page.locator("script").count() == 0 and page.locator("[style]").count() == 0
    assert axe_violations(page, "main") == []
    page.get_by_role("button", name="Turn mentoring email back on").click()
    page.get_by_role("heading", name="Mentoring email is on again").wait_for()
    back = page.get_by_role("link", name="Back to Mentoring demo course")
    href = back.get_attribute("href")  # absolute, from the site's configured root (LMS_ROOT_URL)
    assert href.endswith("/scenario/mentorship.0/"), href
    page.goto("/" + href.split("/", 3)[3])
    page.locator(".mentorship").first.wait_for()  # the course's page, with the block
    assert page.errors == []


def test_the_answer_to_a_change_request_can_be_dismissed(page, site):
    """issue 23: "The programme team approved your request…" stayed in the widget forever."""
    from django.utils import timezone

    from mentor_xblock.dev.demo import load_demo_data
    from mentor_xblock.models import ChangeRequest

    load_demo_data()
    page.goto("/scenario/mentorship.0/?student=learner_note")
    widget = ask_for_a_change(page)
    ChangeRequest.objects.update(status=ChangeRequest.DECLINED, resolved_at=timezone.now(), note="Try one more month.")
    page.reload()
    answer = widget.locator("[data-role=mw-change-answer]")
    assert "declined your request" in answer.inner_text() and "Try one more month." in answer.inner_text()
    answer.get_by_role("button", name="Dismiss this note").click()
    widget.locator("[data-role=mw-status]", has_text="The note was dismissed.").wait_for()
    assert answer.count() == 0
    page.reload()
    assert widget.locator("[data-role=mw-change-answer]").count() == 0
    assert page.errors == []
