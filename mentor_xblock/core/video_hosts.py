"""Which single YouTube or Vimeo video a link names, whatever form the author pasted.

Pure core: standard library only. `media.parse_media_url` calls `recognise` after its
safety checks (scheme, credentials, unsafe characters) and turns the result into a
`MediaSource`; times stay text here, media.py parses them.

Accepted: every form that names one video (watch, pop-up, short, live, embed, nocookie,
mobile, music and kids hosts, the mobile site's "#/watch?v=" links, old /v/ embeds,
thumbnails, YouTube Studio's pages of one video, Invidious/Piped front-ends, attribution
and consent redirects whose target is plain; Vimeo unlisted hashes, channel/group/album/
showcase video pages, review pages with their hash, an event's recorded videos).
Refused with `NotOneVideo`, whose message says what the link was recognised as and
what to paste instead: playlists, channels, live-stream-by-channel, clips, showcases,
albums, groups, manage pages (which lack an unlisted video's hash), search results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .messages import N_

YOUTUBE_HOSTS = frozenset({
    "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "gaming.youtube.com",
    "youtubekids.com", "www.youtubekids.com",
    "youtube.googleapis.com",  # old Flash embeds: youtube.googleapis.com/v/ID
    "gdata.youtube.com",  # the retired data API: /feeds/api/videos/ID
})
YOUTUBE_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
YOUTUBE_SHORT_HOSTS = frozenset({"youtu.be", "www.youtu.be", "y2u.be"})
# Front-ends that show a YouTube video under its own id; redirect.invidious.io/ID like youtu.be/ID.
YOUTUBE_MIRROR_HOSTS = frozenset({
    "invidio.us", "www.invidio.us", "dev.invidio.us", "redirect.invidious.io", "yewtu.be", "piped.video",
    "hooktube.com", "www.hooktube.com",
})
YOUTUBE_IMAGE_HOSTS = frozenset({"img.youtube.com", "i.ytimg.com", "i1.ytimg.com", "i2.ytimg.com", "i3.ytimg.com",
                                 "i4.ytimg.com", "i9.ytimg.com"})
YOUTUBE_CONSENT_HOSTS = frozenset({"consent.youtube.com"})
YOUTUBE_STUDIO_HOSTS = frozenset({"studio.youtube.com"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "vimeopro.com", "www.vimeopro.com"})
VIMEO_PLAYER_HOSTS = frozenset({"player.vimeo.com", "www.player.vimeo.com"})
ALL_HOSTS = (YOUTUBE_HOSTS | YOUTUBE_NOCOOKIE_HOSTS | YOUTUBE_SHORT_HOSTS | YOUTUBE_MIRROR_HOSTS | YOUTUBE_IMAGE_HOSTS
             | YOUTUBE_CONSENT_HOSTS | YOUTUBE_STUDIO_HOSTS | VIMEO_HOSTS | VIMEO_PLAYER_HOSTS)

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"\d{1,15}")
VIMEO_HASH = re.compile(r"[0-9a-fA-F]{4,64}")
# Path words that sit where a video id goes but name something else (both are 11 characters).
_YOUTUBE_NOT_IDS = {"videoseries": "playlist", "live_stream": "live_stream"}
# Where a YouTube video id follows the first path part: /embed/ID, /shorts/ID ...
_YOUTUBE_ID_PATHS = ("embed", "shorts", "live", "v", "vi", "e", "watch", "vi_webp", "an_webp")
# Pages that take the id as ?v= (or the older ?vi=): watch and its pop-up player, old mobile
# "details", screening room, the caption editors; Studio's old edit page takes ?video_id=.
_YOUTUBE_QUERY_PATHS = ("watch", "watch_popup", "watch.php", "movie", "movie_popup", "details", "ytscreeningroom",
                        "timedtext_editor", "timedtext_video", "edit", "my_videos_edit")
# An old channel page that plays one video: /user/NAME#p/u/1/VIDEO_ID.
_YOUTUBE_CHANNEL_VIDEO = re.compile(r"p/(?:[a-z]+/)*\d+/([A-Za-z0-9_-]{11})")

_PASTE_YOUTUBE = N_("Paste the link of one video instead, e.g. https://www.youtube.com/watch?v=VIDEO_ID (Share → Copy link on the video).")
_PASTE_VIMEO = N_("Paste the link of one video instead, e.g. https://vimeo.com/123456789 (Share → Copy link on the video).")
# Translators: each phrase completes '"{url}" is {kind}, not one video.'
_YOUTUBE_KINDS = {
    "playlist": N_("a YouTube playlist"),
    "channel": N_("a YouTube channel page"),
    "live_stream": N_("a YouTube channel's live stream (it changes from one broadcast to the next)"),
    "search": N_("a YouTube search page"),
    "studio": N_("a YouTube Studio page (for the video's owner, not viewers)"),
    "feed": N_("a YouTube feed page"),
    "clip": N_("a YouTube clip (paste the video it was cut from, and set the start and end times here)"),
}
_VIMEO_KINDS = {
    "channels": N_("a Vimeo channel"),
    "groups": N_("a Vimeo group"),
    "album": N_("a Vimeo showcase (album)"),
    "showcase": N_("a Vimeo showcase"),
    "manage": N_("a Vimeo manage page (for the video's owner, not viewers)"),
    "review": N_("a Vimeo review page (private feedback, not the video's public link)"),
    "search": N_("a Vimeo search page"),
    "user": N_("a Vimeo member page"),
    "event": N_("a Vimeo live event"),
    "categories": N_("a Vimeo category page"),
}


class NotOneVideo(ValueError):
    """The link is on a known video site but names no single video; the message says why."""


@dataclass(frozen=True)
class HostMatch:
    provider: str  # "youtube" | "vimeo"
    video_id: str  # YouTube 11-char id; Vimeo "ID" or "ID:HASH"
    url: str  # canonical public link
    start: str | None  # time text from the query, as found in the link
    end: str | None
    fragment: str = ""  # the fragment, where the sites also write times (#t=1m30s, #start=70&end=245)


def query(text: str) -> dict[str, str]:
    """First value of each query parameter (later duplicates are ignored)."""
    params: dict[str, str] = {}
    for key, val in parse_qsl(text, keep_blank_values=True):
        params.setdefault(key, val)
    return params


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _youtube_refusal(url: str, kind: str) -> NotOneVideo:
    return NotOneVideo(N_('"{url}" is {kind}, not one video. {advice}', url=_shown(url), kind=_YOUTUBE_KINDS[kind],
                          advice=_PASTE_YOUTUBE))


def _vimeo_refusal(url: str, kind: str) -> NotOneVideo:
    return NotOneVideo(N_('"{url}" is {kind}, not one video. {advice}', url=_shown(url), kind=_VIMEO_KINDS[kind],
                          advice=_PASTE_VIMEO))


def is_video_host(host: str) -> bool:
    return host in ALL_HOSTS


def _redirect_target(host: str, parts, params: dict[str, str]) -> str | None:
    """The plain link inside an attribution or consent redirect, or None."""
    if host in YOUTUBE_CONSENT_HOSTS:
        return params.get("continue")
    if parts.path.rstrip("/") == "/attribution_link":
        target = params.get("u", "")
        return "https://www.youtube.com" + target if target.startswith("/") else None
    return None


def _from_query(url: str, params: dict[str, str]) -> str | None:
    """?v=, ?vi= or ?video_id=; a v= longer than an id names the video of its first 11 characters, as on
    YouTube ("watch?v=BaW_jenozKcsharePLED…" is BaW_jenozKc)."""
    video = params.get("v") or params.get("vi") or params.get("video_id")
    if video is None and "list" in params:
        raise _youtube_refusal(url, "playlist")
    if video and len(video) > 11 and YOUTUBE_ID.fullmatch(video[:11]):
        return video[:11]
    return video


def _youtube_special(url: str, host: str, path_parts: list[str]) -> str | None:
    """Ids on the hosts other than youtube.com's pages: short links, mirrors, thumbnails, Studio."""
    first = path_parts[0].lower() if path_parts else ""
    if host in YOUTUBE_SHORT_HOSTS | YOUTUBE_MIRROR_HOSTS:
        # "youtu.be/ID&feature=…" (a "?" typed as "&") still names the video.
        return path_parts[0].split("&")[0] if len(path_parts) == 1 else None
    if host in YOUTUBE_IMAGE_HOSTS:  # a thumbnail: i.ytimg.com/vi/ID/hqdefault.jpg, /an_webp/ID/…
        return path_parts[1] if len(path_parts) >= 2 and first in ("vi", "vi_webp", "an_webp") else None
    if host in YOUTUBE_STUDIO_HOSTS:  # studio.youtube.com/video/ID/edit, …/analytics
        if len(path_parts) >= 2 and first == "video":
            return path_parts[1]
        raise _youtube_refusal(url, "studio")
    return None


def _youtube_candidate(url: str, host: str, parts, params: dict[str, str]) -> str | None:
    """The id-shaped part of a YouTube link, or None; refuses links that are not one video."""
    path_parts = [part for part in parts.path.split("/") if part]
    first = path_parts[0].lower() if path_parts else ""
    if host in YOUTUBE_SHORT_HOSTS | YOUTUBE_IMAGE_HOSTS | YOUTUBE_STUDIO_HOSTS or (
            host in YOUTUBE_MIRROR_HOSTS and len(path_parts) == 1 and first not in _YOUTUBE_QUERY_PATHS):
        return _youtube_special(url, host, path_parts)
    if first in _YOUTUBE_QUERY_PATHS and len(path_parts) == 1 or not path_parts:
        return _from_query(url, params)
    if first in _YOUTUBE_ID_PATHS and len(path_parts) == 2:
        candidate = path_parts[1].split("&")[0]
        kind = _YOUTUBE_NOT_IDS.get(candidate)
        if kind:
            raise _youtube_refusal(url, kind)
        return candidate
    if path_parts[:3] == ["feeds", "api", "videos"] and len(path_parts) >= 4:
        return path_parts[3]  # gdata.youtube.com/feeds/api/videos/ID[/related]
    if first == "source" and len(path_parts) == 3 and path_parts[2] == "shorts":
        return path_parts[1]  # a Short's sound: the video it comes from
    if first == "embed" and len(path_parts) == 1 and params.get("list"):
        raise _youtube_refusal(url, "playlist")  # /embed?listType=playlist&list=…
    if first == "playlist":
        raise _youtube_refusal(url, "playlist")
    if first in ("channel", "c", "user") or first.startswith("@"):
        old_style = _YOUTUBE_CHANNEL_VIDEO.fullmatch(parts.fragment.split("?")[0])
        if old_style:
            return old_style.group(1)
        raise _youtube_refusal(url, "live_stream" if path_parts[-1] == "live" else "channel")
    kind = {"results": "search", "search": "search", "feed": "feed", "clip": "clip"}.get(first)
    if kind:
        raise _youtube_refusal(url, kind)
    return None


def _app_fragment(parts):
    """The mobile site's links keep the page in the fragment: m.youtube.com/#/watch?v=ID, …/#!v=ID."""
    fragment = parts.fragment.lstrip("!")
    if parts.path.strip("/") in ("", "watch") and fragment.startswith("/"):
        return urlsplit("https://www.youtube.com" + fragment)
    if parts.path.strip("/") in ("", "watch") and "v" not in query(parts.query) and "v" in query(fragment):
        return urlsplit(f"https://www.youtube.com/watch?{fragment}")
    return None


def _youtube(url: str, host: str, parts) -> HostMatch:
    inner = _app_fragment(parts)
    if inner is not None:
        parts = inner
    # Links copied from HTML source keep their escaped "&": watch?feature=player_embedded&amp;v=ID.
    escaped = parts.query
    while "&amp;" in escaped:
        escaped = escaped.replace("&amp;", "&")
    params = query(escaped)
    candidate = _youtube_candidate(url, host, parts, params)
    if candidate is None or not YOUTUBE_ID.fullmatch(candidate):
        raise NotOneVideo(N_('"{url}" does not contain a valid YouTube video id (11 letters, digits, - or _). {advice}',
                             url=_shown(url), advice=_PASTE_YOUTUBE))
    start = params.get("start") or params.get("t") or params.get("time_continue")
    return HostMatch("youtube", candidate, f"https://www.youtube.com/watch?v={candidate}", start, params.get("end"),
                     parts.fragment)


def _vimeo_owner_page(url: str, first: str, path_parts: list[str]) -> tuple[str, str | None] | None:
    """(id, hash) of the owner pages whose number is the video, or None; refuses those that cannot play it.

    A review page's code is the hash an unlisted video's embed needs (?h=), so it plays. A manage page
    carries no hash: the owner is asked for the video's own link, public or private.
    """
    lowered = [part.lower() for part in path_parts]
    if first == "manage":
        number = next((part for part in path_parts[1:3] if VIMEO_ID.fullmatch(part)), None)
        if number is None or (path_parts[1] != number and lowered[1] != "videos"):
            raise _vimeo_refusal(url, "manage")  # folders, the list of videos, settings
        raise NotOneVideo(N_(
            '"{url}" is the Vimeo manage page of video {number}, which only its owner can open. Paste the video\'s '
            "own link instead: https://vimeo.com/{number} if it is public, or its private link if it is unlisted "
            "(Share → Copy link; it ends with a code such as /8ee0fa3b5c).", url=_shown(url), number=number))
    if "review" in lowered:  # vimeo.com/USER/review/ID/HASH
        rest = path_parts[lowered.index("review") + 1:]
        if len(rest) == 2 and VIMEO_ID.fullmatch(rest[0]) and VIMEO_HASH.fullmatch(rest[1]):
            return rest[0], rest[1]
        raise _vimeo_refusal(url, "review")
    if first == "event":  # an event's recording: vimeo.com/event/N/videos/ID
        if len(path_parts) == 4 and lowered[2] == "videos" and VIMEO_ID.fullmatch(path_parts[3]):
            return path_parts[3], None
        raise _vimeo_refusal(url, "event")
    return None


def _vimeo_ids(url: str, host: str, path_parts: list[str]) -> tuple[str, str | None] | None:
    """(id, hash-or-None) from the path forms Vimeo uses; refuses pages that are not one video."""
    first = path_parts[0].lower() if path_parts else ""
    if host in VIMEO_PLAYER_HOSTS:
        if len(path_parts) == 2 and first == "video":
            return path_parts[1], None
        if len(path_parts) == 3 and first == "video" and VIMEO_HASH.fullmatch(path_parts[2]):
            return path_parts[1], path_parts[2]
        return None
    if len(path_parts) == 1 and VIMEO_ID.fullmatch(first):
        return path_parts[0], None
    if len(path_parts) == 2 and VIMEO_ID.fullmatch(first):
        return path_parts[0], path_parts[1]  # unlisted: vimeo.com/ID/HASH
    if len(path_parts) >= 2 and path_parts[-2] == "video":
        return path_parts[-1], None  # vimeo.com/video/ID, vimeopro.com/USER/PROJECT/video/ID
    if len(path_parts) == 3 and first in ("channels", "ondemand"):
        return path_parts[2], None
    if len(path_parts) == 4 and (first, path_parts[2]) in (("groups", "videos"), ("album", "video"), ("showcase", "video")):
        return path_parts[3], None
    owner_page = _vimeo_owner_page(url, first, path_parts)
    if owner_page is not None:
        return owner_page
    if first in _VIMEO_KINDS:
        raise _vimeo_refusal(url, first)
    if len(path_parts) == 1 and first not in ("", "video"):
        raise _vimeo_refusal(url, "user")  # vimeo.com/staffpicks, vimeo.com/user123
    return None


def _vimeo(url: str, host: str, parts) -> HostMatch:
    path_parts = [part for part in parts.path.split("/") if part]
    params = query(parts.query)
    clip_id = params.get("clip_id")
    if clip_id and parts.path.lower().endswith(".swf"):  # old Flash embed: vimeo.com/moogaloop.swf?clip_id=ID
        path_parts = [clip_id]
    if path_parts[:1] in (["showcase"], ["album"]) and VIMEO_ID.fullmatch(params.get("video", "")):
        path_parts = [params["video"]]  # a showcase playing one of its videos: /showcase/ID?video=NUMBER
    ids = _vimeo_ids(url, host, path_parts)
    if ids is None or not VIMEO_ID.fullmatch(ids[0]):
        raise NotOneVideo(N_('"{url}" does not contain a valid Vimeo video id (a number). {advice}', url=_shown(url),
                             advice=_PASTE_VIMEO))
    number, private_hash = ids
    # Player links carry the hash as ?h=; it ends up in embed URLs, so it must be plain hex.
    private_hash = private_hash or params.get("h") or None
    if private_hash is not None and not VIMEO_HASH.fullmatch(private_hash):
        raise NotOneVideo(N_('"{url}" contains an invalid Vimeo privacy hash (it is hexadecimal, like 8ee0fa3b5c).',
                             url=_shown(url)))
    video_id = f"{number}:{private_hash}" if private_hash else number
    canonical = f"https://vimeo.com/{number}/{private_hash}" if private_hash else f"https://vimeo.com/{number}"
    return HostMatch("vimeo", video_id, canonical, params.get("t"), None, parts.fragment)


def redirect_target(host: str, parts) -> str | None:
    """The link inside an attribution or consent redirect (re-checked by the caller), else None."""
    if host not in YOUTUBE_HOSTS | YOUTUBE_CONSENT_HOSTS:
        return None
    return _redirect_target(host, parts, query(parts.query))


def recognise(url: str, host: str, parts) -> HostMatch:
    """The one video a YouTube or Vimeo link names (`host` satisfies `is_video_host`).

    Redirects are resolved by the caller first (`redirect_target`). Raises `NotOneVideo`.
    """
    if host in VIMEO_HOSTS | VIMEO_PLAYER_HOSTS:
        return _vimeo(url, host, parts)
    if host in YOUTUBE_CONSENT_HOSTS:
        raise NotOneVideo(N_('"{url}" is YouTube\'s cookie consent page. {advice}', url=_shown(url), advice=_PASTE_YOUTUBE))
    return _youtube(url, host, parts)
