"""Captions: read WebVTT/SRT with webvtt-py, cut them to a clip, write WebVTT.

Pure core: standard library, webvtt-py and charset-normalizer only. Every
`TranscriptError` message is a plain English sentence meant for course authors.

What is accepted (docs/olx.md repeats it for authors):
* Bytes (course assets): UTF-8 with or without BOM, UTF-16/UTF-32 with BOM; any
  other encoding only when charset-normalizer identifies it with confidence
  (`decode_transcript`), otherwise refused naming the problem, never garbled.
* Line terminators CRLF, LF or CR, mixed freely (W3C WebVTT "line terminators").
* WebVTT: cue blocks with or without ids and settings, NOTE/STYLE/REGION blocks,
  timestamps with or without hours. Cue blocks not separated by blank lines are
  split where a timing line starts, and the line just before it is the next cue's
  id, not text of the previous cue (`_separate_vtt_blocks`).
* SRT: blocks with or without cue numbers; a block without a timing line is
  refused with its line number, never merged into the cue before it (`_srt_blocks`).

Times are float seconds. Cue text is plain text: cue markup (<v Speaker>, <i>,
<c.loud>, SRT <font>) is removed, and WebVTT character references (&amp;) are
decoded; `to_webvtt` escapes it again.
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

from .messages import N_

MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
FORMATS = ("vtt", "srt")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Leading characters skipped before format detection: BOM and blank lines.
_LEADING = "\ufeff \t\r\n\f"
# The timing lines webvtt-py accepts; only used to point at a line it would skip.
_VTT_TIME = r"(?:\d+:)?[0-5]?\d:[0-5]?\d\.\d{1,3}"  # webvtt-py rejects minutes/seconds over 59
_TIMING = {
    "vtt": re.compile(rf"\s*{_VTT_TIME}\s*-->\s*{_VTT_TIME}"),
    "srt": re.compile(r"\s*\d+:\d{1,2}:\d{1,2}[,.]\d+\s*-->\s*\d+:\d{1,2}:\d{1,2}[,.]\d+"),
}
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
    """Cue text without markup, blank lines dropped (they would end a WebVTT cue)."""
    text = caption.text  # webvtt-py strips the cue tags
    if fmt == "vtt":
        text = html.unescape(text)  # SRT has no character references: "&copy" stays literal
    lines = (line.strip() for line in _LINE_BREAK.split(text))
    return "\n".join(line for line in lines if line)


def _check_timing_lines(lines: list[str], fmt: str, first_line: int) -> None:
    """Reject timing lines webvtt-py cannot read: it would skip those cues silently."""
    for number, line in enumerate(lines, start=first_line):
        if "-->" in line and not _TIMING[fmt].match(line):
            raise TranscriptError(N_(
                'Line {number} is not a valid cue timing line: "{line}". Write it like {example}.',
                number=str(number), line=line.strip()[:60], example=_TIMING_EXAMPLE[fmt],
            ))


def _separate_vtt_blocks(lines: list[str]) -> list[str]:
    """WebVTT lines with a blank line before every cue block that lacks one.

    A timing line inside a cue's text starts a new cue (W3C: a line containing
    "-->" ends the block being collected). The line just before it is that cue's
    id when the previous cue has text above it: files written without blank lines
    put ids there, and reading them as text would show "2" as a caption.
    """
    out: list[str] = []
    text_lines = None  # text lines of the cue being read; None outside a cue
    for line in lines:
        if not line.strip():
            text_lines = None
        elif "-->" in line:
            if text_lines is not None:
                # The cue's only text line stays its text; a further line before the timing is an id.
                cue_id = out.pop() if text_lines >= 2 else None
                out.append("")
                if cue_id is not None:
                    out.append(cue_id)
            text_lines = 0
        elif text_lines is not None:
            text_lines += 1
        out.append(line)
    return out


def _srt_blocks(lines: list[str], first_line: int) -> list[str]:
    """SRT lines, numbered as webvtt-py's reader wants, each block checked.

    A block is: an optional cue number, a timing line, text. A block with no
    timing line is refused with its line number (merging it into the previous
    cue would show its number and text as caption text).
    """
    out: list[str] = []
    block: list[tuple[int, str]] = []
    count = 0

    def flush():
        nonlocal count
        if not block:
            return
        first_number, first = block[0]
        body = block[1:] if first.strip().isdigit() and len(block) > 1 else block
        if "-->" not in body[0][1]:
            number = body[0][0]
            raise TranscriptError(N_(
                'Line {number}: the block starting here has no timing line (such as {example}): '
                '"{line}". Add its timing line or remove the block.',
                number=str(number), example=_TIMING_EXAMPLE["srt"], line=body[0][1].strip()[:60],
            ))
        count += 1
        out.extend([str(count)] + [line for _, line in body] + [""])
        block.clear()

    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            block.append((number, line))
        else:
            flush()
    flush()
    return out


def _to_cues(captions: list[webvtt.Caption], fmt: str) -> list[Cue]:
    cues = []
    for caption in captions:
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end < start:
            raise TranscriptError(N_("The cue starting at {start} ends before it starts ({end}).",
                                               start=str(caption.start), end=str(caption.end)))
        text = _plain_text(caption, fmt)
        if end > start and text:  # zero-length or empty cues show nothing
            cues.append(Cue(start, end, text))
    # Stable sort: WebVTT wants cues ordered by start, SRT files do not always comply.
    return sorted(cues, key=lambda cue: cue.start)


def parse_transcript(text: str, fmt: str | None = None) -> list[Cue]:
    """Read a WebVTT ("vtt") or SubRip ("srt") transcript into plain-text cues.

    With `fmt` None the format is detected: "WEBVTT" at the start (after an
    optional BOM and blank lines) means WebVTT, anything else SRT. An empty
    or blank text has no cues. Raises `TranscriptError` for input over 2 MB,
    text in the wrong format, SRT blocks without a timing line, and timing
    lines that cannot be read (webvtt-py would otherwise drop those cues
    silently). See the module docstring for what is accepted.
    """
    if not isinstance(text, str):
        raise TranscriptError("The transcript must be text.")
    _check_size(text)
    body = text.lstrip(_LEADING)
    if not body:
        return []
    fmt = _resolve_format(body, fmt)
    if fmt == "vtt" and not body.startswith("WEBVTT"):
        raise TranscriptError(_NOT_FORMAT["vtt"])
    if fmt == "srt" and body.startswith("WEBVTT"):
        raise TranscriptError('The transcript is not a valid SRT file: it starts with "WEBVTT". Choose the WebVTT format.')
    skipped_lines = len(_LINE_BREAK.split(text[: len(text) - len(body)])) - 1
    lines = _LINE_BREAK.split(body.replace("\x00", "\ufffd"))
    _check_timing_lines(lines, fmt, first_line=skipped_lines + 1)
    if fmt == "vtt":
        lines = _separate_vtt_blocks(lines)
    else:
        if not any("-->" in line for line in lines):
            raise TranscriptError(_NOT_FORMAT["srt"])
        lines = _srt_blocks(lines, first_line=skipped_lines + 1)
    try:
        # from_buffer reads in memory; no temporary file needed.
        document = webvtt.from_buffer(io.StringIO("\n".join(lines) + "\n"), format=fmt)
    except (MalformedFileError, MalformedCaptionError):
        raise TranscriptError(_NOT_FORMAT[fmt]) from None
    return _to_cues(document.captions, fmt)


# --- Cutting -------------------------------------------------------------------


def _ms_round(seconds: float) -> float:
    # Clip arithmetic leaves float noise (10.3 - 10 = 0.3000000000000007); captions are ms-precise.
    return round(seconds, 3)


def cut_cues(cues: Iterable[Cue], start: float, end: float | None) -> list[Cue]:
    """Cues overlapping [start, end), clipped to it and shifted so `start` is 0.

    `end` None means "to the end of the media". Order is kept; cues that
    become zero-length are dropped.
    """
    result = []
    for cue in cues:
        clipped_start = max(cue.start, start)
        clipped_end = cue.end if end is None else min(cue.end, end)
        new_start, new_end = _ms_round(clipped_start - start), _ms_round(clipped_end - start)
        if new_end > new_start:
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
    lines = [_escape(line.strip()) for line in _LINE_BREAK.split(cue.text) if line.strip()]
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
