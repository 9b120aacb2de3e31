"""Tests for mentor_xblock.core.media: timecodes, URL recognition, player links."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_xblock.core.media import (
    MediaError,
    MediaSource,
    embed_url,
    format_timecode,
    parse_media_url,
    parse_timecode,
    source_link,
    vimeo_parts,
)

YT_ID = "dQw4w9WgXcQ"


# --- parse_timecode ----------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("   ", None),
        (0, 0),
        (75, 75),
        (75.9, 75),
        ("75", 75),
        ("75.5", 75),
        ("1:15", 75),
        ("01:02:03", 3723),
        ("1:02:03.999", 3723),
        ("90:00", 5400),
        ("1h2m3s", 3723),
        ("2m", 120),
        ("90s", 90),
        ("1h", 3600),
        ("1m05s", 65),
        ("1H2M3S", 3723),
        ("  1:15 \n", 75),
        ("48:00:00", 48 * 3600),
    ],
)
def test_parse_timecode_accepts(value, expected):
    assert parse_timecode(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        -1,
        -0.5,
        "-5",
        "1:75",
        "1:60",
        "1:02:60",
        "abc",
        "1:2:3:4",
        "1h2h",
        "1s2m",
        "h",
        "1:",
        ":15",
        "1.5.2",
        "48:00:01",
        "49h",
        172801,
        float("nan"),
        float("inf"),
        True,
        [75],
        "9" * 500,
    ],
)
def test_parse_timecode_rejects(value):
    with pytest.raises(MediaError) as raised:
        parse_timecode(value)
    message = str(raised.value)
    assert message.endswith(".")
    assert "1:15" in message  # the accepted forms are named


def test_parse_timecode_error_quotes_the_value():
    with pytest.raises(MediaError, match='"1:75" is not a valid time'):
        parse_timecode("1:75")


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0:00"), (5, "0:05"), (75, "1:15"), (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"), (36000, "10:00:00")],
)
def test_format_timecode(seconds, text):
    assert format_timecode(seconds) == text


@pytest.mark.parametrize("bad", [-1, float("nan"), "75", None])
def test_format_timecode_rejects(bad):
    with pytest.raises(MediaError):
        format_timecode(bad)


@given(st.integers(min_value=0, max_value=48 * 3600))
def test_format_timecode_round_trips(seconds):
    assert parse_timecode(format_timecode(seconds)) == seconds


# --- YouTube -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT_ID}",
        f"http://youtube.com/watch?v={YT_ID}",
        f"https://m.youtube.com/watch?v={YT_ID}",
        f"https://www.youtube.com/watch?list=PL123&v={YT_ID}&index=2",
        f"https://www.youtube.com/watch?v={YT_ID}&feature=share",
        f"https://www.youtube.com/watch?feature=player_embedded&v={YT_ID}",
        f"https://www.youtube.com/watch/?v={YT_ID}",
        f"https://youtu.be/{YT_ID}",
        f"https://youtu.be/{YT_ID}?si=abcDEF123",
        f"https://www.youtube.com/embed/{YT_ID}",
        f"https://www.youtube-nocookie.com/embed/{YT_ID}?rel=0",
        f"https://www.youtube.com/shorts/{YT_ID}",
        f"https://www.youtube.com/live/{YT_ID}?feature=share",
        f"https://www.youtube.com/v/{YT_ID}",
        f"  https://www.youtube.com/watch?v={YT_ID}  ",
        f"www.youtube.com/watch?v={YT_ID}",
        f"HTTPS://WWW.YOUTUBE.COM/watch?v={YT_ID}",
    ],
)
def test_youtube_forms(url):
    source = parse_media_url(url)
    assert source == MediaSource(
        provider="youtube",
        video_id=YT_ID,
        url=f"https://www.youtube.com/watch?v={YT_ID}",
        url_start=None,
        url_end=None,
        media_type=None,
    )


@pytest.mark.parametrize(
    "suffix, start, end",
    [
        ("&t=70", 70, None),
        ("&t=70s", 70, None),
        ("&t=1m10s", 70, None),
        ("&t=1h2m3s", 3723, None),
        ("&start=30&end=95", 30, 95),
        ("&t=10&start=30", 30, None),  # start= wins over t=
        ("#t=1m10s", 70, None),
        ("&t=5#t=1m10s", 5, None),  # query wins over fragment
        ("&end=40", None, 40),
    ],
)
def test_youtube_times(suffix, start, end):
    source = parse_media_url(f"https://www.youtube.com/watch?v={YT_ID}{suffix}")
    assert (source.url_start, source.url_end) == (start, end)


def test_youtu_be_time_param():
    source = parse_media_url(f"https://youtu.be/{YT_ID}?si=xyz&t=90")
    assert source.video_id == YT_ID
    assert source.url_start == 90


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgX!Q",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/",
        f"https://youtu.be/{YT_ID}/extra",
    ],
)
def test_youtube_bad_ids(url):
    with pytest.raises(MediaError, match="YouTube video id"):
        parse_media_url(url)


def test_youtube_bad_time_param():
    with pytest.raises(MediaError, match='The time "soon" in the URL is not valid'):
        parse_media_url(f"https://www.youtube.com/watch?v={YT_ID}&t=soon")


# --- Vimeo -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, video_id, canonical",
    [
        ("https://vimeo.com/76979871", "76979871", "https://vimeo.com/76979871"),
        ("http://www.vimeo.com/76979871?share=copy", "76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/76979871/8ee0fa3b5c", "76979871:8ee0fa3b5c", "https://vimeo.com/76979871/8ee0fa3b5c"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/groups/shortfilms/videos/76979871", "76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/album/2838732/video/76979871", "76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/showcase/2838732/video/76979871", "76979871", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871", "76979871", "https://vimeo.com/76979871"),
        (
            "https://player.vimeo.com/video/76979871?h=8ee0fa3b5c&badge=0",
            "76979871:8ee0fa3b5c",
            "https://vimeo.com/76979871/8ee0fa3b5c",
        ),
    ],
)
def test_vimeo_forms(url, video_id, canonical):
    source = parse_media_url(url)
    assert (source.provider, source.video_id, source.url) == ("vimeo", video_id, canonical)
    assert (source.url_start, source.url_end, source.media_type) == (None, None, None)


@pytest.mark.parametrize("fragment, start", [("#t=70s", 70), ("#t=1m10s", 70), ("#t=70", 70)])
def test_vimeo_fragment_time(fragment, start):
    assert parse_media_url(f"https://vimeo.com/76979871{fragment}").url_start == start


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/",
        "https://vimeo.com/staffpicks",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871/likes",
        "https://player.vimeo.com/76979871",
        "https://player.vimeo.com/video/abc",
        "https://player.vimeo.com/video/76979871?h=%22onload%3D",  # the hash goes into embed URLs
        "https://vimeo.com/76979871?h=not-hex",
    ],
)
def test_vimeo_rejects(url):
    with pytest.raises(MediaError, match="Vimeo"):
        parse_media_url(url)


def test_vimeo_parts():
    assert vimeo_parts("76979871") == ("76979871", None)
    assert vimeo_parts("76979871:8ee0fa3b5c") == ("76979871", "8ee0fa3b5c")


# --- HTML5 -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, media_type",
    [
        ("https://cdn.example.org/talks/clip.mp4", "video/mp4"),
        ("https://cdn.example.org/talks/clip.MP4?token=abc&x=1", "video/mp4"),
        ("http://cdn.example.org/clip.webm", "video/webm"),
        ("https://cdn.example.org/clip.ogg", "video/ogg"),
        ("https://cdn.example.org/clip.ogv", "video/ogg"),
        ("https://cdn.example.org/live/index.m3u8", "application/x-mpegURL"),
        ("/asset-v1:Org+Course+Run+type@asset+block@clip.mp4", "video/mp4"),
        ("/static/clip.mp4", "video/mp4"),
    ],
)
def test_html5_forms(url, media_type):
    source = parse_media_url(url)
    assert source == MediaSource("html5", url, url, None, None, media_type)


def test_html5_normalises_scheme_and_host_and_drops_fragment():
    source = parse_media_url("HTTPS://CDN.Example.ORG:8443/Talks/Clip.mp4?a=B#t=10,20")
    assert source.url == "https://cdn.example.org:8443/Talks/Clip.mp4?a=B"
    assert source.video_id == source.url
    assert (source.url_start, source.url_end) == (10, 20)


@pytest.mark.parametrize(
    "fragment, start, end",
    [("#t=10,20", 10, 20), ("#t=10", 10, None), ("#t=,20", None, 20), ("#t=npt:10.5,20.9", 10, 20), 
     ("#t=1:00,1:30", None, None)],  # W3C: minutes are two digits, or the fragment is ignored
)
def test_html5_media_fragment(fragment, start, end):
    source = parse_media_url(f"/static/clip.mp4{fragment}")
    assert (source.url_start, source.url_end) == (start, end)


# --- Rejections --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"https://youtube.com.evil.com/watch?v={YT_ID}",
        f"https://evilyoutube.com/watch?v={YT_ID}",
        f"https://www.youtube.com.evil.com/embed/{YT_ID}",
        "https://vimeo.com.evil.com/76979871",
        "javascript:alert(1)",
        "JavaScript:alert('x.mp4')",
        "data:video/mp4;base64,AAAA",
        "ftp://example.org/clip.mp4",
        "file:///etc/clip.mp4",
        "/\\evil.com/clip.mp4",
        "https://example.org/page.html",
        "https://example.org/clip.mp4.html",
        "https://exa mple.org/clip.mp4",
        "https://example.org/clip\n.mp4",
        'https://example.org/clip.mp4?x="onerror="alert(1)',
        "https://example.org/<script>.mp4",
        "https://example.org:99999/clip.mp4",
        "https:///clip.mp4",
        "static/clip.mp4",
        "clip.mp4",
        "not a url",
    ],
)
def test_rejects_other_urls(url):
    with pytest.raises(MediaError, match=r"is not a YouTube, Vimeo or direct media \(.mp4, .webm, .ogg, .m3u8\) URL\.$"):
        parse_media_url(url)


@pytest.mark.parametrize(
    "url",
    [
        f"https://user:secret@www.youtube.com/watch?v={YT_ID}",
        f"https://user@www.youtube.com/watch?v={YT_ID}",
        "https://user:pw@cdn.example.org/clip.mp4",
    ],
)
def test_rejects_credentials(url):
    with pytest.raises(MediaError, match="must not contain a user name or password"):
        parse_media_url(url)


@pytest.mark.parametrize("url, message", [("", "empty"), ("   ", "empty"), (None, "empty")])
def test_rejects_empty(url, message):
    with pytest.raises(MediaError, match=message):
        parse_media_url(url)


def test_rejects_overlong_url():
    url = f"https://www.youtube.com/watch?v={YT_ID}&x=" + "a" * 2000
    with pytest.raises(MediaError, match="longer than 2000 characters"):
        parse_media_url(url)


def test_error_message_truncates_huge_input():
    with pytest.raises(MediaError) as raised:
        parse_media_url("https://example.org/" + "x" * 1500)
    assert len(str(raised.value)) < 200


# --- embed_url / source_link -------------------------------------------------


def test_youtube_links():
    source = parse_media_url(f"https://youtu.be/{YT_ID}")
    assert embed_url(source, 30, 95) == f"https://www.youtube-nocookie.com/embed/{YT_ID}?start=30&end=95&rel=0"
    assert embed_url(source, 30, None) == f"https://www.youtube-nocookie.com/embed/{YT_ID}?start=30&rel=0"
    assert source_link(source, 30) == f"https://www.youtube.com/watch?v={YT_ID}&t=30s"


@pytest.mark.parametrize(
    "url, embed, link",
    [
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1#t=30s",
            "https://vimeo.com/76979871#t=30s",
        ),
        (
            "https://vimeo.com/76979871/8ee0fa3b5c",
            "https://player.vimeo.com/video/76979871?dnt=1&h=8ee0fa3b5c#t=30s",
            "https://vimeo.com/76979871/8ee0fa3b5c#t=30s",
        ),
    ],
)
def test_vimeo_links(url, embed, link):
    source = parse_media_url(url)
    assert embed_url(source, 30, 95) == embed
    assert source_link(source, 30) == link


def test_html5_links():
    source = parse_media_url("https://cdn.example.org/clip.mp4?sig=1#t=5")
    assert embed_url(source, 30, 95) == "https://cdn.example.org/clip.mp4?sig=1#t=30,95"
    assert embed_url(source, 30, None) == "https://cdn.example.org/clip.mp4?sig=1#t=30"
    assert source_link(source, 30) == "https://cdn.example.org/clip.mp4?sig=1"


@pytest.mark.parametrize("start, end", [(30, 30), (30, 10), (-1, 10), (0, -5)])
def test_embed_url_rejects_bad_ranges(start, end):
    source = parse_media_url(f"https://youtu.be/{YT_ID}")
    with pytest.raises(MediaError):
        embed_url(source, start, end)


def test_embed_url_uses_whole_seconds():
    source = parse_media_url(f"https://youtu.be/{YT_ID}")
    assert embed_url(source, 30.7, 95.2) == f"https://www.youtube-nocookie.com/embed/{YT_ID}?start=30&end=95&rel=0"
