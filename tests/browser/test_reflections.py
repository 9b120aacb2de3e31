"""Learners writing reflections in real Chromium: autosave, submit, peers, replies, flags, keyboard, axe."""
import re

import pytest

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Response
from tests.browser.conftest import axe_violations, new_page
from tests.conftest import olx

pytestmark = pytest.mark.browser


@pytest.fixture
def reflections(site):
    from workbench.scenarios import add_xml_scenario

    add_xml_scenario("reflections", "reflections", olx("reflections.xml"))
    return lambda student: f"/scenario/reflections/?student={student}"


def prompt(page, prompt_id):
    return page.locator(f"section.prompt[data-prompt-id='{prompt_id}']")


def write_and_submit(page, prompt_id, text):
    section = prompt(page, prompt_id)
    if section.get_by_role("button", name="Edit response").is_visible():  # submitted: shown once, edited in place
        section.get_by_role("button", name="Edit response").click()
    section.get_by_role("textbox", name="Your response").fill(text)
    section.get_by_role("button", name=re.compile("Submit response|Update response")).click()
    section.locator("[data-role=form-message]", has_text=re.compile("submitted|updated")).wait_for()
    return section


def test_draft_autosaves_and_survives_reload_then_submit(page, reflections):
    page.goto(reflections("learner_w"))
    section = prompt(page, "private")
    area = section.get_by_role("textbox", name="Your response")
    area.click()
    page.keyboard.type("I will ask before I")
    section.locator("[data-role=count]", has_text="5 of at least 3 words").wait_for()
    section.locator("[data-role=draft-status]", has_text="Draft saved").wait_for()
    page.reload()
    assert prompt(page, "private").get_by_role("textbox", name="Your response").input_value() == "I will ask before I"
    # Too short is refused in the page before any request, with a message.
    prompt(page, "private").get_by_role("textbox", name="Your response").fill("Too short")
    prompt(page, "private").get_by_role("button", name="Submit response").click()
    assert "at least 3 words" in prompt(page, "private").locator("[data-role=form-message]").inner_text()
    write_and_submit(page, "private", "I will ask before I decide, every time. https://example.com/plan")
    thread = prompt(page, "private").locator("[data-role=thread] article.response")
    assert "I will ask before I decide" in thread.inner_text()
    assert thread.get_by_role("link", name="https://example.com/plan").get_attribute("rel").startswith("nofollow")
    # Shown once: the card holds the response and the form stays closed until "Edit response".
    assert prompt(page, "private").get_by_role("textbox", name="Your response").is_hidden()
    page.reload()
    assert prompt(page, "private").get_by_role("textbox", name="Your response").is_hidden()
    prompt(page, "private").get_by_role("button", name="Edit response").click()
    assert prompt(page, "private").get_by_role("textbox", name="Your response").evaluate("node => node === document.activeElement")
    assert prompt(page, "private").get_by_role("button", name="Update response").is_visible()
    assert page.errors == []


def test_leaving_with_unsaved_text_warns(page, reflections):
    page.goto(reflections("learner_u"))
    prompt(page, "open").get_by_role("textbox", name="Your response").fill("unsaved words")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("() => { window.__leave = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(window.__leave); }")
    assert page.evaluate("() => window.__leave.defaultPrevented") is True


def test_peers_see_each_other_after_speaking_reply_and_flag(page, context, reflections):
    page.goto(reflections("learner_a"))
    write_and_submit(page, "open", "Listen <b>first</b>, then decide.")
    other = context.new_page()
    other.goto(reflections("learner_b"))
    toggle = prompt(other, "open").get_by_role("button", name="Show other learners' responses")
    assert toggle.is_disabled()  # see others only after you have spoken, and the button says why
    why = prompt(other, "open").locator("#" + toggle.get_attribute("aria-describedby"))
    assert why.is_visible() and why.inner_text() == "Submit your own response to see what others wrote."
    write_and_submit(other, "open", "Give credit in public.")
    assert why.is_hidden()
    toggle.click()
    card = prompt(other, "open").locator("[data-role=peers] article.response").first
    card.wait_for()
    assert "Listen <b>first</b>, then decide." in card.inner_text()  # shown as text, not markup
    assert card.locator("b").count() == 0
    assert card.get_by_label("Reply to learner_a").is_hidden()  # reply boxes open on demand
    card.get_by_role("button", name="Reply to learner_a").click()
    card.get_by_label("Reply to learner_a").fill("Agreed, especially with new teams.")
    card.get_by_role("button", name="Post reply").click()
    card.locator(".reply", has_text="Agreed, especially").wait_for()
    card.get_by_role("button", name="Report").first.click()
    card.get_by_role("button", name="Cancel").click()  # nothing sent yet: a report can be taken back
    card.get_by_role("button", name="Report").first.click()
    card.get_by_label("Why are you reporting this? (optional)").fill("Off topic.")
    card.get_by_role("button", name="Send report").click()
    card.locator(".flag-done").wait_for()
    from mentor_xblock.models import Flag
    assert list(Flag.objects.values_list("reason", flat=True)) == ["Off topic."]
    # Sent, and still undoable until a moderator acts: focus is on "Undo report".
    undo = card.get_by_role("button", name="Undo report")
    assert undo.evaluate("node => node === document.activeElement")
    other.keyboard.press("Enter")
    card.locator(".flag-done", has_text="Your report was withdrawn.").wait_for()
    assert not Flag.objects.exists()
    card.get_by_role("button", name="Report").first.click()
    card.get_by_role("button", name="Send report").click()
    card.locator(".flag-done", has_text="Reported").wait_for()
    assert Flag.objects.count() == 1
    # The author sees the reply under their own response after reload.
    page.reload()
    own = prompt(page, "open").locator("[data-role=thread]")
    assert "Agreed, especially with new teams." in own.inner_text()
    assert "1 reply" in own.inner_text() and own.locator(".badge--new").count() == 1  # a count and a "new" marker


def test_keyboard_only_learner_writes_and_submits(page, reflections):
    page.goto(reflections("learner_k"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.dataset.role === 'answer'"):
            break
    else:
        pytest.fail("the response field is not reachable with Tab")
    page.keyboard.type("Keyboard only, three words at least.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    prompt(page, "private").locator("[data-role=form-message]", has_text="submitted").wait_for()


def test_axe_clean_with_threads_and_peers_open(page, context, reflections):
    page.goto(reflections("learner_y"))
    write_and_submit(page, "open", "Habits matter most.")
    page.goto(reflections("learner_x"))
    write_and_submit(page, "open", "Consistency builds trust.")
    write_and_submit(page, "private", "My plan has three words.")
    prompt(page, "open").get_by_role("button", name="Show other learners' responses").click()
    prompt(page, "open").locator("[data-role=peers] article.response").first.wait_for()
    assert axe_violations(page) == []


@pytest.mark.parametrize("student", ["mentor_ada", "staff_1"])
def test_course_staff_get_a_labelled_preview_not_a_learner_form(page, reflections, student):
    page.goto(reflections(student))
    preview = page.locator("[data-role=learner-preview]")
    assert not preview.evaluate("node => node.open")  # collapsed: their own work is elsewhere
    preview.locator("summary", has_text="Preview: what learners see in this block").focus()
    page.keyboard.press("Enter")
    assert prompt(page, "open").get_by_text("Learners answer this reflection here.").is_visible()
    assert prompt(page, "open").get_by_role("textbox", name="Your response").count() == 0
    assert page.get_by_text("Not watched yet").is_hidden()
    assert axe_violations(page) == []
    assert page.errors == []


def test_peers_list_pages_with_the_keyboard(page, reflections):
    from django.utils import timezone

    from mentor_xblock.dev.courses import DEV_COURSE_KEY
    from mentor_xblock.models import Response
    from workbench.scenarios import get_scenarios

    block = get_scenarios()["reflections"].usage_id
    Response.objects.bulk_create([
        Response(course_key=DEV_COURSE_KEY, block_key=block, prompt_id="open", learner_id=f"peer{n:02d}",
                 author_name=f"peer{n:02d}", text=f"Habit {n:02d}",
                 submitted_at=timezone.now() - timezone.timedelta(minutes=n))
        for n in range(25)
    ])
    page.goto(reflections("learner_pages"))
    write_and_submit(page, "open", "Show up on time.")
    section = prompt(page, "open")
    section.get_by_role("button", name="Show other learners' responses").click()
    section.get_by_text("25 responses from other learners").wait_for()
    assert section.locator("[data-role=peers] article.response").count() == 20
    assert "Habit 00" in section.locator("[data-role=peers] article.response").first.inner_text()  # newest first
    next_button = section.get_by_role("navigation", name="Page 1 of 2").get_by_role("button", name="Next page")
    next_button.focus()
    page.keyboard.press("Enter")
    section.get_by_role("navigation", name="Page 2 of 2").wait_for()
    assert section.locator("[data-role=peers] article.response").count() == 5
    assert "Habit 24" in section.locator("[data-role=peers] article.response").last.inner_text()


def test_two_devices_a_stale_draft_offers_both_texts(context, reflections):
    """The laptop saves first; the phone's autosave over the old version is refused and the phone
    shows both texts: keep mine overwrites, take the newer puts it in the box. Keyboard and axe too."""
    laptop, phone = new_page(context), new_page(context)
    for device in (laptop, phone):
        device.goto(reflections("learner_two"))
    laptop_box = prompt(laptop, "private").get_by_role("textbox", name="Your response")
    laptop_box.fill("Written on the laptop")
    prompt(laptop, "private").locator("[data-role=draft-status]", has_text="Draft saved").wait_for()
    section = prompt(phone, "private")
    section.get_by_role("textbox", name="Your response").fill("Written on the phone")
    choice = section.get_by_role("group", name=re.compile("changed on another device"))
    choice.wait_for()
    assert "Written on the laptop" in choice.get_by_role("region").inner_text()
    assert section.locator("[data-role=draft-status]").get_attribute("role") == "alert"
    draft = Response.objects.get(learner_id=anonymous_id_for("learner_two"), prompt_id="private")
    assert draft.draft == "Written on the laptop"  # the phone's save was refused: nothing overwritten
    assert axe_violations(phone) == []
    # Keep mine, from the keyboard: the phone's text is saved over the newer one, as chosen.
    choice.get_by_role("button", name="Keep my text").focus()
    phone.keyboard.press("Enter")
    section.locator("[data-role=draft-status]", has_text="Draft saved").wait_for()
    assert choice.count() == 0
    draft.refresh_from_db()
    assert draft.draft == "Written on the phone"
    # Now the laptop is stale: it takes the newer text instead.
    laptop_box.fill("The laptop goes on")
    laptop_choice = prompt(laptop, "private").get_by_role("group", name=re.compile("changed on another device"))
    laptop_choice.get_by_role("button", name="Use the newer text").click()
    assert laptop_box.input_value() == "Written on the phone"
    prompt(laptop, "private").locator("[data-role=draft-status]", has_text="newer text is now in the box").wait_for()
    laptop.reload()
    assert prompt(laptop, "private").get_by_role("textbox", name="Your response").input_value() == "Written on the phone"
    assert laptop.errors == [] and phone.errors == []
