"""Links that wrap another link: search-engine, mail and social redirects, and URL shorteners.

Pure core: standard library only. media.py unwraps a known redirector's link once and reads the
link inside it like any pasted link; a redirect inside a redirect is not unwrapped again. Only the
redirectors named here are unwrapped: any other site's "?url=" is not ours to trust.

Shortened links (t.co, bit.ly …) hide where they lead; we never fetch anything, so they are refused
with a message asking for the address the link opens.
"""
from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import parse_qsl, unquote

# www.google.com, google.de, www.google.co.uk, www.google.com.au …
_GOOGLE = re.compile(r"(?:www\.)?google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})")
_YOUTUBE = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_FACEBOOK = frozenset({"l.facebook.com", "lm.facebook.com", "l.messenger.com"})
_BING = frozenset({"bing.com", "www.bing.com"})
_DUCKDUCKGO = frozenset({"duckduckgo.com", "www.duckduckgo.com"})
_LINKEDIN = frozenset({"linkedin.com", "www.linkedin.com"})
SHORTENERS = frozenset({
    "t.co", "bit.ly", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "lnkd.in", "is.gd", "rebrand.ly",
    "shorturl.at", "cutt.ly", "tiny.cc", "rb.gy", "s.id", "t.ly",
})
_YAHOO_TARGET = re.compile(r"/RU=([^/]+)/")


def _params(query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params.setdefault(key, value)
    return params


def _web_link(value: str | None) -> str | None:
    """The value when it is an absolute http(s) link (a redirect's target must be one)."""
    if value and value.lower().startswith(("http://", "https://")):
        return value
    return None


def _bing_target(value: str | None) -> str | None:
    """Bing's ck/a links carry the target as "a1" + URL-safe base64 without padding."""
    if not value or not value.startswith("a1"):
        return None
    encoded = value[2:]
    try:
        decoded = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return _web_link(decoded)


def unwrap(host: str, path: str, query: str) -> tuple[str, str | None] | None:
    """(redirector's name, the link inside or None) for a known redirect link; None for any other link."""
    params = _params(query)
    if _GOOGLE.fullmatch(host) and path in ("/url", "/url/"):
        # Search results put the target in url= (q= is the search, often empty); Docs and Gmail use q=.
        return "Google", _web_link(params.get("url")) or _web_link(params.get("q"))
    if host in _YOUTUBE and path == "/redirect":
        return "YouTube", _web_link(params.get("q"))
    if host in _BING and path.startswith("/ck/a"):
        return "Bing", _bing_target(params.get("u"))
    if host in _DUCKDUCKGO and path in ("/l", "/l/"):
        return "DuckDuckGo", _web_link(params.get("uddg"))
    if host == "r.search.yahoo.com":
        found = _YAHOO_TARGET.search(path + "/")
        return "Yahoo", _web_link(unquote(found.group(1))) if found else None
    if host in _FACEBOOK and path == "/l.php":
        return "Facebook", _web_link(params.get("u"))
    if host.endswith(".safelinks.protection.outlook.com"):
        return "Outlook", _web_link(params.get("url"))
    if host in _LINKEDIN and path.rstrip("/") == "/redir/redirect":
        return "LinkedIn", _web_link(params.get("url"))
    if host == "slack-redir.net" and path == "/link":
        return "Slack", _web_link(params.get("url"))
    return None


def is_shortener(host: str) -> bool:
    return host in SHORTENERS or host.removeprefix("www.") in SHORTENERS
