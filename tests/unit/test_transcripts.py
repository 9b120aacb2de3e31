"""Tests for mentor_xblock.core.transcripts: parsing, cutting and writing captions."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_xblock.core.transcripts import (
    MAX_TRANSCRIPT_BYTES,
    Cue,
    TranscriptError,
    count_cues_in_range,
    cut_cues,
    parse_transcript,
    to_webvtt,
)

REALISTIC_VTT = """WEBVTT - Interview with Dr. Ada

NOTE
This transcript was edited by the course team.

STYLE
::cue(.loud) {
  color: yellow;
}

intro
00:00:01.000 --> 00:00:04.500 align:start position:10% line:85%
<v Ada Lovelace>Welcome to the <i>mentoring</i> series.</v>

00:00:04.500 --> 00:00:09.000
<v.host Host>So how did you <b>start</b>?
<c.loud>Tell us everything!</c>

NOTE a comment between cues

00:01:05.250 --> 00:01:10.000 size:50%
Research &amp; development &lt;mostly&gt;.

01:00:00.000 --> 01:00:02.000
An hour in.
"""

SRT_CRLF = (
    "1\r\n"
    "00:00:01,000 --> 00:00:04,500\r\n"
    "<i>Welcome</i> to the series.\r\n"
    "\r\n"
    "2\r\n"
    "00:00:04,500 --> 00:00:09,000\r\n"
    "Two lines\r\n"
    "of text & more\r\n"
    "\r\n"
)


def test_realistic_vtt():
    cues = parse_transcript(REALISTIC_VTT)
    assert cues == [
        Cue(1.0, 4.5, "Welcome to the mentoring series."),
        Cue(4.5, 9.0, "So how did you start?\nTell us everything!"),
        Cue(65.25, 70.0, "Research & development <mostly>."),
        Cue(3600.0, 3602.0, "An hour in."),
    ]


@pytest.mark.parametrize("fmt", [None, "srt", "SRT"])
def test_srt_with_crlf_and_comma_millis(fmt):
    cues = parse_transcript(SRT_CRLF, fmt)
    assert cues == [
        Cue(1.0, 4.5, "Welcome to the series."),
        Cue(4.5, 9.0, "Two lines\nof text & more"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
        "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n",
        "WEBVTT\r\rid\r00:00:01.000 --> 00:00:02.000\rHi\r",
    ],
)
def test_vtt_bom_whitespace_and_line_endings(text):
    assert parse_transcript(text) == [Cue(1.0, 2.0, "Hi")]


def test_srt_with_bom_detected():
    assert parse_transcript("\ufeff" + SRT_CRLF)[0] == Cue(1.0, 4.5, "Welcome to the series.")


def test_srt_keeps_ampersand_text_literal():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAT&T &copy &amp;\n"
    assert parse_transcript(srt, "srt") == [Cue(1.0, 2.0, "AT&T &copy &amp;")]


@pytest.mark.parametrize("text", ["WEBVTT", "WEBVTT\n", "WEBVTT\n\nNOTE nothing yet\n", "", "  \n\n", "\ufeff"])
def test_empty_transcripts_have_no_cues(text):
    assert parse_transcript(text) == []


def test_cues_are_sorted_and_kept_as_the_w3c_parser_keeps_them_and_cut_drops_what_shows_nothing():
    text = (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:00:06.000\nsecond\n\n"
        "00:00:01.000 --> 00:00:02.000\nfirst\n\n"
        "00:00:07.000 --> 00:00:07.000\nzero length\n\n"
        "00:00:08.000 --> 00:00:09.000\n<v Bob></v>\n\n"
        "00:00:10.000 --> 00:00:09.000\nbackwards\n"
    )
    cues = parse_transcript(text)
    assert cues == [Cue(1.0, 2.0, "first"), Cue(5.0, 6.0, "second"), Cue(7.0, 7.0, "zero length"), Cue(8.0, 9.0, ""),
                    Cue(10.0, 9.0, "backwards")]
    assert cut_cues(cues, 0, None) == [Cue(1.0, 2.0, "first"), Cue(5.0, 6.0, "second")]
    assert count_cues_in_range(cues, 0, None) == 2


@pytest.mark.parametrize(
    "text, kept",
    [
        # a timing line that cannot be read makes its cue no cue; the others stay (W3C)
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:75.000 --> 00:00:80.000\nbad\n", ["ok"]),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nbad\n\n00:00:03.000 --> 00:00:04.000\nok\n", ["ok"]),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.00\nbad\n\n00:03.000 --> 00:04.000\nok\n", ["ok"]),
        # whitespace before the text is kept, as the W3C parser keeps it
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n  indented\n", ["  indented"]),
    ],
)
def test_unreadable_vtt_cues_are_skipped_and_the_others_kept(text, kept):
    assert [cue.text for cue in parse_transcript(text)] == kept


@pytest.mark.parametrize(
    "text, fmt, message",
    [
        ("this is not a transcript", None, "not a valid SRT file"),
        ("this is not a transcript", "vtt", 'must start with "WEBVTT"'),
        (SRT_CRLF, "vtt", "choose the SRT format"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", "srt", "not a valid SRT file"),
        ("\x00\x01\x02garbage", None, "not a valid SRT file"),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", None, "Line 3 is not a valid cue timing line"),
        ("\n\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", None, 'must start with "WEBVTT"'),
        ("WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nHi\n", "vtt", 'must start with "WEBVTT"'),
        ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 --> 00:00:04\nbad\n", None, "Line 6"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", "sbv", "is not a transcript format"),
    ],
)
def test_malformed_transcripts(text, fmt, message):
    with pytest.raises(TranscriptError, match=message) as raised:
        parse_transcript(text, fmt)
    assert str(raised.value).endswith(".")


def test_rejects_transcripts_over_2_mb():
    cue = "00:00:01.000 --> 00:00:02.000\n" + "x" * 1000 + "\n\n"
    text = "WEBVTT\n\n" + cue * (MAX_TRANSCRIPT_BYTES // len(cue) + 1)
    with pytest.raises(TranscriptError, match="larger than 2 MB"):
        parse_transcript(text)


def test_size_limit_counts_utf8_bytes():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "é" * (MAX_TRANSCRIPT_BYTES // 2 + 10)
    assert len(text) < MAX_TRANSCRIPT_BYTES  # only the encoded size is too large
    with pytest.raises(TranscriptError, match="larger than 2 MB"):
        parse_transcript(text)


def test_rejects_non_text():
    with pytest.raises(TranscriptError, match="must be text"):
        parse_transcript(b"WEBVTT\n")


# --- cut_cues ----------------------------------------------------------------

CUES = [
    Cue(0.0, 5.0, "before"),
    Cue(8.0, 12.0, "straddles start"),
    Cue(12.0, 15.0, "inside"),
    Cue(18.0, 25.0, "straddles end"),
    Cue(20.0, 30.0, "starts at end"),
    Cue(31.0, 35.0, "after"),
]


def test_cut_cues_clips_and_shifts():
    assert cut_cues(CUES, 10.0, 20.0) == [
        Cue(0.0, 2.0, "straddles start"),
        Cue(2.0, 5.0, "inside"),
        Cue(8.0, 10.0, "straddles end"),
    ]


def test_cut_cues_open_end():
    assert cut_cues(CUES, 29.0, None) == [Cue(0.0, 1.0, "starts at end"), Cue(2.0, 6.0, "after")]


def test_cut_cues_cue_covering_whole_clip():
    assert cut_cues([Cue(0.0, 100.0, "long")], 40.0, 50.0) == [Cue(0.0, 10.0, "long")]


def test_cut_cues_rounds_float_noise_to_milliseconds():
    assert cut_cues([Cue(10.3, 10.7, "x")], 10.0, 11.0) == [Cue(0.3, 0.7, "x")]


def test_cut_cues_keeps_input_order():
    cues = [Cue(14.0, 15.0, "b"), Cue(11.0, 12.0, "a")]
    assert [cue.text for cue in cut_cues(cues, 10.0, 20.0)] == ["b", "a"]


@pytest.mark.parametrize(
    "start, end, expected",
    [(10.0, 20.0, 3), (0.0, 40.0, 6), (5.0, 8.0, 0), (15.0, 18.0, 0), (14.9, 18.1, 2), (40.0, 50.0, 0), (20.0, 10.0, 0)],
)
def test_count_cues_in_range(start, end, expected):
    assert count_cues_in_range(CUES, start, end) == expected


# --- to_webvtt ---------------------------------------------------------------


def test_to_webvtt_format():
    text = to_webvtt([Cue(3661.5, 3662.25, "one\ntwo"), Cue(0.0, 1.0, "first")])
    assert text == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:01.000\nfirst\n\n"
        "01:01:01.500 --> 01:01:02.250\none\ntwo\n"
    )


def test_to_webvtt_empty():
    assert to_webvtt([]) == "WEBVTT\n\n"
    assert parse_transcript(to_webvtt([])) == []


@pytest.mark.parametrize(
    "text, written",
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("arrow --> here", "arrow --&gt; here"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&amp; literal", "&amp;amp; literal"),
        ("line one\n\n\nline two", "line one\nline two"),
    ],
)
def test_to_webvtt_escapes_text(text, written):
    document = to_webvtt([Cue(1.0, 2.0, text)])
    assert document == f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{written}\n"
    assert document.count("-->") == 1


@pytest.mark.parametrize(
    "cue",
    [Cue(1.0, 1.0, "zero"), Cue(2.0, 1.0, "backwards"), Cue(1.0, 1.0004, "rounds to zero"), Cue(1.0, 2.0, " \n ")],
)
def test_to_webvtt_skips_unwritable_cues(cue):
    assert to_webvtt([cue]) == "WEBVTT\n\n"


def test_round_trip_realistic():
    cues = parse_transcript(REALISTIC_VTT)
    assert parse_transcript(to_webvtt(cues)) == cues


def test_round_trip_after_cut():
    clip = cut_cues(parse_transcript(REALISTIC_VTT), 3.0, 68.0)
    assert parse_transcript(to_webvtt(clip), "vtt") == clip
    assert clip[0] == Cue(0.0, 1.5, "Welcome to the mentoring series.")


_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).map(str.strip).filter(bool)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10_000_000),
            st.integers(min_value=1, max_value=100_000),
            st.lists(_line, min_size=1, max_size=3),
        ),
        max_size=10,
    )
)
def test_round_trip_property(specs):
    cues = [Cue(start / 1000, (start + length) / 1000, "\n".join(lines)) for start, length, lines in specs]
    expected = sorted(cues, key=lambda cue: cue.start)
    assert parse_transcript(to_webvtt(cues)) == expected
