"""OLX ⇄ Content: lossless round trip (hypothesis), readable errors, and hostile XML refused fast."""
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mentor_xblock.core.content import (
    COMPLETION_MODES, GRADING_MODES, ID_PATTERN, STRATEGIES, VISIBILITIES, ContentError, validate_content,
)
from mentor_xblock.core.olx import (
    MAX_OLX_BYTES, OlxError, block_olx_string, hardened_parser, olx_location, parse_block_olx, parse_content,
    parse_olx_string, parse_settings, write_content,
)
from tests.conftest import olx

# --- generated content --------------------------------------------------------------------

# Any printable text XML can carry, including newlines, tabs and CR (normalised to \n by the validator).
TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    "\n\t\r <>&\"'")
CUE_CHARS = st.characters(whitelist_categories=("L", "N", "Zs"), blacklist_characters="\u2028\u2029")
URLS = st.sampled_from([
    "https://www.youtube.com/watch?v=qp0HIF3SfI4",
    "https://youtu.be/qp0HIF3SfI4?t=70",
    "https://www.youtube.com/embed/qp0HIF3SfI4?start=70&end=245",
    "https://m.youtube.com/shorts/qp0HIF3SfI4",
    "https://www.youtube-nocookie.com/embed/qp0HIF3SfI4",
    "https://vimeo.com/76979871#t=5s",
    "https://vimeo.com/76979871/8ee0fa3b5c",
    "https://player.vimeo.com/video/76979871?h=8ee0fa3b5c",
    "https://cdn.example.org/talks/ünïcode%20talk.mp4#t=3,40",
    "/static/clip.webm",
    "https://media.example.com/live/stream.m3u8?token=a&b=c",
])


def text(min_size=0, max_size=60):
    return st.text(TEXT_CHARS, min_size=min_size, max_size=max_size)


@st.composite
def transcripts(draw):
    fmt = draw(st.sampled_from(["vtt", "srt"]))
    cues = draw(st.lists(st.tuples(st.integers(0, 20000), st.integers(1, 5000), st.text(CUE_CHARS, min_size=1, max_size=40)
                                   .filter(lambda s: s.strip())), min_size=1, max_size=5))
    sep = "." if fmt == "vtt" else ","

    def stamp(ms):
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"

    blocks = []
    for number, (start, length, cue_text) in enumerate(cues, 1):
        timing = f"{stamp(start * 10)} --> {stamp(start * 10 + length * 10)}"
        blocks.append(f"{number}\n{timing}\n{cue_text.strip()}" if fmt == "srt" else f"{timing}\n{cue_text.strip()}")
    body = "\n\n".join(blocks) + "\n"
    return ("WEBVTT\n\n" + body if fmt == "vtt" else body), fmt


@st.composite
def segments(draw, ident):
    start = draw(st.integers(0, 3 * 3600))
    transcript, fmt = draw(st.one_of(st.just(("", "vtt")), transcripts()))
    return {
        "kind": "segment", "id": ident, "url": draw(URLS), "start": start,
        "end": start + draw(st.integers(1, 3600)),
        "title": draw(text(1).filter(lambda s: s.strip())), "expert": draw(text()), "expert_title": draw(text()),
        "note": draw(text(max_size=300)), "transcript": transcript, "transcript_format": fmt,
    }


@st.composite
def prompts(draw, ident):
    return {"kind": "prompt", "id": ident, "text": draw(text(1, 200).filter(lambda s: s.strip())),
            "min_words": draw(st.integers(0, 2000)), "visibility": draw(st.sampled_from(VISIBILITIES))}


@st.composite
def contents(draw):
    ids = draw(st.lists(st.from_regex(ID_PATTERN, fullmatch=True), max_size=6, unique=True))
    items = [draw(st.one_of(segments(ident), prompts(ident))) for ident in ids]
    mentoring = draw(st.one_of(st.none(), st.fixed_dictionaries({
        "strategy": st.sampled_from(STRATEGIES), "mentors_per_learner": st.integers(1, 5),
        "allow_change": st.booleans(),
        "tags": st.lists(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True), max_size=5),
        "response_target_hours": st.integers(1, 1440), "nudge_days": st.integers(0, 365),
    })))
    return validate_content({
        "items": items, "mentoring": mentoring, "completion": draw(st.sampled_from(COMPLETION_MODES)),
        # mentor_assessed needs a prompt to review (validate_content refuses it otherwise)
        "grading": draw(st.sampled_from([g for g in GRADING_MODES if g != "mentor_assessed" or any(
            item["kind"] == "prompt" for item in items)])),
        "watched_threshold": draw(st.floats(0.5, 1.0, allow_nan=False)),
    })


def export(content, settings_=None) -> str:
    return block_olx_string(content, settings_ or {})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=contents(), display_name=text(1, 80).filter(lambda s: s.strip()), weight=st.floats(0, 100))
def test_export_then_import_is_lossless(content, display_name, weight):
    display_name = display_name.replace("\r\n", "\n").replace("\r", "\n").strip()
    text_ = export(content, {"display_name": display_name, "weight": weight})
    again, settings_ = parse_block_olx(text_)
    assert again == content
    assert settings_ == {"display_name": display_name, "weight": weight}
    assert export(again, settings_) == text_  # and the OLX itself is stable


@settings(max_examples=60, deadline=None)
@given(content=contents())
def test_round_trip_through_an_element_as_the_runtime_does(content):
    """The runtime serialises the node add_xml_to_node filled and hands parse_xml a node from its own parser."""
    node = etree.Element("mentorship")
    write_content(content, node)
    reparsed = etree.fromstring(etree.tostring(node, encoding="utf-8"))
    assert parse_content(reparsed) == content


def test_demo_and_fixture_files_round_trip():
    for name in ("one_segment.xml", "three_segments.xml", "empty.xml"):
        content, settings_ = parse_block_olx(olx(name))
        assert parse_block_olx(export(content, settings_)) == (content, settings_)


def test_export_writes_normalised_values():
    content, _ = parse_block_olx(olx("three_segments.xml"))
    root = etree.fromstring(export(content))
    yt = root.find("segment")
    assert (yt.get("start"), yt.get("end")) == ("1:10", "4:05")  # start came from the URL's t=70
    assert root.find("mentoring").get("tags") == "leadership,careers"
    assert root.find("prompt").get("min_words") == "5"
    # Programme-health settings are written only when not the default (older OLX exports as it was).
    assert root.find("mentoring").get("response_target_hours") is None and root.find("mentoring").get("nudge_days") is None


def test_programme_health_settings_round_trip_and_are_checked():
    text = ('<mentorship><prompt id="why">Q</prompt>'
            '<mentoring strategy="manual" response_target_hours="24" nudge_days="5"/></mentorship>')
    content, _ = parse_block_olx(text)
    assert (content.mentoring.response_target_hours, content.mentoring.nudge_days) == (24, 5)
    mentoring = etree.fromstring(export(content)).find("mentoring")
    assert (mentoring.get("response_target_hours"), mentoring.get("nudge_days")) == ("24", "5")
    for attrs, message in (('response_target_hours="0"', '"response_target_hours": must be between 1 and 1440'),
                           ('nudge_days="-1"', '"nudge_days": must be between 0 and 365'),
                           ('response_target_hours="soon"', '"response_target_hours": must be a whole number')):
        with pytest.raises(OlxError) as caught:
            parse_block_olx(f'<mentorship><prompt id="why">Q</prompt><mentoring {attrs}/></mentorship>')
        assert message in str(caught.value)


# --- readable errors ------------------------------------------------------------------------

@pytest.mark.parametrize("path, location", [
    ("segment[why].end", '<segment id="why"> attribute "end"'),
    ("segment[?].id", '<segment> (without an id) attribute "id"'),
    ("segment[why].note", '<segment id="why"> <note>'),
    ("segment[why].transcript", '<segment id="why"> <transcript>'),
    ("prompt[p1].text", '<prompt id="p1"> text'),
    ("mentoring.tags", '<mentoring> attribute "tags"'),
    ("watched_threshold", '<mentorship> attribute "watched_threshold"'),
    ("weight", '<mentorship> attribute "weight"'),
    ("<video>", "<video>"),
    ("olx", "<olx>"),
])
def test_olx_locations(path, location):
    assert olx_location(path) == location


def test_errors_name_element_and_attribute_and_keep_editor_paths():
    text_ = ('<mentorship watched_threshold="2"><segment id="why" title="T" url="https://youtu.be/qp0HIF3SfI4" '
             'start="4:05" end="1:10"/><prompt id="why">Q</prompt><mentoring mentors_per_learner="9"/></mentorship>')
    with pytest.raises(OlxError) as caught:
        parse_block_olx(text_)
    message = str(caught.value)
    assert '<segment id="why"> attribute "end": must be after the start time' in message
    assert "<prompt id=\"why\"> attribute \"id\": id 'why' is used twice" in message
    assert '<mentoring> attribute "mentors_per_learner": must be between 1 and 5' in message
    assert '<mentorship> attribute "watched_threshold"' in message
    assert [e.path for e in caught.value.errors][:1] == ["segment[why].end"]
    assert caught.value.located()[0]["location"] == '<segment id="why"> attribute "end"'


@pytest.mark.parametrize("text_, expected", [
    ("<mentorship><segment", "not well-formed"),
    ("<vertical/>", "is not a <mentorship> element"),
    ("<mentorship><video/></mentorship>", "unknown element"),
    ("<mentorship><mentoring/><mentoring/></mentorship>", "appears twice"),
    ('<mentorship weight="-1"/>', "between 0 and 100"),
    ('<mentorship display_name=" "/>', "is required"),
])
def test_bad_olx_is_refused_clearly(text_, expected):
    with pytest.raises(OlxError, match=expected):
        parse_block_olx(text_)


@pytest.mark.parametrize("attrs, attribute", [
    ({"weight": "-50"}, "weight"), ({"weight": "1e300"}, "weight"), ({"weight": "1" * 400}, "weight"),
    ({"display_name": ""}, "display_name"), ({"display_name": "x" * 100_000}, "display_name"),
])
def test_parse_settings_validates_like_the_editor_and_names_the_attribute(attrs, attribute):
    with pytest.raises(OlxError, match=f'<mentorship> attribute "{attribute}"'):
        parse_settings(attrs)


def test_parse_settings_keeps_only_what_is_given():
    assert parse_settings({"display_name": " Name ", "weight": "2"}) == {"display_name": "Name", "weight": 2.0}
    assert parse_settings({}) == {}


def test_olx_text_with_a_lone_surrogate_is_refused():
    with pytest.raises(OlxError, match="not valid text"):
        parse_block_olx("<mentorship display_name='\ud800'/>")


# --- hostile XML ----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<mentorship display_name="&lol9;"><prompt id="p">&lol9;</prompt></mentorship>"""
FILE_ENTITY = ('<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               '<mentorship display_name="x"><prompt id="p">&xxe;</prompt></mentorship>')
NETWORK_DTD = '<!DOCTYPE m SYSTEM "http://127.0.0.1:9/evil.dtd"><mentorship/>'
NETWORK_PARAMETER = ('<!DOCTYPE m [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>'
                     '<mentorship/>')
HOSTILE = {"billion_laughs": BILLION_LAUGHS, "file_entity": FILE_ENTITY, "network_dtd": NETWORK_DTD,
           "network_parameter_entity": NETWORK_PARAMETER}


def measured(func):
    """(result or exception, seconds, peak bytes allocated by Python while running func)."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        outcome = func()
    except Exception as exc:  # noqa: BLE001 -- the outcome is what the test inspects
        outcome = exc
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, elapsed, peak


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # utf-16 hides the markers from a byte scan
def test_hostile_xml_is_refused_fast_with_bounded_memory(name, encoding):
    data = HOSTILE[name].replace('<?xml version="1.0"?>', "").encode(encoding)
    outcome, elapsed, peak = measured(lambda: parse_block_olx(data))
    assert isinstance(outcome, OlxError), outcome
    assert "DOCTYPE" in str(outcome) or "well-formed" in str(outcome)
    assert "root:" not in str(outcome) and "lollol" not in str(outcome)
    assert elapsed < 1.0 and peak < 3 * 1024 * 1024


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_parser_itself_expands_and_fetches_nothing(name):
    """Defence in depth: even without the DOCTYPE refusal, lxml with our settings expands nothing."""
    outcome, elapsed, peak = measured(
        lambda: etree.fromstring(HOSTILE[name].replace('<?xml version="1.0"?>', "").encode(), hardened_parser()))
    assert elapsed < 1.0 and peak < 3 * 1024 * 1024
    if isinstance(outcome, etree._Element):
        flat = etree.tostring(outcome, encoding="unicode")
        assert "root:" not in flat and "lollollol" not in flat


def test_oversized_and_deep_documents_are_refused():
    big = "<mentorship>" + "<!-- padding -->" * (MAX_OLX_BYTES // 16 + 1) + "</mentorship>"
    outcome, elapsed, _ = measured(lambda: parse_olx_string(big))
    assert isinstance(outcome, ContentError) and "larger than" in str(outcome) and elapsed < 1.0
    deep = "<mentorship>" + "<a>" * 5000 + "</a>" * 5000 + "</mentorship>"
    with pytest.raises(ContentError, match="not well-formed"):
        parse_olx_string(deep)


def test_xinclude_is_not_processed():
    text_ = ('<mentorship xmlns:xi="http://www.w3.org/2001/XInclude">'
             '<xi:include href="file:///etc/passwd" parse="text"/></mentorship>')
    with pytest.raises(OlxError, match="unknown element") as caught:
        parse_block_olx(text_)
    assert "root:" not in str(caught.value)


def test_exported_transcripts_read_as_authors_wrote_them():
    """Issue 23: `-->` is valid XML text; the export wrote `--&gt;`. A CDATA section keeps the cue
    lines as they are, and the round trip is exact (also for text CDATA cannot hold)."""
    from mentor_xblock.core.olx import block_olx_string, parse_block_olx

    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nFirst & <b>bold</b>\n"
    olx = f"""<mentorship display_name="T"><segment id="s" title="S" expert="E"
        url="https://www.youtube.com/watch?v=qp0HIF3SfI4" start="0" end="10">
        <transcript format="vtt"><![CDATA[{vtt}]]></transcript></segment></mentorship>"""
    content, settings = parse_block_olx(olx)
    written = block_olx_string(content, settings)
    assert "00:00:01.000 --> 00:00:04.000" in written and "--&gt;" not in written
    assert parse_block_olx(written)[0] == content
    odd = olx.replace("First", "Odd ]]> text").replace("<![CDATA[", "").replace("]]></transcript>", "</transcript>")
    odd = odd.replace("<b>bold</b>", "bold").replace(" & ", " and ").replace("Odd ]]> text", "Odd ]]&gt; text")
    content, settings = parse_block_olx(odd)
    assert parse_block_olx(block_olx_string(content, settings))[0] == content
