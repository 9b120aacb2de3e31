"""Caption files as they come from real tools, each with where we found the shape.

Origins (public sources we read; texts shortened, shapes kept):
  W3C   = W3C WebVTT spec examples (NOTE/STYLE/REGION blocks, ids, settings, no-hours timestamps)
  WVPY  = glut23/webvtt-py tests/samples (YouTube auto-captions style, header metadata)
  SRTL  = cdown/srt tests (SRT without cue numbers, dot decimal separators, CR line endings)
  YT    = YouTube Studio caption download (.srt and .vtt "Kind:/Language:" headers)
  AMARA = Amara subtitle editor exports (.srt with CRLF and a UTF-8 BOM)
  OLD   = decades-old SRT archives: Windows-1252 text, UTF-16 with BOM from Windows Notepad
  ISSUE = the failures listed in issue 11
"""
import pytest

from mentor_xblock.core.transcripts import Cue, TranscriptError, decode_transcript, parse_transcript

# (text, fmt, expected cues as (start, end, text), origin)
READ = [
    ("WEBVTT\n\nNOTE This is a comment\nover two lines\n\nSTYLE\n::cue { color: lime }\n\n"
     "REGION\nid:fred width:40% lines:3\n\nintro\n00:01.000 --> 00:04.000 region:fred align:left\n<v Roger>Hi\n",
     "vtt", [(1.0, 4.0, "Hi")], "W3C"),
    ("WEBVTT - Title\nKind: captions\nLanguage: en\n\n00:00:00.500 --> 00:00:02.000 align:start position:0%\n"
     "one <c>two</c>\n\n00:00:02.000 --> 00:00:03.000\n&amp; three\n", "vtt",
     [(0.5, 2.0, "one two"), (2.0, 3.0, "& three")], "YT"),
    ("WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\nHello\r2\r\n00:00:02.000 --> 00:00:03.000\rWorld\n"
     "3\n00:00:03.000 --> 00:00:04.000\r\nLast", "vtt",
     [(1.0, 2.0, "Hello"), (2.0, 3.0, "World"), (3.0, 4.0, "Last")], "ISSUE"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n00:00:02.000 --> 00:00:03.000\nB", "vtt",
     [(1.0, 2.0, "A"), (2.0, 3.0, "B")], "WVPY"),
    ("WEBVTT\n\n01:02:03.004 --> 01:02:05.000\nhours\n\n59:00.000 --> 59:01.000\nno hours\n", "vtt",
     [(3540.0, 3541.0, "no hours"), (3723.004, 3725.0, "hours")], "W3C"),
    ("00:00:01,000 --> 00:00:02,000\nno numbers\n\n00:00:03,000 --> 00:00:04,000\nstill none\n", "srt",
     [(1.0, 2.0, "no numbers"), (3.0, 4.0, "still none")], "SRTL"),
    ("1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Italic</i> and <font color=\"#ff0000\">red</font>\r\n\r\n"
     "2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\nlines\r\n", "srt",
     [(1.0, 2.5, "Italic and red"), (3.0, 4.0, "Two\nlines")], "AMARA"),
    ("1\r00:00:01,000 --> 00:00:02,000\rCR only\r\r2\r00:00:03,000 --> 00:00:04,000\rtwo\r", "srt",
     [(1.0, 2.0, "CR only"), (3.0, 4.0, "two")], "SRTL"),
    ("\ufeff1\n00:00:01.000 --> 00:00:02.000\ndot decimals\n", "srt", [(1.0, 2.0, "dot decimals")], "SRTL"),
    ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nextra blank lines\n\n", "srt",
     [(1.0, 2.0, "ok"), (3.0, 4.0, "extra blank lines")], "YT"),
]

# (text, fmt, what the message says, origin)
REFUSED = [
    ("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\nOrphan text\n\n3\n00:00:03,000 --> 00:00:04,000\nWorld\n",
     "srt", "Line 6", "ISSUE"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello\n\nA stray line\n", "srt", "Line 5", "OLD"),
    ("1\n00:00:01 --> 00:00:02\nno milliseconds\n", "srt", "Line 2 is not a valid cue timing line", "OLD"),
]

# (bytes, expected text fragment, origin)
DECODED = [
    ("1\r\n00:00:01,000 --> 00:00:04,000\r\nDES ÉVÉNEMENTS À VENIR\r\n".encode("cp1252"), "DES ÉVÉNEMENTS À VENIR", "ISSUE"),
    ("1\n00:00:01,000 --> 00:00:04,000\n¿Qué pasó? ¡Mañana será otro día!\n".encode("cp1252"), "¿Qué pasó?", "OLD"),
    ("1\n00:00:01,000 --> 00:00:04,000\nGrüße aus München\n".encode("cp1252"), "Grüße aus München", "OLD"),
    ("1\r\n00:00:01,000 --> 00:00:04,000\r\nÉvénements\r\n".encode("utf-16"), "Événements", "ISSUE"),
    ("1\n00:00:01,000 --> 00:00:04,000\nÉvénements\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "Événements",
     "OLD"),
    ("\ufeff1\n00:00:01,000 --> 00:00:04,000\nÉvénements\n".encode("utf-8"), "Événements", "AMARA"),
    ("1\n00:00:01,000 --> 00:00:04,000\nÉvénements\n".encode("utf-8"), "Événements", "YT"),
]

UNDECODABLE = [
    (bytes(range(128, 256)) * 3, "OLD"),
    ("1\n00:00:01,000 --> 00:00:04,000\nÉvénements\n".encode("utf-16-le"), "OLD"),  # no BOM
]


@pytest.mark.parametrize("text, fmt, expected, origin", READ)
def test_real_world_caption_is_read_as_written(text, fmt, expected, origin):
    assert parse_transcript(text, fmt) == [Cue(*cue) for cue in expected], origin


@pytest.mark.parametrize("text, fmt, said, origin", REFUSED)
def test_malformed_block_is_refused_with_its_line_never_merged(text, fmt, said, origin):
    with pytest.raises(TranscriptError, match=said):
        parse_transcript(text, fmt)


@pytest.mark.parametrize("data, fragment, origin", DECODED)
def test_encodings_are_read_without_garbling(data, fragment, origin):
    text = decode_transcript(data)
    assert fragment in text and "\ufffd" not in text, origin
    assert fragment in parse_transcript(text, "srt")[0].text


@pytest.mark.parametrize("data, origin", UNDECODABLE)
def test_unidentifiable_bytes_are_refused_naming_the_problem(data, origin):
    with pytest.raises(TranscriptError, match="UTF-8") as refused:
        decode_transcript(data)
    assert "\ufffd" not in str(refused.value)
