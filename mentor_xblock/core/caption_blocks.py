"""Where each cue of a caption file starts and ends: WebVTT as the W3C parser reads it, SRT as tools write it.

Pure core: standard library only. transcripts.py gives what these functions find to webvtt-py in a
normalised form (one canonical timing line and the cue's text lines per cue), so webvtt-py reads
every cue the W3C algorithm keeps and nothing else, whatever the file's own layout.

WebVTT (https://w3c.github.io/webvtt/#file-parsing, and web-platform-tests webvtt/parsing):
* blocks are collected line by line: a line containing "-->" is a cue's timing line only as the
  block's first line, or its second after an id; anywhere else it ends the block and starts the next
  one (so cues written without blank lines between them are still cues). The header ends at such a
  line too.
* a timing line is read exactly: hours optional and of any length, minutes and seconds two digits up
  to 59, exactly three fraction digits, whitespace (space, tab, form feed) around "-->". A timing line
  that cannot be read makes its block no cue: that cue is skipped, the others are kept.
* one exception, for files converted from SRT without blank lines: a line of digits just before a
  timing line, under a cue that already has text, is the next cue's number, not caption text.

SRT (cdown/srt, pysrt and SubRip's own files): an optional cue number (any line at the start of a
block, or a number just before a timing line), a timing line ("00:01:02,500 --> 00:01:04,000", "."
or full-width separators, "- >" and "-- >" arrows, anything after the end time ignored), and text
that runs to the next cue: a blank line followed by more text continues the caption. A block that
starts with a cue number but has no timing line is an error (`BadBlock`), never text of the cue above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DIGITS = re.compile(r"[0-9]*")
_WHITESPACE = re.compile(r"[ \t\n\f\r]*")  # WebVTT's whitespace: no vertical tab, no Unicode spaces
_NUMBER = re.compile(r"\s*-?[0-9]+(?:\.[0-9]*)?\s*")  # SRT cue numbers: "12", "012", "-3", "12.5"
_SRT_TIME = r"([0-9]+)[:：]([0-9]+)[:：]([0-9]+)[,.:，．。：]([0-9]+)"
_SRT_TIMING = re.compile(rf"\s*{_SRT_TIME}\s*-[ -]\s*>\s*{_SRT_TIME}")
_SRT_ARROW = re.compile(r"\s*[0-9].*-[ -]\s*>")
MAX_HOUR_DIGITS = 9  # hours may have any number of digits; beyond this they only make int() slow


@dataclass
class RawCue:
    start: int  # milliseconds
    end: int
    lines: list[str] = field(default_factory=list)


class BadBlock(ValueError):
    """A block that cannot be read: `kind` is "timing" (a timing line that cannot be read) or
    "no_timing" (an SRT block without one); `index` is the line's index in the lines given."""

    def __init__(self, kind: str, index: int, line: str):
        super().__init__(kind, index, line)
        self.kind, self.index, self.line = kind, index, line


def split_lines(text: str) -> list[str]:
    """The lines of a text split on CR, LF and CRLF; a final line terminator ends the last line."""
    lines = LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


# --- WebVTT -----------------------------------------------------------------------


def is_vtt_signature(line: str) -> bool:
    """The first line of a WebVTT file: "WEBVTT" alone or followed by a space or tab and any text."""
    return line == "WEBVTT" or line.startswith(("WEBVTT ", "WEBVTT\t"))


def _digits(text: str, pos: int) -> tuple[str, int]:
    found = _DIGITS.match(text, pos).group()  # type: ignore[union-attr]
    return found, pos + len(found)


def _timestamp(text: str, pos: int) -> tuple[int, int] | None:
    """(milliseconds, position after it) of the WebVTT timestamp at `pos`, or None (W3C "collect a
    WebVTT timestamp")."""
    first, pos = _digits(text, pos)
    if not first or len(first) > MAX_HOUR_DIGITS or text[pos:pos + 1] != ":":
        return None
    has_hours = len(first) != 2 or int(first) > 59
    second, pos = _digits(text, pos + 1)
    if len(second) != 2:
        return None
    if has_hours or text[pos:pos + 1] == ":":
        if text[pos:pos + 1] != ":":
            return None
        third, pos = _digits(text, pos + 1)
        if len(third) != 2:
            return None
        hours, minutes, seconds = int(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if text[pos:pos + 1] != ".":
        return None
    fraction, pos = _digits(text, pos + 1)
    if len(fraction) != 3 or minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction), pos


def vtt_timings(line: str) -> tuple[int, int] | None:
    """(start, end) in milliseconds of a WebVTT cue timing line, or None; cue settings are ignored."""
    pos = _WHITESPACE.match(line).end()  # type: ignore[union-attr]
    start = _timestamp(line, pos)
    if start is None:
        return None
    pos = _WHITESPACE.match(line, start[1]).end()  # type: ignore[union-attr]
    if line[pos:pos + 3] != "-->":
        return None
    end = _timestamp(line, _WHITESPACE.match(line, pos + 3).end())  # type: ignore[union-attr]
    return None if end is None else (start[0], end[0])


def _vtt_block(lines: list[str], i: int, in_header: bool) -> tuple[int, RawCue | None, int | None]:
    """(index after the block, its cue or None, index of a timing line that could not be read or None)
    (W3C "collect a WebVTT block"; STYLE and REGION blocks are no cues, so they need no reading here)."""
    count, seen_arrow, cue, bad = 0, False, None, None
    while i < len(lines):
        line = lines[i]
        count += 1
        if "-->" in line:
            if in_header or not (count == 1 or (count == 2 and not seen_arrow)):
                if cue is not None and len(cue.lines) >= 2 and cue.lines[-1].strip().isdigit():
                    cue.lines.pop()  # the next cue's number in a file converted from SRT
                break  # this line starts the next block
            seen_arrow = True
            timings = vtt_timings(line)
            cue, bad = (RawCue(*timings), None) if timings else (None, i)
        elif not line:
            return i + 1, cue, bad
        elif cue is not None:
            cue.lines.append(line)
        i += 1
    return i, cue, bad


def vtt_cues(lines: list[str]) -> tuple[list[RawCue], list[int]]:
    """The cues of a WebVTT file's lines (lines[0] is its "WEBVTT" line), and the indexes of the timing
    lines that could not be read (their cues are skipped, as the W3C parser skips them)."""
    cues, bad, i = [], [], 1
    if i < len(lines) and lines[i]:
        i, _, _ = _vtt_block(lines, i, in_header=True)
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        i, cue, bad_line = _vtt_block(lines, i, in_header=False)
        if cue is not None:
            cues.append(cue)
        if bad_line is not None:
            bad.append(bad_line)
    return cues, bad


# --- SRT --------------------------------------------------------------------------


def srt_timings(line: str) -> tuple[int, int] | None:
    """(start, end) in milliseconds of an SRT timing line, or None; what follows the end time is ignored."""
    match = _SRT_TIMING.match(line)
    if match is None:
        return None
    h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(value) for value in match.groups())
    return ((h1 * 60 + m1) * 60 + s1) * 1000 + ms1, ((h2 * 60 + m2) * 60 + s2) * 1000 + ms2


def _is_srt_timing(line: str) -> bool:
    return "-->" in line or bool(_SRT_ARROW.match(line))


def srt_cues(lines: list[str]) -> list[RawCue]:
    """The cues of an SRT file's lines; raises `BadBlock` for a timing line that cannot be read and for
    a block that starts with a cue number (or the file's first block) but has no timing line."""
    cues: list[RawCue] = []
    block_start = True
    for i, line in enumerate(lines):
        if not line.strip():
            block_start = True
            continue
        if _is_srt_timing(line):
            timings = srt_timings(line)
            if timings is None:
                raise BadBlock("timing", i, line)
            cues.append(RawCue(*timings))
        elif i + 1 < len(lines) and _is_srt_timing(lines[i + 1]) and (block_start or _NUMBER.fullmatch(line)):
            pass  # the cue's number (pysrt also reads any line there, "foo", as one)
        elif block_start and (not cues or _NUMBER.fullmatch(line)):
            # Point at what follows a lost cue's number: "Line 6: … "Orphan text"".
            text_after = i + 1 < len(lines) and lines[i + 1].strip() and _NUMBER.fullmatch(line)
            raise BadBlock("no_timing", i + 1, lines[i + 1]) if text_after else BadBlock("no_timing", i, line)
        else:
            cues[-1].lines.append(line)  # text, also after a blank line inside the caption
        block_start = False
    return cues
