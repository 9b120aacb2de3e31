"""Times written in a link's fragment: W3C media fragments (#t=10,20) and the video sites' own forms.

Pure core: standard library only. media.py turns what this module reads into whole seconds.

* `media_fragment_times` reads "#t=…" as the W3C Media Fragments URI 1.0 spec and its user-agent
  test cases do (section 4.2.1 "Normal Play Time"; processing in section 5): name-value pairs split
  on "&" and "=", each side percent-decoded after splitting, the last *valid* "t" wins, and a "t" that
  is not valid is ignored (the media plays from the start), never an error. Valid values:
  "10", "10.5", "10.", "01:30", "0:01:30" (npt-sec, npt-mmss, npt-hhmmss), an optional "npt:" prefix,
  and "a,b", ",b" ranges whose start is before their end. Other formats ("smpte:…", "clock:…") are
  ignored: a player of ours cannot seek by them.
* `site_fragment_times` reads the video sites' fragments (#t=90, #t=1m30s, #start=70&end=245, and
  media-fragment ranges "#t=10,20"); a time that cannot be read is ignored there too ("#t=3," means
  nothing), with the sites' own time forms read by the caller's reader (media.parse_timecode).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

# npt-sec = 1*DIGIT [ "." *DIGIT ]; npt-mmss = 2DIGIT ":" 2DIGIT [ "." *DIGIT ];
# npt-hhmmss = 1*DIGIT ":" 2DIGIT ":" 2DIGIT [ "." *DIGIT ]  (minutes and seconds 0-59)
_NPT = re.compile(r"(?:(\d+):)??(?:(\d\d):)?(\d+)(\.\d*)?")
_OTHER_FORMAT = re.compile(r"[A-Za-z][A-Za-z0-9-]*:")


def fragment_pairs(fragment: str) -> list[tuple[str, str]]:
    """The fragment's name-value pairs in order; a part without "=" is no pair (W3C: "t%3D3" is not "t=3")."""
    pairs = []
    for part in fragment.split("&"):
        name, equals, value = part.partition("=")
        if equals:
            pairs.append((unquote(name), unquote(value)))
    return pairs


def npt_seconds(text: str) -> float | None:
    """Seconds of one npt time ("10", "10.5", "10.", "01:30", "0:01:30"), or None when it is not one."""
    match = _NPT.fullmatch(text)
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if hours is not None and minutes is None:  # "h:ss" is not a form of its own
        return None
    if minutes is not None and (len(seconds) != 2 or int(minutes) > 59 or int(seconds) > 59):
        return None
    fraction_value = float("0" + fraction) if fraction and len(fraction) > 1 else 0.0
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds) + fraction_value


def npt_range(value: str) -> tuple[float | None, float | None] | None:
    """(start, end) of a "t" value ("10", "10,20", ",20", "npt:10,20"), or None when it is not valid."""
    if value.startswith("npt:"):
        value = value[4:]
    elif _OTHER_FORMAT.match(value):
        return None  # smpte:, clock: or an unknown format
    start_text, comma, end_text = value.partition(",")
    start = npt_seconds(start_text) if start_text else None
    if start_text and start is None:
        return None
    if not comma:
        return (start, None) if start is not None else None
    end = npt_seconds(end_text)
    if end is None or (start is not None and start >= end) or (start is None and end <= 0):
        return None  # "3," and "3,7,9" fail here: the end must be one time after the start
    return start, end


def media_fragment_times(fragment: str) -> tuple[float | None, float | None]:
    """(start, end) of the last valid "t" in a media fragment; (None, None) when there is none."""
    found: tuple[float | None, float | None] = (None, None)
    for name, value in fragment_pairs(fragment):
        if name == "t":
            times = npt_range(value)
            if times is not None:
                found = times
    return found


def _site_time(value: str, read_time: Callable[[str], float | None]) -> tuple[float | None, float | None] | None:
    try:
        return read_time(value), None  # "90", "1m30s", "1:30" as the sites write them
    except ValueError:
        return npt_range(value)


def site_fragment_times(fragment: str, read_time: Callable[[str], float | None]) -> tuple[float | None, float | None]:
    """(start, end) a YouTube or Vimeo link's fragment gives: #t=, #start=, #end= (start= and end= win over
    t=, the last readable value of each counts); `read_time` raises ValueError for what it cannot read."""
    found: dict[str, float | None] = {"t": None, "t_end": None, "start": None, "end": None}
    for name, value in fragment_pairs(fragment):
        times = _site_time(value, read_time) if name in ("t", "start", "end") else None
        if times is None:
            continue
        if name == "t":
            found["t"], found["t_end"] = times
        elif times[1] is None and times[0] is not None:
            found[name] = times[0]
    start = found["start"] if found["start"] is not None else found["t"]
    return start, found["end"] if found["end"] is not None else found["t_end"]
