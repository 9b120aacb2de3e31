"""Captions: read WebVTT/SRT with webvtt-py, cut them to a clip, write WebVTT.

Pure core: standard library, webvtt-py and charset-normalizer only. Every
`TranscriptError` message is a plain English sentence meant for course authors.

What is accepted (docs/olx.md repeats it for authors):
* Bytes (course assets): UTF-8 with or without BOM, UTF-16/UTF-32 with BOM; any
  other encoding only when charset-normalizer identifies it with confidence
  (`decode_transcript`), otherwise refused naming the problem, never garbled.
* Line terminators CRLF, LF or CR, mixed freely (W3C WebVTT "line terminators").
* WebVTT exactly as the W3C parsing algorithm reads it (caption_blocks.py finds the
  cues; webvtt-py reads them in a normalised form): the "WEBVTT" line first, cue
  blocks with or without ids and settings, NOTE/STYLE/REGION blocks, cues written
  without blank lines between them; a cue whose timing line cannot be read (two
  fraction digits, minutes over 59 …) is skipped and the others kept. A file none of
  whose timing lines can be read is refused at the first one: it would show nothing.
* SRT: blocks with or without cue numbers, "," or "." before the milliseconds, a
  caption text with blank lines in it; a block starting with a cue number but without
  a timing line, and a timing line that cannot be read, are refused with their line
  number, never merged into the cue before them.

Times are float seconds. Cue text is plain text as written (leading whitespace kept):
cue markup (<v Speaker>, <i>, <c.loud>, SRT <font>) is removed, and WebVTT character
references (&amp;) are decoded; `to_webvtt` escapes it again.
"""
from __future__ import annotations

import html
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import charset_normalizer
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from . import caption_blocks
from .messages import N_

MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
FORMATS = ("vtt", "srt")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Leading characters skipped before format detection: BOM and blank lines.
_LEADING = "\ufeff \t\r\n\f"
_TIMING_EXAMPLE = {"vtt": "00:00:01.000 --> 00:00:04.000", "srt": "00:00:01,000 --> 00:00:04,000"}
_NOT_FORMAT = {
    "vtt": N_('The transcript is not valid WebVTT: it must start with "WEBVTT". '
              "If it is an SRT file, choose the SRT format."),
    "srt": N_("The transcript is not a valid SRT file: it has no timing line such as "
              "00:00:01,000 --> 00:00:04,000. If it is a WebVTT file, it must start with \"WEBVTT\"."),
}


class TranscriptError(ValueError):
    """Human-readable transcript problem."""


# --- Bytes to text ---------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Windows-1252 is what legacy Western subtitle files almost always are (SubRip's
# default); its bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined.
_WESTERN = "cp1252"
_WESTERN_PUNCTUATION = set("\u00a0¡¿«»°·§©®™€£¥¢–—‘’‚“”„…•′″ªº×÷±¹²³½¼¾")
_ENCODING_NAMES = {"cp1252": "Windows-1252", "cp1251": "Windows-1251", "cp1250": "Windows-1250",
                   "cp932": "Shift_JIS", "gb18030": "GB18030", "big5": "Big5", "euc_kr": "EUC-KR"}
_SAVE_AS_UTF8 = N_("Save it as UTF-8 (in most editors: Save as → Encoding: UTF-8) and upload it again.")


def _plausible_western(text: str) -> bool:
    """Every non-ASCII character is a Latin letter or common Western punctuation."""
    return all(
        ord(char) < 128 or char in _WESTERN_PUNCTUATION or "LATIN" in unicodedata.name(char, "")
        for char in text
    )


def _confident_guess(data: bytes) -> str | None:
    """The text, when charset-normalizer's best guesses all read the bytes the same way."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    texts = {str(match) for match in matches if match.chaos <= best + 0.02}
    if best <= 0.1 and len(texts) == 1:
        return texts.pop()
    # Several readings look equally clean: Western files are the common case, so
    # Windows-1252 wins when it is one of them and reads as Latin text.
    for match in matches:
        if match.chaos <= best + 0.02 and _WESTERN in {match.encoding, *match.could_be_from_charset}:
            text = data.decode(_WESTERN)
            return text if _plausible_western(text) else None
    return None


def decode_transcript(data: bytes) -> str:
    """Text of a transcript file's bytes, or TranscriptError naming the problem.

    UTF-8 (BOM or not) and UTF-16/32 with a BOM are read exactly. Other bytes are
    decoded only when the encoding is identified with confidence: Windows-1252
    when it reads as Latin text and nothing else reads better, or the one reading
    charset-normalizer's best candidates agree on. Never replacement characters.
    """
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError("The transcript is larger than 2 MB.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise TranscriptError(N_(
                    "The transcript file starts with a {encoding} byte-order mark but is not valid {encoding}. "
                    "{advice}", encoding=encoding.upper().replace("-SIG", ""), advice=_SAVE_AS_UTF8,
                )) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = exc.start
    if b"\x00" in data:
        raise TranscriptError(N_(
            "The transcript file looks like UTF-16 without a byte-order mark, which cannot be read reliably. "
            "{advice}", advice=_SAVE_AS_UTF8,
        ))
    text = _confident_guess(data)
    if text is None:
        line = data[:position].count(b"\n") + 1
        raise TranscriptError(N_(
            "The transcript file is not UTF-8 (line {line} has bytes that are not UTF-8), and its encoding "
            "cannot be identified with confidence. {advice}", line=str(line), advice=_SAVE_AS_UTF8,
        ))
    return text


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # plain text; lines joined with "\n"


# --- Reading -----------------------------------------------------------------


def _check_size(text: str) -> None:
    # Cheap length test first; encode only when the character count is close.
    if len(text) > MAX_TRANSCRIPT_BYTES or len(text.encode("utf-8", "replace")) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError("The transcript is larger than 2 MB.")


def _resolve_format(body: str, fmt: str | None) -> str:
    if fmt is None:
        return "vtt" if body.startswith("WEBVTT") else "srt"
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise TranscriptError(N_('"{value}" is not a transcript format; use "vtt" or "srt".', value=fmt[:20]))
    return fmt


def _plain_text(caption: webvtt.Caption, fmt: str) -> str:
    """Cue text without markup, as written: leading whitespace kept, trailing spaces and blank lines dropped."""
    text = caption.text  # webvtt-py strips the cue tags
    if fmt == "vtt":
        text = html.unescape(text)  # SRT has no character references: "&copy" stays literal
    lines = (line.rstrip() for line in _LINE_BREAK.split(text))
    return "\n".join(line for line in lines if line)


def _timing_error(number: int, line: str, fmt: str) -> TranscriptError:
    return TranscriptError(N_(
        'Line {number} is not a valid cue timing line: "{line}". Write it like {example}.',
        number=str(number), line=line.strip()[:60], example=_TIMING_EXAMPLE[fmt],
    ))


def _stamp(milliseconds: int, separator: str) -> str:
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _vtt_document(lines: list[str]) -> str:
    """The cues the W3C parser keeps, as a WebVTT document webvtt-py reads the same way; a file whose
    every timing line is unreadable is refused at its first one (it would show nothing)."""
    cues, bad = caption_blocks.vtt_cues(lines)
    if not cues and bad:
        raise _timing_error(bad[0] + 1, lines[bad[0]], "vtt")
    blocks = (f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}\n" + "".join(f"{line}\n" for line in cue.lines)
              for cue in cues)
    return "WEBVTT\n\n" + "\n".join(blocks)


def _srt_document(lines: list[str], first_line: int) -> str:
    """The cues of an SRT file, numbered and timed as webvtt-py's reader wants; errors name their line."""
    try:
        cues = caption_blocks.srt_cues(lines)
    except caption_blocks.BadBlock as exc:
        if exc.kind == "timing":
            raise _timing_error(first_line + exc.index, exc.line, "srt") from None
        raise TranscriptError(N_(
            'Line {number}: the block starting here has no timing line (such as {example}): '
            '"{line}". Add its timing line or remove the block.',
            number=str(first_line + exc.index), example=_TIMING_EXAMPLE["srt"], line=exc.line.strip()[:60],
        )) from None
    return "".join(f"{number}\n{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}\n"
                   + "".join(f"{line}\n" for line in cue.lines) + "\n"
                   for number, cue in enumerate(cues, start=1))


def _to_cues(captions: list[webvtt.Caption], fmt: str) -> list[Cue]:
    cues = [Cue(caption.start_time.in_milliseconds() / 1000, caption.end_time.in_milliseconds() / 1000,
                _plain_text(caption, fmt)) for caption in captions]
    # Stable sort: WebVTT wants cues ordered by start, SRT files do not always comply.
    return sorted(cues, key=lambda cue: cue.start)


def parse_transcript(text: str, fmt: str | None = None) -> list[Cue]:
    """Read a WebVTT ("vtt") or SubRip ("srt") transcript into plain-text cues.

    With `fmt` None the format is detected: "WEBVTT" at the start (after an optional BOM and
    blank lines) means WebVTT, anything else SRT. An empty or blank text has no cues. Every cue
    the reader keeps is returned, also those that show nothing (empty, zero-length or ending
    before they start: `cut_cues` leaves those out). Raises `TranscriptError` for input over
    2 MB, text in the wrong format (a WebVTT file must start with "WEBVTT" on its first line),
    SRT blocks without a timing line, SRT timing lines that cannot be read, and WebVTT files
    none of whose timing lines can be read. See the module docstring for what is accepted.
    """
    if not isinstance(text, str):
        raise TranscriptError("The transcript must be text.")
    _check_size(text)
    body = text.lstrip(_LEADING)
    if not body:
        return []
    fmt = _resolve_format(body, fmt)
    text = text.replace("\x00", "\ufffd")  # as the W3C parser does
    if fmt == "vtt":
        lines = caption_blocks.split_lines(text.removeprefix("\ufeff"))
        if not caption_blocks.is_vtt_signature(lines[0]):
            raise TranscriptError(_NOT_FORMAT["vtt"])
        document = _vtt_document(lines)
    else:
        if body.startswith("WEBVTT"):
            raise TranscriptError('The transcript is not a valid SRT file: it starts with "WEBVTT". Choose the WebVTT format.')
        lines = caption_blocks.split_lines(body.replace("\x00", "\ufffd"))
        if not any("-->" in line or caption_blocks.srt_timings(line) for line in lines):
            raise TranscriptError(_NOT_FORMAT["srt"])
        document = _srt_document(lines, first_line=len(_LINE_BREAK.findall(text[: len(text) - len(body)])) + 1)
    if "-->" not in document:
        return []
    try:
        # from_buffer reads in memory; no temporary file needed.
        captions = webvtt.from_buffer(io.StringIO(document), format=fmt).captions
    except (MalformedFileError, MalformedCaptionError):
        raise TranscriptError(_NOT_FORMAT[fmt]) from None
    return _to_cues(captions, fmt)


# --- Cutting -------------------------------------------------------------------


def _ms_round(seconds: float) -> float:
    # Clip arithmetic leaves float noise (10.3 - 10 = 0.3000000000000007); captions are ms-precise.
    return round(seconds, 3)


def cut_cues(cues: Iterable[Cue], start: float, end: float | None) -> list[Cue]:
    """Cues overlapping [start, end), clipped to it and shifted so `start` is 0.

    `end` None means "to the end of the media". Order is kept; cues that show
    nothing are dropped: without text, or zero-length (also after clipping).
    """
    result = []
    for cue in cues:
        clipped_start = max(cue.start, start)
        clipped_end = cue.end if end is None else min(cue.end, end)
        new_start, new_end = _ms_round(clipped_start - start), _ms_round(clipped_end - start)
        if new_end > new_start and cue.text.strip():
            result.append(Cue(new_start, new_end, cue.text))
    return result


def count_cues_in_range(cues: Iterable[Cue], start: float, end: float | None) -> int:
    """How many cues overlap the clip [start, end) (for the Studio editor)."""
    return len(cut_cues(cues, start, end))


# --- Writing -------------------------------------------------------------------


def _timestamp(milliseconds: int) -> str:
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _escape(line: str) -> str:
    # Escaping ">" also guarantees no "-->" inside a cue, which would start a new cue.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cue_block(cue: Cue) -> str | None:
    """One "timing\\ntext\\n" block, or None when the cue cannot be written."""
    if not (math.isfinite(cue.start) and math.isfinite(cue.end)):
        return None
    start_ms = max(0, round(cue.start * 1000))
    end_ms = max(0, round(cue.end * 1000))
    lines = [_escape(line.rstrip()) for line in _LINE_BREAK.split(cue.text) if line.strip()]
    if end_ms <= start_ms or not lines:  # an empty line would end the cue early
        return None
    return f"{_timestamp(start_ms)} --> {_timestamp(end_ms)}\n" + "\n".join(lines) + "\n"


def to_webvtt(cues: Iterable[Cue]) -> str:
    """A WebVTT document of the cues, ordered by start time.

    Text is escaped (&, <, >), blank lines are dropped, and cues that are
    empty or zero-length after rounding to milliseconds are left out.
    """
    blocks = (_cue_block(cue) for cue in sorted(cues, key=lambda cue: cue.start))
    return "WEBVTT\n\n" + "\n".join(block for block in blocks if block)
