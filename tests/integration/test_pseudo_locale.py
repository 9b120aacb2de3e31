"""Every view for every role, and every handler's refusals, in the pseudo-locale "eo" (every letter
of every message accented by tools/translations.py): English left anywhere is a string that was
never marked for translation, or a message the adapter did not translate.

A sentence counts as English when it still has common English words in plain ASCII; what the
learners, mentors and author wrote (the world's content) is removed first, since it is not ours
to translate. The handler table and its world come from test_hostile_input (every handler, every
role, the same hostile bodies).
"""
from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from tests.integration.test_hostile_input import HANDLERS, ROLES, get_queries, post_bodies, world  # noqa: F401

EO = {"HTTP_ACCEPT_LANGUAGE": "eo"}
# Words of English sentences (not names, ids or technical tokens).
ENGLISH = set("""the and are must not was were this that with your you has have can only been from
into than then when what which who will would should there their they them these those here
request required field number whole valid text mentor mentors learner learners response responses
reply segment prompt page video transcript please cannot could does not already answer choose
save saved sign join programme course staff change because""".split())
# Written by people in the world (test_hostile_input's OLX and fixture), shown as they wrote it.
CONTENT = [
    "Start with why", "Simon Sinek", "Why this clip matters.", "People don't buy what you do.",
    "What will you change first?", "Share one habit of a good leader.", "Delegate more often", "Which task?",
    "The weekly report", "Time zones", "Listening first, always", "A draft", "Off topic", "Thanks", "Edited",
    "Hostile", "Habit of student_ann", "Habit of student_bob", "Mentor_Ada", "Mentor_Bea", "leadership", "careers",
]


def english_words(text: str) -> list[str]:
    for known in CONTENT:
        text = text.replace(known, " ")
    text = re.sub(r"\{\w*\}|%\(\w+\)[sd]", " ", text)  # placeholders, filled in later
    # Names with _ . or / (field names, files, addresses) are technical tokens, not sentences.
    return [word for word in re.findall(r"[\w./]+", text) if word.isascii() and word.isalpha()
            and word.lower() in ENGLISH]


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def page_texts(content: bytes) -> list[str]:
    """Visible text, labels and the views' JS catalogues of the blocks on a workbench page."""
    tree = lxml_html.fromstring(content.decode("utf-8"))
    found = []
    for block in tree.xpath("//*[contains(@class, 'xblock-v1')]"):
        for node in block.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"):
            found.append(str(node))
        for attr in ("aria-label", "title", "placeholder", "alt", "data-label"):
            found.extend(block.xpath(f".//@{attr}"))
        for script in block.xpath(".//script[@type='json/xblock-args']"):
            args = json.loads(json.loads(script.text)["json"]) if '"json"' in script.text else json.loads(script.text)
            for part in (args.get("i18n"), args.get("locale"), (args.get("dashboard") or {}).get("i18n"),
                         (args.get("mentoring") or {}).get("i18n")):
                found.extend(strings_in(part or {}))
    return [text for text in found if text.strip()]


def untranslated(texts) -> list[str]:
    return sorted({text.strip()[:120] for text in texts if english_words(text)})


def test_the_pseudo_locale_catalogue_is_compiled_and_used(workbench):
    page = workbench.client.get("/scenario/mentorship.1/student_view/", {"student": "student_1"}, **EO)
    assert 'lang="eo"' in page.content.decode()
    assert "Ƥłàý" in page.content.decode()  # "Play", accented: the catalogue is there and applied


@pytest.mark.parametrize("student", ROLES)
def test_every_view_in_the_pseudo_locale_has_no_english_left(world, student):  # noqa: F811
    from workbench.scenarios import get_scenarios

    views = ["student_view"] + (["studio_view", "author_view"] if student == "staff_1" else [])
    scenario = next(name for name, s in get_scenarios().items() if s.usage_id == world.usage)
    left = {}
    for view in views:
        page = world.client.get(f"/scenario/{scenario}/{view}/", {"student": student}, **EO)
        assert page.status_code == 200
        texts = page_texts(page.content)
        assert texts, view
        if untranslated(texts):
            left[view] = untranslated(texts)
    assert not left, f"English left for {student}: {left}"


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_every_refusal_of_every_handler_is_translated(world, handler):  # noqa: F811
    case = HANDLERS[handler]
    base = case.base(world)
    client = world.client
    left, refusals = {}, 0
    for student in ROLES:
        if case.method == "POST":
            url = world.url(handler, student, case.suffix)
            sent = [client.generic("POST", url, body, content_type=content_type, **EO)
                    for _label, body, content_type in list(post_bodies(base))[:40]]
            sent.append(client.get(url, **EO))  # the wrong method
        else:
            sent = [client.get(world.url(handler, student, case.suffix, query), **EO)
                    for _label, query in list(get_queries(base))[:40]]
        for response in sent:
            if 400 <= response.status_code < 500 and response.get("Content-Type", "").startswith("application/json"):
                refusals += 1
                texts = list(strings_in(response.json()))
                if untranslated(texts):
                    left[response.json()["error"][:100]] = student
    assert refusals, "no request was refused"
    assert not left, f"untranslated refusals of {handler}: {left}"
