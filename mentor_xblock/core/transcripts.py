"""Captions: read WebVTT/SRT with webvtt-py, cut them to a clip, write WebVTT.

Pure core: standard library and webvtt-py only. Every `TranscriptError` message
is a plain English sentence meant for course authors.

Times are float seconds. Cue text is plain text: cue markup (<v Speaker>, <i>,
<c.loud>, SRT <font>) is removed, and WebVTT character references (&amp;) are
decoded; `to_webvtt` escapes it again.
"""
from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

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
    "vtt": 'The transcript is not valid WebVTT: it must start with "WEBVTT". '
    "If it is an SRT file, choose the SRT format.",
    "srt": "The transcript is not a valid SRT file: it must start with a cue number "
    "followed by a timing line such as 00:00:01,000 --> 00:00:04,000.",
}


class TranscriptError(ValueError):
    """Human-readable transcript problem."""


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
        raise TranscriptError(f'"{fmt[:20]}" is not a transcript format; use "vtt" or "srt".')
    return fmt


def _plain_text(caption: webvtt.Caption, fmt: str) -> str:
    """Cue text without markup, blank lines dropped (they would end a WebVTT cue)."""
    text = caption.text  # webvtt-py strips the cue tags
    if fmt == "vtt":
        text = html.unescape(text)  # SRT has no character references: "&copy" stays literal
    lines = (line.strip() for line in _LINE_BREAK.split(text))
    return "\n".join(line for line in lines if line)


def _check_timing_lines(body: str, fmt: str, first_line: int) -> None:
    """Reject timing lines webvtt-py cannot read: it would skip those cues silently."""
    for number, line in enumerate(_LINE_BREAK.split(body), start=first_line):
        if "-->" in line and not _TIMING[fmt].match(line):
            raise TranscriptError(
                f'Line {number} is not a valid cue timing line: "{line.strip()[:60]}". '
                f"Write it like {_TIMING_EXAMPLE[fmt]}."
            )


def _to_cues(captions: list[webvtt.Caption], fmt: str) -> list[Cue]:
    cues = []
    for caption in captions:
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end < start:
            raise TranscriptError(f"The cue starting at {caption.start} ends before it starts ({caption.end}).")
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
    text in the wrong format, and timing lines that cannot be read (webvtt-py
    would otherwise drop those cues silently).
    """
    if not isinstance(text, str):
        raise TranscriptError("The transcript must be text.")
    _check_size(text)
    body = text.lstrip(_LEADING)
    if not body:
        return []
    fmt = _resolve_format(body, fmt)
    try:
        # from_buffer reads in memory; no temporary file needed.
        document = webvtt.from_buffer(io.StringIO(body), format=fmt)
    except (MalformedFileError, MalformedCaptionError):
        raise TranscriptError(_NOT_FORMAT[fmt]) from None
    skipped_lines = len(_LINE_BREAK.split(text[: len(text) - len(body)])) - 1
    _check_timing_lines(body, fmt, first_line=skipped_lines + 1)
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
