"""Video URLs and timecodes: which player a link needs, and where a clip starts.

Pure core: standard library only. Every `MediaError` message is a plain English
sentence meant for course authors; callers prefix it with the segment id.

Decisions callers rely on:

* Vimeo `video_id` is the numeric id, followed by ":" and the private hash for
  unlisted videos ("76979871" or "76979871:8ee0fa3b5c"); `vimeo_parts` splits it.
* Times in a URL, by precedence: YouTube `start=` over `t=` over
  `time_continue=` over the fragment (`#start=` over `#t=`; `#end=`); Vimeo `#t=`
  over `?t=`. Every time form parse_timecode reads is accepted there ("90", "90s",
  "1m30", "1m30s", "1:30"); a query time that cannot be read is an error, a
  fragment time that cannot be read is ignored, as the sites ignore it ("#t=3,").
  HTML5 media: the W3C media fragment `#t=start,end` (url_times.py).
* Protocol-relative ("//host/…") and scheme-less ("www.youtube.com/…") links
  are read as https; a bare 11-character YouTube id is that video.
* A known redirector's link (a Google search result …) is unwrapped once
  (link_redirects.py); shortened links are refused, as where they lead is unknown.
* An empty timecode ("" or None) means "not set" and parses to None.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from . import link_redirects, url_times, video_hosts
from .messages import N_

MAX_URL_LENGTH = 2000
MAX_TIMECODE_SECONDS = 48 * 3600  # far beyond any talk; catches typos such as an extra digit
# Long enough for "01:02:03.500" with spaces; anything longer is not a timecode
# (and int() of thousands of digits is slow or refused).
MAX_TIMECODE_LENGTH = 32

# Translators: the time formats a video time may be written in.
TIMECODE_FORMS = N_("seconds (75), minutes and seconds (1:15), hours, minutes and seconds (1:02:03) or 1h2m3s")

MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogg": "video/ogg",  # Ogg holds video or audio alike; the <video> element plays both
    ".ogv": "video/ogg",
    ".m3u8": "application/x-mpegURL",
    # Audio-only talks (an expert's podcast with a transcript is a fine segment).
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
}

_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_COLON = re.compile(r"(\d+)(?::(\d{1,2})){1,2}(?:\.\d+)?")
# "1h2m3s", and as YouTube and Vimeo also read them, "1m40" / "1h2m3" without the final "s".
_UNITS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?", re.IGNORECASE)
# Whitespace, control characters and backslashes let a link mean different things
# to us and to the browser; quotes and angle brackets are always percent-encoded
# in real links and only serve to break out of an HTML attribute.
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f\\\"<>`]")


class MediaError(ValueError):
    """Human-readable validation error."""


@dataclass(frozen=True)
class MediaSource:
    """A video link, reduced to what the player and the exports need."""

    provider: str  # "youtube" | "vimeo" | "html5"
    video_id: str  # YouTube 11-char id; Vimeo "ID" or "ID:HASH"; html5: the media URL
    url: str  # canonical public link (html5: the normalised URL, without fragment)
    url_start: int | None  # from t= / start= / #t= in the URL
    url_end: int | None  # from end= or the #t=start,end media fragment
    media_type: str | None = None  # html5 only, e.g. "video/mp4" or "audio/mpeg"

    @property
    def is_audio(self) -> bool:
        """An audio-only file (.mp3, .m4a …): still provider "html5", played by the same element."""
        return (self.media_type or "").startswith("audio/")


# --- Timecodes -------------------------------------------------------------


def _finite(value: int | float) -> bool:
    # math.isfinite() overflows on huge ints, which are finite anyway.
    return isinstance(value, int) or math.isfinite(value)


def _is_seconds(value: object) -> bool:
    """A finite number >= 0 (bool excluded: True is an int, but not a time)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and _finite(value)
        and value >= 0
    )


def _timecode_error(value: object) -> MediaError:
    return MediaError(N_('"{value}" is not a valid time. Use {forms}.', value=_shown(str(value), 40), forms=TIMECODE_FORMS))


def _checked_seconds(seconds: float, value: object) -> int:
    """Whole seconds (rounded down), within 0..48 hours."""
    if not _finite(seconds) or seconds < 0:
        raise _timecode_error(value)
    if seconds > MAX_TIMECODE_SECONDS:
        raise MediaError(N_('"{value}" is longer than 48 hours. Use {forms}.', value=_shown(str(value), 40),
                            forms=TIMECODE_FORMS))
    return int(seconds)


def _colon_seconds(text: str) -> float | None:
    """Seconds of "m:ss" or "h:mm:ss" (fraction allowed on the last field)."""
    if not _COLON.fullmatch(text):
        return None
    whole, _, fraction = text.partition(".")
    fields = [int(part) for part in whole.split(":")]
    # Only the first field may overflow its unit: "90:00" is 90 minutes, "1:75" is a typo.
    if any(part >= 60 for part in fields[1:]):
        return None
    seconds = 0
    for part in fields:
        seconds = seconds * 60 + part
    return seconds + float(f"0.{fraction}" if fraction else 0)


def _unit_seconds(text: str) -> float | None:
    """Seconds of "1h2m3s", "2m", "90s", "1m05s"."""
    match = _UNITS.fullmatch(text)
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)


def parse_timecode(value: object) -> int | None:
    """Read a time into whole seconds (rounded down), or None when empty.

    Accepts numbers >= 0 and strings such as "75", "75.5", "1:15", "01:02:03",
    "1h2m3s", "2m", "90s". Raises `MediaError` for anything else, negative
    times and times over 48 hours.
    """
    if value is None:
        return None
    if isinstance(value, bool):  # bool is an int subclass, but True is not a time
        raise _timecode_error(value)
    if isinstance(value, (int, float)):
        return _checked_seconds(value, value)
    if not isinstance(value, str):
        raise _timecode_error(value)
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_TIMECODE_LENGTH:
        raise _timecode_error(value)
    if _SECONDS.fullmatch(text):
        seconds: float | None = float(text)
    else:
        seconds = _colon_seconds(text)
        if seconds is None:
            seconds = _unit_seconds(text)
    if seconds is None:
        raise _timecode_error(value)
    return _checked_seconds(seconds, text)


def format_timecode(seconds: int) -> str:
    """"m:ss" under an hour, "h:mm:ss" otherwise; parse_timecode reads it back."""
    if not _is_seconds(seconds):
        raise MediaError(N_('"{value}" is not a valid time. Times must be zero or more seconds.', value=str(seconds)))
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


# --- URL parsing -----------------------------------------------------------


def _shown(text: str, limit: int = 80) -> str:
    """Quote-able excerpt of user input, so a huge value cannot flood the message."""
    return text if len(text) <= limit else text[:limit] + "…"


_PASTE_OWN_LINK = N_("Paste the video's own link instead (on the video's page: Share → Copy link).")


def _url_error(url: str) -> MediaError:
    return MediaError(
        N_('"{url}" is not a YouTube, Vimeo or direct media (.mp4, .webm, .ogg, .m3u8) URL.', url=_shown(url))
    )


def _url_time(value: str | None) -> int | None:
    """A time taken from a URL parameter, with an error that says where it came from."""
    if value is None or not value.strip():
        return None
    try:
        return parse_timecode(value)
    except MediaError:
        raise MediaError(N_('The time "{value}" in the URL is not valid. Use {forms}.', value=_shown(value, 40),
                            forms=TIMECODE_FORMS)) from None


def _media_type(path: str) -> str | None:
    lowered = path.lower()
    for extension, media_type in MEDIA_TYPES.items():
        if lowered.endswith(extension):
            return media_type
    return None


def _whole_seconds(times: tuple[float | None, float | None]) -> tuple[int | None, int | None] | None:
    """Whole seconds of a fragment's (start, end); None when a time is over 48 hours (ignored, not an error)."""
    try:
        start, end = (None if time is None else _checked_seconds(time, time) for time in times)
        return start, end
    except MediaError:
        return None


def _html5(url: str, parts: SplitResult) -> MediaSource:
    media_type = _media_type(parts.path)
    if media_type is None:
        raise _url_error(url)
    # Drop the fragment: its times live in url_start/url_end, embed_url adds its own.
    normalised = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))
    start, end = _whole_seconds(url_times.media_fragment_times(parts.fragment)) or (None, None)
    return MediaSource(
        provider="html5",
        video_id=normalised,
        url=normalised,
        url_start=start,
        url_end=end,
        media_type=media_type,
    )


def _split(url: str) -> SplitResult:
    """urlsplit with the safety checks every provider needs."""
    if url.startswith("/") and not url.startswith("//"):
        return urlsplit(url)  # site-relative course asset, e.g. /asset-v1:…@clip.mp4
    absolute = "https:" + url if url.startswith("//") else url  # protocol-relative embed src
    first = url.split("/", 1)[0]
    if "://" not in url and ":" not in first and "." in first:
        absolute = "https://" + url  # "youtube.com/watch?v=…" pasted without a scheme
    parts = urlsplit(absolute)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _url_error(url)
    if parts.username is not None or parts.password is not None:
        raise MediaError("Video URLs must not contain a user name or password.")
    try:
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError:
        raise _url_error(url) from None
    return parts


def _video_source(url: str, host: str, parts: SplitResult, depth: int, inside_redirect: bool) -> MediaSource:
    target = video_hosts.redirect_target(host, parts)
    if target is not None and depth < 2:
        source = _parse(target, depth + 1, inside_redirect)  # attribution/consent redirect: the plain link inside
        if source.provider == "html5":
            raise MediaError(N_('"{url}" redirects to a link that is not a YouTube or Vimeo video.', url=_shown(url)))
        return source
    try:
        found = video_hosts.recognise(url, host, parts)
    except video_hosts.NotOneVideo as exc:
        raise MediaError(exc.args[0]) from None  # keeps the message id for translation
    # What the fragment says counts unless it cannot be read: "#t=3," means nothing, as on the sites.
    fragment_start, fragment_end = _whole_seconds(url_times.site_fragment_times(found.fragment, parse_timecode)) \
        or (None, None)
    if found.provider == "vimeo":  # Vimeo's own form is #t=; ?t= is older
        start = fragment_start if fragment_start is not None else _url_time(found.start)
    else:  # YouTube: start= over t= over time_continue= over the fragment
        start = _url_time(found.start) if found.start else fragment_start
    end = _url_time(found.end) if found.end else fragment_end
    return MediaSource(provider=found.provider, video_id=found.video_id, url=found.url, url_start=start, url_end=end)


def _unwrapped(url: str, site: str, target: str | None, depth: int, inside_redirect: bool) -> MediaSource:
    """The source a known redirector's link leads to (unwrapped once), or a refusal saying what it is."""
    if target is None:
        raise MediaError(N_('"{url}" is a {site} redirect link without the address it leads to. {advice}',
                            url=_shown(url, 60), site=site, advice=_PASTE_OWN_LINK))
    if inside_redirect:
        raise MediaError(N_('"{url}" is itself a {site} redirect link, and only one redirect is followed. {advice}',
                            url=_shown(url, 60), site=site, advice=_PASTE_OWN_LINK))
    try:
        return _parse(target, depth, inside_redirect=True)
    except MediaError as exc:
        raise MediaError(N_('"{url}" is a {site} redirect link. The link inside it: {problem}', url=_shown(url, 60),
                            site=site, problem=exc.args[0])) from None


def _parse(url: str, depth: int = 0, inside_redirect: bool = False) -> MediaSource:
    if not isinstance(url, str) or not url.strip():
        raise MediaError("The video URL is empty.")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise MediaError(N_("The video URL is longer than {limit} characters.", limit=str(MAX_URL_LENGTH)))
    if url[:1] == "<" and "src=" in url.lower():
        raise MediaError("This looks like embed code. Paste only the address inside src=\"…\" (or the video's own link).")
    if _UNSAFE_URL_CHARS.search(url):
        raise _url_error(url)
    bare_id = url[10:] if url[:10].lower() == "youtube://" else url  # the YouTube app's links: youtube://ID
    if video_hosts.YOUTUBE_ID.fullmatch(bare_id):  # a bare YouTube video id, as downloaders read one
        return MediaSource("youtube", bare_id, f"https://www.youtube.com/watch?v={bare_id}", None, None)
    parts = _split(url)
    host = (parts.hostname or "").lower()
    wrapped = link_redirects.unwrap(host, parts.path, parts.query)
    if wrapped is not None:
        return _unwrapped(url, *wrapped, depth, inside_redirect)
    if link_redirects.is_shortener(host):
        raise MediaError(N_('"{url}" is a shortened link, and where it leads cannot be checked here. Open it in your '
                            "browser and paste the address of the video's page instead.", url=_shown(url)))
    if video_hosts.is_video_host(host):
        return _video_source(url, host, parts, depth, inside_redirect)
    return _html5(url, parts)


def parse_media_url(url: str) -> MediaSource:
    """Recognise a YouTube, Vimeo or direct media URL; raise `MediaError` otherwise.

    YouTube and Vimeo forms are in video_hosts.py; a link on those sites that names
    no single video (a playlist, a channel …) is refused with a message saying so.
    """
    return _parse(url)


# --- Links for the player and the learner ----------------------------------


def vimeo_parts(video_id: str) -> tuple[str, str | None]:
    """Split a Vimeo `video_id` into (numeric id, privacy hash or None)."""
    number, _, private_hash = video_id.partition(":")
    return number, private_hash or None


# One message per field: a message names what the person sees, never a parameter's name.
_NEGATIVE_CLIP_TIME = {
    "start": N_("The clip start time must be zero or more seconds."),
    "end": N_("The clip end time must be zero or more seconds."),
}


def _seconds(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if not _is_seconds(value):
        raise MediaError(_NEGATIVE_CLIP_TIME[name])
    return int(value)


def embed_url(source: MediaSource, start: int, end: int | None) -> str:
    """The iframe/video src that plays the clip [start, end].

    YouTube uses the privacy-enhanced youtube-nocookie.com player and Vimeo
    gets dnt=1 (no tracking). Vimeo's embed has no end parameter, so the
    caller's player code must stop playback at `end` itself.
    """
    start = _seconds(start, "start") or 0
    end = _seconds(end, "end")
    if end is not None and end <= start:
        raise MediaError("The clip end time must be after its start time.")
    if source.provider == "youtube":
        end_param = f"&end={end}" if end is not None else ""
        return f"https://www.youtube-nocookie.com/embed/{source.video_id}?start={start}{end_param}&rel=0"
    if source.provider == "vimeo":
        number, private_hash = vimeo_parts(source.video_id)
        hash_param = f"&h={private_hash}" if private_hash else ""
        return f"https://player.vimeo.com/video/{number}?dnt=1{hash_param}#t={start}s"
    fragment = f"#t={start},{end}" if end is not None else f"#t={start}"
    return source.url + fragment


def source_link(source: MediaSource, start: int) -> str:
    """A "watch the full talk" link on the provider's site, opening at `start`."""
    start = _seconds(start, "start") or 0
    if source.provider == "youtube":
        return f"https://www.youtube.com/watch?v={source.video_id}&t={start}s"
    if source.provider == "vimeo":
        return f"{source.url}#t={start}s"
    return source.url
