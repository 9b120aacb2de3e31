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
