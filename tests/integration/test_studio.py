"""Studio authoring on the real workbench runtime: editor, handlers, validation, OLX, duplicated blocks."""
import json
import re
import warnings
import pytest
from lxml import etree

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import SegmentProgress
from tests.conftest import olx
from tests.integration.test_video_handlers import age_clock

STAFF = "staff_1"
YT = "https://www.youtube.com/watch?v=qp0HIF3SfI4"
VTT = "WEBVTT\n\n00:01:00.000 --> 00:01:20.000\nStraddles the start\n\n00:05:00.000 --> 00:05:05.000\nAfter the end\n"


def editor_state(**overrides):
    state = {
        "display_name": "Built in Studio",
        "weight": "2",
        "content": {
            "items": [
                {"kind": "segment", "id": "why", "title": "Start with why", "expert": "Simon Sinek",
                 "expert_title": "Author", "url": YT, "start": "1:10", "end": "4:05", "note": "Watch the circle.",
                 "transcript": VTT, "transcript_format": "vtt"},
                {"kind": "prompt", "id": "your-why", "text": "What is your why?", "min_words": "30",
                 "visibility": "peers"},
            ],
            "completion": "segments+prompts",
            "grading": "participation",
            "watched_threshold": "0.85",
            "mentoring": {"strategy": "learner_choice", "mentors_per_learner": "2", "allow_change": False,
                          "tags": "Leadership, careers", "checkin_days": "14"},
        },
    }
    state.update(overrides)
    return state


def snapshot(workbench, usage_id):
    block = workbench.block(usage_id)
    return block.display_name, block.weight, block.content


@pytest.fixture
def empty(workbench):
    return workbench.add_scenario("empty", olx("empty.xml"))


def test_submit_saves_everything_and_the_learner_sees_it(workbench, empty):
    response = workbench.post(empty, "studio_submit", editor_state(), student=STAFF)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["saved"] is True and saved["display_name"] == "Built in Studio" and saved["weight"] == 2.0
    assert saved["content"]["items"][0]["start"] == "1:10"  # the editor gets timecodes back
    data = workbench.block(empty).student_view_data()
    assert data["display_name"] == "Built in Studio"
    assert [(s["id"], s["start"], s["end"], s["provider"]) for s in data["segments"]] == [("why", 70, 245, "youtube")]
    assert data["prompts"] == [{"id": "your-why", "text": "What is your why?", "min_words": 30, "visibility": "peers",
                                "criteria": []}]
    assert data["mentoring"] == {"strategy": "learner_choice", "mentors_per_learner": 2, "allow_change": False,
                                 "tags": ["leadership", "careers"], "response_target_hours": 72, "nudge_days": 0,
                                 "mentor_approval": False, "request_expiry_days": 7, "checkin_days": 14}
    page = workbench.view("empty", student="student_1").content.decode()
    assert "Start with why" in page and "What is your why?" in page


def test_invalid_submit_lists_field_errors_and_saves_nothing(workbench, empty):
    before = snapshot(workbench, empty)
    state = editor_state(display_name="  ", weight="heavy")
    segment = state["content"]["items"][0]
    segment.update(url="https://example.com/page.html", end="1:00")
    state["content"]["items"].append({"kind": "prompt", "id": "why", "text": ""})
    state["content"]["mentoring"]["strategy"] = "lottery"
    response = workbench.post(empty, "studio_submit", state, student=STAFF)
    assert response.status_code == 400
    body = response.json()
    assert "nothing was saved" in body["error"]
    found = {(e["path"], e.get("item")) for e in body["errors"]}
    assert {("display_name", None), ("weight", None), ("segment[why].url", 0), ("segment[why].end", 0),
            ("prompt[why].id", 2), ("prompt[why].text", 2), ("mentoring.strategy", None)} <= found
    assert all(set(e) <= {"path", "message", "item"} and e["message"] for e in body["errors"])
    assert snapshot(workbench, empty) == before == ("New mentorship", 1.0, before[2])
    assert before[2]["items"] == []


@pytest.mark.parametrize("payload, status", [
    ("not json", 400),
    ([1, 2], 400),
    ({"display_name": "x"}, 400),  # no content
    ({"display_name": "x", "content": "items"}, 400),
    ({"display_name": "x", "content": {"items": "segment"}}, 400),
    ({"display_name": "x", "content": {"items": [{"kind": "video"}]}}, 400),
])
def test_malformed_submits_are_400_json(workbench, empty, payload, status):
    before = snapshot(workbench, empty)
    response = workbench.post(empty, "studio_submit", payload, student=STAFF)
    assert response.status_code == status and response.json()["error"]
    assert snapshot(workbench, empty) == before


@pytest.mark.parametrize("handler", ["studio_submit", "studio_check", "studio_import_olx", "studio_export_olx"])
@pytest.mark.parametrize("student", ["student_1", "learner_x"])
def test_learners_get_403_and_change_nothing(workbench, empty, handler, student):
    before = snapshot(workbench, empty)
    response = workbench.post(empty, handler, editor_state(), student=student)
    assert response.status_code == 403 and response.json()["error"]
    assert snapshot(workbench, empty) == before


def test_studio_check_reports_provider_times_and_cues(workbench, empty):
    item = editor_state()["content"]["items"][0]
    body = workbench.post(empty, "studio_check", {"item": item, "taken_ids": ["other"]}, student=STAFF).json()
    assert body["errors"] == {}
    assert body["info"]["provider"] == "youtube" and body["info"]["video_id"] == "qp0HIF3SfI4"
    assert (body["info"]["start"], body["info"]["end"], body["info"]["duration"]) == (70, 245, "2:55")
    assert (body["info"]["cues_in_clip"], body["info"]["cues_total"]) == (1, 2)
    bad = dict(item, url="https://vimeo.com/abc", end="1:00", id="other")
    body = workbench.post(empty, "studio_check", {"item": bad, "taken_ids": ["other"]}, student=STAFF).json()
    assert set(body["errors"]) == {"url", "end", "id"}
    assert body["errors"]["end"] == "must be after the start time"
    vimeo = dict(item, url="https://vimeo.com/76979871", start="5", end="1m")
    assert workbench.post(empty, "studio_check", {"item": vimeo}, student=STAFF).json()["info"]["video_id"] == "76979871"


@pytest.mark.parametrize("payload", [{}, {"item": "x"}, {"item": {}, "taken_ids": "a"}, {"item": {}, "taken_ids": ["a"] * 500}])
def test_studio_check_bad_input(workbench, empty, payload):
    response = workbench.post(empty, "studio_check", payload, student=STAFF)
    if payload.get("item") == {} and isinstance(payload.get("taken_ids"), list) and len(payload["taken_ids"]) < 200:
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and response.json()["error"]


def test_import_fills_the_editor_without_saving(workbench, empty):
    response = workbench.post(empty, "studio_import_olx", {"olx": olx("three_segments.xml")}, student=STAFF)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["display_name"] == "Three providers"
    assert [i["id"] for i in state["content"]["items"]] == ["yt", "vimeo", "local", "reflect"]
    assert state["content"]["items"][0]["start"] == "1:10"  # from the URL's t=70
    assert state["content"]["mentoring"]["tags"] == "leadership, careers"
    assert workbench.block(empty).content["items"] == []  # not saved
    # What import gives is what the editor submits: saving it is accepted as is.
    assert workbench.post(empty, "studio_submit", state, student=STAFF).status_code == 200
    assert [s["id"] for s in workbench.block(empty).student_view_data()["segments"]] == ["yt", "vimeo", "local"]


@pytest.mark.parametrize("text, expected", [
    ('<mentorship><segment id="a" title="A" url="https://youtu.be/qp0HIF3SfI4" start="9" end="3"/></mentorship>',
     '<segment id="a"> attribute "end"'),
    ('<mentorship><mentoring strategy="lottery"/></mentorship>', '<mentoring> attribute "strategy"'),
    ('<mentorship><video/></mentorship>', "<video>"),
    ('<sequential/>', "<sequential>"),
    ("<mentorship>", "not well-formed"),
    ('<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]><mentorship display_name="&e;"/>', "DOCTYPE"),
])
def test_import_errors_name_element_and_attribute(workbench, empty, text, expected):
    response = workbench.post(empty, "studio_import_olx", {"olx": text}, student=STAFF)
    assert response.status_code == 400
    body = response.json()
    assert any(expected in (e.get("location", "") + e["message"]) for e in body["errors"]), body
    assert "root:" not in response.content.decode()


def test_export_shows_saved_and_draft_olx(workbench, empty):
    workbench.post(empty, "studio_submit", editor_state(), student=STAFF)
    saved = workbench.post(empty, "studio_export_olx", {}, student=STAFF).json()["olx"]
    root = etree.fromstring(saved)
    assert root.tag == "mentorship" and root.get("display_name") == "Built in Studio"
    assert [c.tag for c in root] == ["segment", "prompt", "mentoring"]
    draft = editor_state(display_name="Draft")
    draft["content"]["items"].reverse()
    text = workbench.post(empty, "studio_export_olx", draft, student=STAFF).json()["olx"]
    assert [c.tag for c in etree.fromstring(text)] == ["prompt", "segment", "mentoring"]
    assert workbench.block(empty).display_name == "Built in Studio"  # export never saves
    bad = editor_state()
    bad["content"]["items"][0]["end"] = "soon"
    assert workbench.post(empty, "studio_export_olx", bad, student=STAFF).status_code == 400


def test_studio_view_and_author_view_render(workbench, empty):
    workbench.post(empty, "studio_submit", editor_state(), student=STAFF)
    page = workbench.view("empty", student=STAFF, view="studio_view").content.decode()
    assert "MentorStudioView" in page and "static/dist/studio.js" in page and "Move up" in page
    block = workbench.block(empty, student=STAFF)
    for view in ("studio_view", "author_view"):
        html = getattr(block, view)().content  # our markup, before the runtime wraps it
        assert "<script" not in html and "style=" not in html and " on" + "click" not in html  # CSP-safe
    author = workbench.view("empty", student=STAFF, view="author_view").content.decode()
    assert "Start with why" in author and "Simon Sinek" in author and "1:10–4:05" in author
    assert "What is your why?" in author and "Learners choose their mentor; 2 mentors per learner." in author
    assert "youtube-nocookie" not in author and "<iframe" not in author


def test_the_editor_brings_its_own_save_and_cancel_for_studios_modal(workbench, empty):
    """Studio's edit modal shows its own Save/Cancel unless the editor's root has `editor-with-buttons`
    (cms/static/js/views/xblock_editor.js hasCustomButtons); ours close it through runtime.notify
    (tests/browser/test_studio.py drives that)."""
    html = workbench.block(empty, student=STAFF).studio_view().content
    root = re.search(r'<div class="([^"]*)" id="[^"]*-studio"', html)
    assert root and "editor-with-buttons" in root.group(1).split()
    assert html.count('data-action="save"') == 1 and html.count('data-action="cancel"') == 1


def test_validate_messages(workbench, empty):
    messages = lambda: [(m.type, m.text) for m in workbench.block(empty).validate().messages]  # noqa: E731
    assert [t for t, _ in messages()] == ["error"]
    assert "no video segments" in messages()[0][1]
    state = editor_state()
    state["content"]["items"][0]["transcript"] = ""
    state["content"]["mentoring"] = None
    workbench.post(empty, "studio_submit", state, student=STAFF)
    found = messages()
    assert [t for t, _ in found] == ["warning", "warning"]
    assert "“why” has no transcript" in found[0][1] and "“your-why” is shared with peers" in found[1][1]
    block = workbench.block(empty)
    item = dict(block.content["items"][0])
    block.content = dict(block.content, items=[item, dict(item)])  # duplicate ids: impossible through the editor
    block.save()
    found = messages()
    assert found[0][0] == "error" and "used twice" in found[0][1]


def test_duplicated_blocks_keep_separate_progress(workbench):
    """Studio's duplicate copies segment ids; learner data is keyed by usage id, so copies don't share it."""
    unit = workbench.add_scenario("twins", olx("twin_blocks.xml"))
    first, second = workbench.block(unit).children
    assert first != second
    workbench.view("twins")
    workbench.post(first, "record_progress", {"segment_id": "clip", "intervals": []})
    age_clock("student_1", 600)
    state = workbench.post(first, "record_progress", {"segment_id": "clip", "intervals": [[2, 14]]}).json()
    assert state["watched"] is True
    other = workbench.get(second, "student_view_user_state").json()
    assert other["segments"]["clip"]["watched"] is False and other["segments"]["clip"]["coverage"] == 0
    mine = workbench.get(first, "student_view_user_state").json()
    assert mine["segments"]["clip"]["watched"] is True
    rows = SegmentProgress.objects.filter(learner_id=anonymous_id_for("student_1"))
    assert {row.block_key for row in rows} == {str(first)}


def test_block_export_imports_into_another_course_without_loss(workbench, empty):
    """What Studio exports (add_xml_to_node) is what the runtime's import (parse_xml) reads back."""
    workbench.post(empty, "studio_submit", editor_state(), student=STAFF)
    original = workbench.block(empty)
    node = etree.Element("mentorship")
    original.add_xml_to_node(node)
    copy = workbench.add_scenario("copy", etree.tostring(node, encoding="unicode"))
    imported = workbench.block(copy)
    assert imported.content == original.content
    assert (imported.display_name, imported.weight) == (original.display_name, original.weight)
    assert imported.student_view_data() == {**original.student_view_data(), "segments": imported.student_view_data()["segments"]}
    assert [s["transcript_url"] is not None for s in imported.student_view_data()["segments"]] == [True]


def test_editor_saves_long_transcripts_and_refuses_oversized_bodies_as_json(workbench, empty):
    long_vtt = "WEBVTT\n\n" + "".join(
        f"00:{m:02d}:{s:02d}.000 --> 00:{m:02d}:{s:02d}.900\nA long line of transcript text to fill the file.\n\n"
        for m in range(1, 4) for s in range(60)
    ) * 40  # about 600 KB: more than ordinary handlers accept
    state = editor_state()
    state["content"]["items"][0]["transcript"] = long_vtt
    assert len(long_vtt) > 500_000
    response = workbench.post(empty, "studio_submit", state, student=STAFF)
    assert response.status_code == 200, response.content[:300]
    before = snapshot(workbench, empty)
    state["content"]["items"][0]["transcript"] = long_vtt + "x" * 2_600_000  # over Django's 2.5 MB request limit
    too_big = workbench.post(empty, "studio_submit", state, student=STAFF)
    assert too_big.status_code == 400 and "larger than" in too_big.json()["error"]
    assert snapshot(workbench, empty) == before


def test_editor_save_where_authored_fields_are_read_only_is_a_403_not_a_500(workbench, empty):
    """In the LMS, LmsFieldData keeps content and settings read-only (InvalidScopeError on write);
    course staff who reach the editor's handler there are told to edit in Studio."""
    from webob import Request
    from xblock.field_data import ReadOnlyFieldData

    block = workbench.block(empty, STAFF)
    before = (block.display_name, block.content)
    with warnings.catch_warnings():  # swapping a block's field data is deprecated, and just what this test needs
        warnings.simplefilter("ignore")
        block._field_data = ReadOnlyFieldData(block._field_data)  # pylint: disable=protected-access
    request = Request.blank("/", method="POST", body=json.dumps(editor_state()).encode(),
                            content_type="application/json")
    response = block.runtime.handle(block, "studio_submit", request)
    assert response.status_code == 403 and "Studio" in json.loads(response.body)["error"]
    fresh = workbench.block(empty, STAFF)
    assert (fresh.display_name, fresh.content) == before


def test_removing_answered_items_is_refused_until_the_author_confirms(workbench, empty):
    """issue 23: a save that drops a prompt with answers (or a segment with progress) hides learners'
    work; the editor must ask first, so the save path refuses it without `confirm_removal`."""
    assert workbench.post(empty, "studio_submit", editor_state(), student=STAFF).status_code == 200
    workbench.view("empty", student="student_1")
    answer = {"prompt_id": "your-why", "text": " ".join(["word"] * 30)}
    assert workbench.post(empty, "submit_response", answer, student="student_1").status_code == 200
    SegmentProgress.objects.create(course_key="c", block_key=str(workbench.block(empty).scope_ids.usage_id),
                                   learner_id="a1", segment_id="why", watched_seconds=5,
                                   first_report_at="2026-01-01T00:00:00Z")
    without = editor_state()
    without["content"]["items"] = []
    before = snapshot(workbench, empty)
    refused = workbench.post(empty, "studio_submit", without, student=STAFF)
    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert "Nothing was saved" in body["error"] and "confirm" in body["error"]
    assert [(r["kind"], r["id"], r["learners"]) for r in body["removals"]] == [("segment", "why", 1),
                                                                              ("prompt", "your-why", 1)]
    assert body["removals"][1]["message"] == "Prompt “What is your why?”: 1 learner's answer would be hidden."
    assert snapshot(workbench, empty) == before
    assert workbench.post(empty, "studio_submit", dict(without, confirm_removal="yes"),
                          student=STAFF).status_code == 400
    confirmed = workbench.post(empty, "studio_submit", dict(without, confirm_removal=True), student=STAFF)
    assert confirmed.status_code == 200 and confirmed.json()["content"]["items"] == []


def test_removing_items_nobody_used_needs_no_confirmation(workbench, empty):
    assert workbench.post(empty, "studio_submit", editor_state(), student=STAFF).status_code == 200
    workbench.view("empty", student="student_1")
    draftless = editor_state()
    draftless["content"]["items"] = draftless["content"]["items"][:1]
    assert workbench.post(empty, "studio_submit", draftless, student=STAFF).status_code == 200
