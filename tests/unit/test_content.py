"""The one validator (OLX import, Studio editor, stored field) and the authoring helpers around it."""
import pytest

from mentor_xblock.core.content import (
    Content, ContentError, FieldError, Mentoring, Prompt, Segment, check_item, review, to_editor, validate_content,
    validate_settings,
)

YT = "https://www.youtube.com/watch?v=qp0HIF3SfI4"
VTT = "WEBVTT\n\n00:01:00.000 --> 00:01:20.000\nStraddles\n\n00:02:00.000 --> 00:02:05.000\nInside\n\n00:09:00.000 --> 00:09:05.000\nAfter\n"


def segment(**fields):
    return {"kind": "segment", "id": "why", "title": "Start with why", "url": YT, "start": "1:10", "end": "4:05",
            **fields}


def prompt(**fields):
    return {"kind": "prompt", "id": "p1", "text": "What is your why?", **fields}


def errors_of(raw) -> dict:
    with pytest.raises(ContentError) as caught:
        validate_content(raw)
    return {(e.path, e.item): e.message for e in caught.value.errors}


def test_valid_content_is_normalised():
    content = validate_content({
        "items": [segment(title="  Start with why \r\n", transcript=VTT, note="a\r\nb"), prompt(min_words="30")],
        "mentoring": {"strategy": "manual", "mentors_per_learner": "2", "allow_change": "false",
                      "tags": "Leadership, careers ,leadership"},
        "watched_threshold": "0.8",
    })
    seg, pr = content.items
    assert isinstance(seg, Segment) and (seg.start, seg.end, seg.title, seg.note) == (70, 245, "Start with why", "a\nb")
    assert isinstance(pr, Prompt) and pr.min_words == 30 and pr.visibility == "mentor"
    assert content.mentoring == Mentoring("manual", 2, False, ["leadership", "careers"])
    assert (content.completion, content.grading, content.watched_threshold) == ("segments+prompts", "participation", 0.8)


def test_every_error_is_reported_with_its_item_position():
    found = errors_of({
        "items": [segment(), segment(id="why", url="ftp://x", start="9:00", end="1:00", title=""),
                  prompt(id="bad id!", text="", min_words="many", visibility="public")],
        "mentoring": {"strategy": "random", "tags": ["Fine", "NOT, OK!"]},
        "completion": "never", "grading": "curve", "watched_threshold": "2",
    })
    assert found[("segment[why].id", 1)].startswith("id 'why' is used twice")
    assert ("segment[why].url", 1) in found and ("segment[why].title", 1) in found
    assert found[("segment[why].end", 1)] == "must be after the start time"
    assert {("prompt[bad id!].id", 2), ("prompt[bad id!].text", 2), ("prompt[bad id!].min_words", 2),
            ("prompt[bad id!].visibility", 2)} <= set(found)
    assert {("mentoring.strategy", None), ("mentoring.tags", None), ("completion", None), ("grading", None),
            ("watched_threshold", None)} <= set(found)
    assert not any(item == 0 for _, item in found)  # the first segment is fine


@pytest.mark.parametrize("fields, path, message", [
    ({"end": ""}, "segment[why].end", "is required"),
    ({"start": "1:75"}, "segment[why].start", "not a valid time"),
    ({"title": "x\x00y"}, "segment[why].title", "control characters"),
    ({"note": "\ufffe"}, "segment[why].note", "control characters"),
    ({"transcript": "not a transcript at all -->"}, "segment[why].transcript", ""),
    ({"transcript": VTT, "transcript_format": "docx"}, "segment[why].transcript", "must be one of vtt, srt"),
    ({"title": "t" * 201}, "segment[why].title", "longer than 200"),
])
def test_segment_field_errors(fields, path, message):
    found = errors_of({"items": [segment(**fields)]})
    assert (path, 0) in found and message in found[(path, 0)]


def test_times_in_the_url_fill_what_attributes_leave_out():
    content = validate_content({"items": [segment(url="https://youtu.be/qp0HIF3SfI4?t=70", start="", end="245")]})
    assert (content.items[0].start, content.items[0].end) == (70, 245)
    content = validate_content({"items": [segment(url=YT + "&start=10&end=20", start=None, end=None)]})
    assert (content.items[0].start, content.items[0].end) == (10, 20)


def test_no_transcript_means_default_format():
    content = validate_content({"items": [segment(transcript="  ", transcript_format="srt")]})
    assert (content.items[0].transcript, content.items[0].transcript_format) == ("", "vtt")


@pytest.mark.parametrize("raw", [[], "x", {"items": "x"}, {"items": [{"kind": "video"}]}, {"items": [], "mentoring": 3}])
def test_structural_errors(raw):
    with pytest.raises(ContentError):
        validate_content(raw)


def test_field_error_json():
    assert FieldError("a.b", "m").to_json() == {"path": "a.b", "message": "m"}
    assert FieldError("a.b", "m", 3).to_json() == {"path": "a.b", "message": "m", "item": 3}


@pytest.mark.parametrize("raw, expected", [
    ({"display_name": " Name ", "weight": "2.5"}, {"display_name": "Name", "weight": 2.5}),
    ({"display_name": "Name"}, {"display_name": "Name"}),
    ({"weight": 0}, {"weight": 0.0}),
    ({}, {}),
])
def test_settings(raw, expected):
    assert validate_settings(raw) == expected


@pytest.mark.parametrize("raw, path", [
    ({"display_name": ""}, "display_name"), ({"display_name": "x" * 201}, "display_name"),
    ({"weight": "nan"}, "weight"), ({"weight": "inf"}, "weight"), ({"weight": -1}, "weight"),
    ({"weight": True}, "weight"), ({"weight": [1]}, "weight"), ({"weight": "heavy"}, "weight"),
])
def test_bad_settings(raw, path):
    with pytest.raises(ContentError) as caught:
        validate_settings(raw)
    assert [e.path for e in caught.value.errors] == [path]


@pytest.mark.parametrize("raw, path", [
    # Values Python itself chokes on: float(10**400) overflows, "1"*400 reads as infinity.
    ({"weight": 10**400}, "weight"), ({"weight": "1" * 400}, "weight"), ({"weight": 1e300}, "weight"),
    ({"weight": float("nan")}, "weight"), ({"weight": {}}, "weight"), ({"weight": "-50"}, "weight"),
    ({"display_name": None}, "display_name"), ({"display_name": 7}, "display_name"),
    ({"display_name": "x" * 100_000}, "display_name"), ({"display_name": "a\x00b"}, "display_name"),
])
def test_hostile_settings_are_field_errors(raw, path):
    with pytest.raises(ContentError) as caught:
        validate_settings(raw, require_display_name=True) if "display_name" in raw else validate_settings(raw)
    assert [e.path for e in caught.value.errors] == [path]
    assert all(len(e.message) < 120 for e in caught.value.errors)  # a refused value is quoted, never echoed whole


def test_display_name_is_optional_unless_the_editor_asks():
    assert validate_settings({"display_name": None}) == {}
    with pytest.raises(ContentError, match="display_name: is required"):
        validate_settings({}, require_display_name=True)


@pytest.mark.parametrize("threshold", [10**400, "1" * 400, float("inf"), "nan", True, [0.9], {"x": 1}])
def test_hostile_watched_threshold_is_a_field_error(threshold):
    assert ("watched_threshold", None) in errors_of({"watched_threshold": threshold})


@pytest.mark.parametrize("field, value", [
    ("title", ["a"]), ("title", {"a": 1}), ("note", 5), ("url", True), ("expert", 1.5),
])
def test_text_fields_must_be_text(field, value):
    assert errors_of({"items": [segment(**{field: value})]})[(f"segment[why].{field}", 0)] == "must be text"


@pytest.mark.parametrize("tags", [5, True, {"a": 1}, ["ok", 3]])
def test_tags_of_the_wrong_type_are_a_field_error(tags):
    assert ("mentoring.tags", None) in errors_of({"mentoring": {"tags": tags}})


def test_editor_form_validates_back_to_the_same_content():
    content = validate_content({
        "items": [segment(transcript=VTT, note="n"), prompt(min_words=5, visibility="peers")],
        "mentoring": {"tags": "a,b"}, "completion": "prompts",
    })
    editor = to_editor(content)
    assert editor["items"][0]["start"] == "1:10" and editor["items"][0]["end"] == "4:05"
    assert editor["mentoring"]["tags"] == "a, b"
    assert validate_content(editor) == content
    assert validate_content(to_editor(Content())) == Content()


def test_check_item_for_a_segment():
    report = check_item(segment(transcript=VTT), taken_ids=["p1"])
    assert report["errors"] == {}
    assert report["info"] == {"provider": "youtube", "video_id": "qp0HIF3SfI4", "start": 70, "end": 245,
                              "duration": "2:55", "start_label": "1:10", "end_label": "4:05",
                              "cues_total": 3, "cues_in_clip": 2}
    vimeo = check_item(segment(url="https://vimeo.com/76979871/8ee0fa3b5c", start="", end="1m"))
    assert vimeo["info"]["provider"] == "vimeo" and vimeo["info"]["video_id"] == "76979871:8ee0fa3b5c"
    html5 = check_item(segment(url="https://cdn.example.org/a.mp4", start="5", end="1h2m3s"))
    assert html5["info"]["provider"] == "html5" and html5["info"]["end"] == 3723


def test_check_item_reports_errors_per_field():
    report = check_item(segment(id="p1", url="https://example.com/", end="1:00", transcript="garbage"),
                        taken_ids=["p1"])
    assert set(report["errors"]) == {"id", "url", "end", "transcript"}
    assert "provider" not in report["info"] and "cues_total" not in report["info"]
    assert check_item(prompt(text="", min_words=-1))["errors"].keys() == {"text", "min_words"}
    assert check_item({"kind": "poll"})["errors"] == {"kind": "must be a segment or a prompt"}
    assert check_item("segment")["errors"]


def test_review_flags_what_studio_should_warn_about():
    assert review(Content()) == [("error", "no_segments", "")]
    content = validate_content({"items": [prompt(visibility="peers")]})
    assert review(content) == [("warning", "no_segments", ""), ("warning", "peers_without_mentoring", "p1")]
    content = validate_content({"items": [segment(), prompt(visibility="peers")], "mentoring": {}})
    assert review(content) == [("warning", "no_transcript", "why")]
    assert review(validate_content({"items": [segment(transcript=VTT)]})) == []


@pytest.mark.parametrize(
    "src, ok",
    [
        ("/static/why.vtt", True),
        ("/static/sub/dir/why.SRT", True),
        ("/asset-v1:Org+Course+Run+type@asset+block@why.vtt", True),
        ("/resource/mentorship/static/demo/clip.vtt", True),
        ("https://example.com/why.vtt", False),
        ("//evil.example/why.vtt", False),
        ("/static/../settings.vtt", False),
        ("/static/why.txt", False),
        ("/static/why.vtt?x=1", False),
        ("/etc/passwd.vtt", False),
    ],
)
def test_transcript_src_accepts_course_assets_only(src, ok):
    raw = {"items": [{"kind": "segment", "id": "s", "title": "T", "url": "/static/a.mp4", "start": "0", "end": "10",
                      "transcript_src": src}]}
    if ok:
        segment = validate_content(raw).segments[0]
        assert segment.transcript_src == src
        assert segment.transcript_format == ("srt" if src.lower().endswith(".srt") else "vtt")
    else:
        with pytest.raises(ContentError) as caught:
            validate_content(raw)
        assert "transcript_src" in str(caught.value)


def test_transcript_src_and_inline_text_are_exclusive_and_round_trip_through_olx():
    from mentor_xblock.core.olx import parse_content, parse_olx_string, write_content
    from lxml import etree

    both = {"items": [{"kind": "segment", "id": "s", "title": "T", "url": "/static/a.mp4", "end": "10",
                       "transcript": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi", "transcript_src": "/static/a.vtt"}]}
    with pytest.raises(ContentError, match="not both"):
        validate_content(both)
    content = parse_content(parse_olx_string(
        '<mentorship><segment id="s" title="T" url="/static/a.mp4" end="10">'
        '<transcript src="/static/a.srt"/></segment></mentorship>'
    ))
    element = etree.Element("mentorship")
    write_content(content, element)
    assert parse_content(element) == content
    assert element.find("segment/transcript").get("src") == "/static/a.srt"


# --- immutability: a validated Content is shared by every request of a process (view_cache) -----


def shared_content():
    return validate_content({
        "items": [segment(transcript=VTT), prompt()],
        "mentoring": {"tags": "leadership, careers"},
    })


@pytest.mark.parametrize("change", [
    lambda c: setattr(c, "grading", "none"),
    lambda c: setattr(c, "items", []),
    lambda c: setattr(c.items[0], "end", 9999),
    lambda c: setattr(c.segments[0], "title", "Changed"),
    lambda c: setattr(c.prompts[0], "min_words", 5),
    lambda c: setattr(c.mentoring, "strategy", "manual"),
    lambda c: setattr(c.mentoring, "tags", ["x"]),
    lambda c: delattr(c, "completion"),
])
def test_validated_content_attributes_cannot_be_assigned(change):
    content = shared_content()
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError is an AttributeError
        change(content)
    assert content == shared_content()


@pytest.mark.parametrize("change", [
    lambda c: c.items.append(c.items[0]),
    lambda c: c.segments.append(c.items[0]),
    lambda c: c.prompts.append(c.items[1]),
    lambda c: c.mentoring.tags.append("x"),
    lambda c: c.items.__setitem__(0, c.items[1]),
    lambda c: c.mentoring.tags.__delitem__(0),
])
def test_validated_content_collections_cannot_be_changed(change):
    content = shared_content()
    with pytest.raises((AttributeError, TypeError)):
        change(content)
    assert content == shared_content()
    assert isinstance(content.items, tuple) and isinstance(content.mentoring.tags, tuple)


def test_content_is_hashable_and_lists_given_to_constructors_become_tuples():
    content = shared_content()
    assert hash(content) == hash(shared_content())
    built = Content(items=list(content.items), mentoring=Mentoring(tags=["leadership", "careers"]))
    assert isinstance(built.items, tuple) and built.mentoring.tags == ("leadership", "careers")
    assert built.items == content.items and built.mentoring == content.mentoring


def test_to_dict_gives_fresh_plain_data_that_callers_may_change():
    content = shared_content()
    data = content.to_dict()
    assert isinstance(data["items"], list) and isinstance(data["mentoring"]["tags"], list)
    assert all(isinstance(item, dict) for item in data["items"])
    assert [item["kind"] for item in data["items"]] == ["segment", "prompt"]
    assert "transcript_src" not in data["items"][0] and data["items"][0]["transcript"]
    data["items"].append({"kind": "prompt"})
    data["items"][0]["title"] = "Changed"
    data["mentoring"]["tags"].append("x")
    assert content == shared_content()
    assert content.to_dict() != data
    assert validate_content(content.to_dict()) == content
