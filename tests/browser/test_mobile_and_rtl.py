"""The learner view as the Open edX apps show it (375 px, touch) and in a right-to-left language,
in real Chromium: nothing wider than the screen, nothing cut off or overlapping, taps work, the
Arabic view mirrored (dir="rtl" on the block root), and axe finds nothing on the block."""
import os

import pytest

from tests.browser.conftest import axe_violations, new_context, new_page

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("MENTOR_SCREENSHOTS")  # a directory to keep screenshots in, when set

# Every visible control and text block inside the block root, with its box.
LAYOUT = """root => {
  const box = root.getBoundingClientRect();
  // Scrolled out of a scrolling box (a long transcript): hidden by design, not cut off.
  const clipped = el => { const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') { const p = a.getBoundingClientRect();
        if (r.top < p.top - 1 || r.bottom > p.bottom + 1 || r.left < p.left - 1 || r.right > p.right + 1) return true; } }
    return false; };
  const items = [...root.querySelectorAll('button, a, input, select, textarea, label, h2, h3, h4, p, video, iframe')]
    .filter(el => el.offsetParent !== null && !el.closest('.sr-only, [hidden]') && !clipped(el)
                  && !(el.closest('details:not([open])') && !el.closest('summary')))  // a closed <details>' content
    .map(el => { const r = el.getBoundingClientRect();
                 return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
                         left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
                         parent: el.parentElement === null ? '' : el.parentElement.className}; })
    .filter(r => r.width > 0 && r.height > 0);
  return {root: {left: box.left, right: box.right, width: box.width}, items: items,
          block: {scroll: root.scrollWidth, client: root.clientWidth},
          dir: getComputedStyle(root).direction, attr: root.getAttribute('dir')};
}"""


def layout(page):
    page.wait_for_load_state("networkidle")  # scripts have built the view (measuring earlier catches it mid-way)
    return page.locator(".mentorship").first.evaluate(LAYOUT)


def cut_off(data):
    """Items that stick out of the block's box (1 px of rounding allowed)."""
    left, right = data["root"]["left"] - 1, data["root"]["right"] + 1
    return [item["text"] or item["tag"] for item in data["items"] if item["left"] < left or item["right"] > right]


def overlapping(data):
    """Pairs of controls (buttons, links, fields) whose boxes overlap by more than 2 px each way."""
    controls = [i for i in data["items"] if i["tag"] in ("BUTTON", "A", "INPUT", "SELECT", "TEXTAREA")]
    found = []
    for n, a in enumerate(controls):
        for b in controls[n + 1:]:
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > 2 and dy > 2:
                found.append((a["text"], a["tag"], a["parent"], b["text"], b["tag"], b["parent"]))
    return found


@pytest.fixture
def demo(site):
    from mentor_xblock.dev.demo import load_demo_data

    load_demo_data()
    return site


@pytest.fixture
def phone(browser, demo):
    """The apps' web view: 375 px wide (a layout viewport of that width, as the apps' pages set it), touch."""
    ctx = new_context(browser, demo, stubs=False, viewport={"width": 375, "height": 812}, has_touch=True,
                      device_scale_factor=2)
    yield new_page(ctx)
    ctx.close()


@pytest.fixture
def arabic(browser, demo):
    ctx = new_context(browser, demo, stubs=False, viewport={"width": 1000, "height": 900}, locale="ar")
    yield new_page(ctx)
    ctx.close()


@pytest.mark.parametrize("scenario", ["mentorship.0", "mentorship.4"])  # the full module; the mentor-assessed one
def test_the_learner_view_fits_a_phone_and_works_by_touch(phone, scenario):
    phone.goto(f"/scenario/{scenario}/?student=student_1")
    phone.locator(".mentorship").first.wait_for()
    data = layout(phone)
    assert data["root"]["width"] <= 375, "the block is wider than the screen"
    assert data["block"]["scroll"] <= data["block"]["client"] + 1, "the block scrolls sideways at 375 px"
    assert cut_off(data) == [] and overlapping(data) == []
    # Touch: joining the programme is a tap, no hover needed.
    phone.get_by_role("button", name="Skip and join").first.tap()
    phone.locator("[data-role=mw-status]", has_text="You joined the mentor programme.").first.wait_for()
    if SHOTS:
        phone.screenshot(path=os.path.join(SHOTS, f"phone-{scenario}.png"), full_page=True)
    assert axe_violations(phone) == []
    assert phone.errors == []


def test_the_arabic_view_is_mirrored_and_nothing_is_cut_or_overlapping(arabic):
    arabic.goto("/scenario/mentorship.0/?student=student_1")
    arabic.locator(".mentorship").first.wait_for()
    data = layout(arabic)
    assert (data["attr"], data["dir"]) == ("rtl", "rtl")
    assert arabic.locator(".mentorship").first.get_attribute("lang") == "ar"
    assert "الانضمام إلى البرنامج" in arabic.locator(".mentorship").first.inner_text() or \
        "تخطَّ وانضم" in arabic.locator(".mentorship").first.inner_text()
    # Mirrored: headings start at the right edge of the block.
    title = arabic.locator(".mentorship__title").first.bounding_box()
    root = arabic.locator(".mentorship").first.bounding_box()
    assert abs((root["x"] + root["width"]) - (title["x"] + title["width"])) < 40
    assert cut_off(data) == [] and overlapping(data) == []
    if SHOTS:
        arabic.screenshot(path=os.path.join(SHOTS, "arabic.png"), full_page=True)
    assert axe_violations(arabic) == []
    assert arabic.errors == []


# True when the last character of the element's text (a period, a question mark) is drawn to the
# right of the one before it: English keeps its period at its end inside a right-to-left page.
ENDS_AT_RIGHT = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) { if (walker.currentNode.textContent.trim()) { last = walker.currentNode; } }
  const n = last.textContent.replace(/\\s+$/, '').length;
  const range = document.createRange();
  range.setStart(last, n - 1); range.setEnd(last, n);
  const end = range.getBoundingClientRect();
  range.setStart(last, n - 2); range.setEnd(last, n - 1);
  return end.left > range.getBoundingClientRect().left;
}"""


def test_english_text_in_the_arabic_view_keeps_its_period_at_its_end(arabic):
    """issue 23: authors' and learners' text is isolated (dir="auto", <bdi>), so English sentences in the
    right-to-left page read "…the same way." and not ".the same way"."""
    arabic.goto("/scenario/mentorship.0/?student=student_1")
    block = arabic.locator(".mentorship").first
    block.wait_for()
    prompt = block.locator("section.prompt[data-prompt-id='moment']")
    assert prompt.locator(".prompt__text").evaluate(ENDS_AT_RIGHT)
    assert block.locator("section.prompt[data-prompt-id='your-why'] .prompt__text").evaluate(ENDS_AT_RIGHT)
    assert block.locator(".segment__note p").first.evaluate(ENDS_AT_RIGHT)
    # Headings keep the page's alignment (at the right) while their English text is isolated.
    assert block.locator(".segment__title bdi").first.evaluate("el => getComputedStyle(el).direction") == "ltr"
    answer = ("A colleague asked me what I thought before the meeting, and that small question made me speak up "
              "for the first time in a long while.")
    prompt.locator("textarea").first.fill(answer)
    prompt.locator("button[type=submit]").first.click()
    prompt.locator("article.response .response__text").wait_for()
    assert prompt.locator("article.response .response__text").evaluate(ENDS_AT_RIGHT)
    assert arabic.errors == []
