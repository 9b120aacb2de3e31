"""Caption files as they come from real tools, each with where we found the shape.

Origins (public sources we read; texts shortened, shapes kept):
  W3C   = W3C WebVTT spec examples (NOTE/STYLE/REGION blocks, ids, settings, no-hours timestamps)
  WVPY  = glut23/webvtt-py tests/samples (YouTube auto-captions style, header metadata)
  SRTL  = cdown/srt tests (SRT without cue numbers, dot decimal separators, CR line endings)
  YT    = YouTube Studio caption download (.srt and .vtt "Kind:/Language:" headers)
  AMARA = Amara subtitle editor exports (.srt with CRLF and a UTF-8 BOM)
  OLD   = decades-old SRT archives: Windows-1252 text, UTF-16 with BOM from Windows Notepad
  ISSUE = the failures listed in issue 11
  WPT   = web-platform-tests webvtt/parsing/file-parsing/tests (support/*.vtt and the cues each test
          expects): the W3C WebVTT parser, as browsers read files
  VTTJS = mozilla/vtt.js tests (cue-times, file-layout, integration: each .vtt and its .json), where
          they agree with the W3C parser of today
  CSRT  = cdown/srt tests/test_srt.py (spaced arrows, odd cue numbers, blank lines in captions)
  PYSRT = byroot/pysrt tests (test_srtitem.py, static/*.srt)
  I23   = issue 23: WebVTT exactly as the W3C parser reads it; SRT captions with a blank line
"""
import pytest

from mentor_xblock.core.transcripts import Cue, TranscriptError, decode_transcript, parse_transcript

T = "00:00:00.000 --> 00:00:01.000"

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
    # --- WebVTT as the W3C parser reads it (issue 23)
    (("WEBVTT\n\nspaces\n   00:00:00.000    -->  00:00:01.000 \n   text1\n\ntabs\n\t\t\t00:00:00.000\t\t\t\t-->\t\t"
      "00:00:01.000\t\ntext2\n\nform feed\n\f\f00:00:00.000\f\f-->\f\f00:00:01.000\f\ntext3\n\nvertical tab\n"
      "\v00:00:00.000\v-->\v00:00:01.000\v\ntext4\n"), "vtt",
     [(0, 1, "   text1"), (0, 1, "text2"), (0, 1, "text3")], "WPT"),
    (("WEBVTT\n\n0:00:00.000 --> 00:00:01.000\ntext1\n\n00:00:00.00 --> 00:00:01.000\ninvalid\n\n00:00:00.0 --> "
      "00:00:01.000\ninvalid\n\n00:00:00.0000 --> 00:00:01.000\ninvalid\n\n0:00.000 --> 00:01.000\ninvalid\n\n"
      "000:00.000 --> 00:01.000\ninvalid\n\n00:00:000.000 --> 00:00:01.000\ninvalid\n\n00:00:00.000 --> "
      "000:00:01.000\ntext2\n"), "vtt", [(0, 1, "text1"), (0, 1, "text2")], "WPT"),
    ("WEBVTT\n\n00:00:00.000 --> 00:00:00.000\ntext1\n\n00:00:01.000 --> 00:00:00.999\ntext2\n", "vtt",
     [(0, 0, "text1"), (1, 0.999, "text2")], "WPT"),
    (("WEBVTT\n\n-->\n" + T + "\ntext1\nfoo-->\n" + T + "\ntext2\n-->-->\n" + T + "\ntext3\n" + T + "\ntext4\n\n"
      "00:00:00.000 -a -->\n\n00:00:00.000 -- -->\n"), "vtt", [(0, 1, f"text{i}") for i in range(1, 5)], "WPT"),
    ("WEBVTT\n\n00:00:00.000 --> 60:00:01.000\ntext1\n\n00:60:00.000 --> 00:60:01.000\ninvalid\n", "vtt",
     [(0, 216001, "text1")], "WPT"),
    (("WEBVTT\n\n00:00.000 --> 00:02.000\nText\n00:02.000 --> 00:04.000\nText\n\n00:06.000 --> 00:08.000\n"
      "00:06.000 --> 00:08.000\nText\n"), "vtt", [(0, 2, "Text"), (2, 4, "Text"), (6, 8, ""), (6, 8, "Text")], "VTTJS"),
    ("WEBVTT\n\n120:00:00.000 --> 120:00:00.000\nText\n", "vtt", [(432000, 432000, "Text")], "VTTJS"),
    ("WEBVTT\n\n00:00:01.5 --> 00:00:02.000\nskipped\n\n00:00:03.000 --> 00:00:04.000\nkept\n", "vtt",
     [(3, 4, "kept")], "I23"),
    # --- SRT as subtitle tools write it
    ("1\n00:00:01,000 - > 00:00:02,000\nA\n\n2\n00:00:03,000 -- > 00:00:04,000\nB\n", "srt",
     [(1, 2, "A"), (3, 4, "B")], "CSRT"),
    (("-1\n00:00:01,000 --> 00:00:02,000\nA\n\n1.1\n00:00:03,000-->00:00:04,000\nB\n\n0003 \n00:00:05,000 --> "
      "00:00:06,000\nC\n"), "srt", [(1, 2, "A"), (3, 4, "B"), (5, 6, "C")], "CSRT"),
    ("1\n00:00:01,000 --> 00:00:02,000\nA\n\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n\nB\n", "srt",
     [(1, 2, "A\nA"), (3, 4, "B\nB")], "CSRT"),
    ("1\n00：00：01，000 --> 00：00：02，000\nA\n", "srt", [(1, 2, "A")], "CSRT"),
    ("foo\n00:01:00,000 --> 00:01:20,000\nHello !\n", "srt", [(60, 80, "Hello !")], "PYSRT"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello\n\nA stray line\n", "srt", [(1, 2, "Hello\nA stray line")], "I23"),
]

# (text, fmt, what the message says, origin)
REFUSED = [
    ("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\nOrphan text\n\n3\n00:00:03,000 --> 00:00:04,000\nWorld\n",
     "srt", "Line 6", "ISSUE"),
    ("1\n00:00:01 --> 00:00:02\nno milliseconds\n", "srt", "Line 2 is not a valid cue timing line", "OLD"),
    ("WEBVTTfoo\n\n" + T + "\ntext\n", "vtt", 'must start with "WEBVTT"', "WPT"),
    ("\nWEBVTT\n\n00:00.000 --> 00:02.000\ntext", "vtt", 'must start with "WEBVTT"', "VTTJS"),
    ("WEBVTT\n\n00:00.00 --> 00:02.000\nText\n", "vtt", "Line 3 is not a valid cue timing line", "VTTJS"),
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
