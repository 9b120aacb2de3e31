"""Real-world video links, as people paste them, each with where we found the form.

Origins (public sources we read; the forms are theirs, ids are real public videos or,
where the source used a made-up short id, the same form with an 11-character id):
  JVUP  = Zod-/jsVideoUrlParser, lib/provider/youtube.test.js and vimeo.test.js
  GVI   = radiovisual/get-video-id, __tests__/youtube.test.js and vimeo.test.js
  YTIF  = YouTube IFrame Player API docs, "Supported parameters" (embed/videoseries,
          embed/live_stream?channel=, embed?listType=playlist)
  YTSH  = what YouTube's own Share / Copy link / Copy embed code / "Copy video URL at
          current time" give today (si= tracking, youtu.be, nocookie embeds)
  VMH   = Vimeo help centre: share links, unlisted (private link) hashes, embed code
          (player.vimeo.com/video/ID?h=HASH), #t= start times, showcases, review pages
  ISSUE = the forms listed in issue 11 (refused or misread before it)
  EDX   = course OLX in public openedx course repositories (old embeds, scheme-less links)
  YTDLP = yt-dlp/yt-dlp: yt_dlp/extractor/youtube/_video.py, _redirect.py, _tab.py and vimeo.py
          `_TESTS`, test/test_youtube_misc.py and test/test_all_urls.py
  GVIR  = radiovisual/get-video-id, __tests__/google-redirect.test.js (search-engine redirects)
  I23   = the forms listed in issue 23 ("Links and caption files authors paste")
"""
import pytest

from mentor_xblock.core.media import MediaError, parse_media_url

WHY = "qp0HIF3SfI4"
RICK = "dQw4w9WgXcQ"
PL = "PL46F0A159EC02DF82"
# A Google search result's link, as get-video-id's redirect tests paste it (the target follows in url=).
GOOGLE_CZ = "https://www.google.cz/url?sa=t&rct=j&q=&esrc=s&source=web&cd=1&ved=0ahUKEwj30L2MvpDVAhUFZVAKHb8CBaYQuAIIIjAA"

# (url, provider, video_id, start, end, origin)
ACCEPTED = [
    # --- YouTube watch pages
    (f"https://www.youtube.com/watch?v={WHY}", "youtube", WHY, None, None, "YTSH"),
    (f"http://www.youtube.com/watch?v=HRb7B9fPhfA", "youtube", "HRb7B9fPhfA", None, None, "JVUP"),
    (f"https://www.youtube.com/watch?v=yQaAGmHNn9s&list={PL}#t=1m40", "youtube", "yQaAGmHNn9s", 100, None, "JVUP"),
    (f"http://www.youtube.com/watch?v=yQaAGmHNn9s&list={PL}&t=1m40", "youtube", "yQaAGmHNn9s", 100, None, "JVUP"),
    (f"https://www.youtube.com/watch?v=6xLcSTDeB7A&index=25&list={PL}&t=1m40", "youtube", "6xLcSTDeB7A", 100, None,
     "JVUP"),
    ("http://www.youtube.com/watch?v=HRb7B9fPhfA#t=30s", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    ("http://www.youtube.com/watch?v=HRb7B9fPhfA&t=30s", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    ("https://m.youtube.com/details?v=HRb7B9fPhfA#t=30s", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    ("https://www.youtube.com/watch?v=G-3YxlZIhus#t=0m10s", "youtube", "G-3YxlZIhus", 10, None, "GVI"),
    (f"http://www.youtube.com/watch?v={RICK}&playnext_from=TL&videos=abc123&feature=sub", "youtube", RICK, None,
     None, "GVI"),
    (f"http://youtube.com/?v={RICK}&feature=youtube_gdata_player", "youtube", RICK, None, None, "GVI"),
    (f"http://youtube.com/watch?vi={RICK}&feature=youtube_gdata_player", "youtube", RICK, None, None, "GVI"),
    (f"http://www.youtube.com/ytscreeningroom?v={RICK}", "youtube", RICK, None, None, "GVI"),
    (f"http://www.youtube.com/watch/{RICK}/", "youtube", RICK, None, None, "GVI"),
    (f"https://www.youtube.com/watch?app=desktop&v={WHY}&t=70", "youtube", WHY, 70, None, "YTSH"),
    (f"https://m.youtube.com/watch?v={WHY}&feature=youtu.be", "youtube", WHY, None, None, "YTSH"),
    (f"https://music.youtube.com/watch?v={WHY}&feature=share", "youtube", WHY, None, None, "ISSUE"),
    (f"https://www.youtube.com/watch?v={WHY}&time_continue=95", "youtube", WHY, 95, None, "YTSH"),
    # --- short links
    (f"https://youtu.be/{WHY}?si=kK3nCwJ6BtF8b5Hx", "youtube", WHY, None, None, "YTSH"),
    (f"https://youtu.be/{WHY}?si=kK3nCwJ6BtF8b5Hx&t=70", "youtube", WHY, 70, None, "YTSH"),
    ("http://youtu.be/HRb7B9fPhfA?t=30s", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    ("http://youtu.be/HRb7B9fPhfA#t=30s", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    ("http://youtu.be/G-3YxlZIhus&feature=channel", "youtube", "G-3YxlZIhus", None, None, "GVI"),
    (f"youtu.be/{RICK}", "youtube", RICK, None, None, "GVI"),
    # --- embeds, nocookie, protocol-relative, old /v/ embeds
    ("//youtube.com/embed/HRb7B9fPhfA?start=30", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    (f"//www.youtube.com/embed/{WHY}?start=30", "youtube", WHY, 30, None, "ISSUE"),
    (f"//youtube.com/embed/yQaAGmHNn9s?list={PL}&start=100", "youtube", "yQaAGmHNn9s", 100, None, "JVUP"),
    ("//youtube.com/embed/HRb7B9fPhfA?loop=1&list=HRb7B9fPhfA&start=30", "youtube", "HRb7B9fPhfA", 30, None, "JVUP"),
    (f"https://www.youtube.com/embed/{WHY}?start=70&end=245", "youtube", WHY, 70, 245, "YTIF"),
    (f"https://www.youtube-nocookie.com/embed/{WHY}?si=abc&start=70", "youtube", WHY, 70, None, "YTSH"),
    (f"www.youtube-nocookie.com/embed/{RICK}?rel=0", "youtube", RICK, None, None, "GVI"),
    (f"http://www.youtube-nocookie.com/v/{RICK}", "youtube", RICK, None, None, "GVI"),
    (f"www.youtube-nocookie.com/live/{RICK}?feature=share", "youtube", RICK, None, None, "GVI"),
    ("https://www.youtube.com/v/HRb7B9fPhfA", "youtube", "HRb7B9fPhfA", None, None, "JVUP"),
    (f"http://www.youtube.com/v/{RICK}?version=3&hl=en_US&rel=0", "youtube", RICK, None, None, "EDX"),
    (f"http://youtube.googleapis.com/v/{RICK}", "youtube", RICK, None, None, "EDX"),
    (f"http://youtube.com/vi/{RICK}?feature=youtube_gdata_player", "youtube", RICK, None, None, "GVI"),
    (f"www.youtube.com/e/{RICK}", "youtube", RICK, None, None, "GVI"),
    # --- shorts, live (one broadcast), scheme-less
    (f"https://www.youtube.com/shorts/{RICK}?feature=share", "youtube", RICK, None, None, "GVI"),
    (f"https://youtube.com/shorts/{RICK}", "youtube", RICK, None, None, "GVI"),
    (f"https://www.youtube.com/live/{RICK}?si=xyz&t=1h2m3", "youtube", RICK, 3723, None, "YTSH"),
    (f"youtube.com/watch?v={WHY}", "youtube", WHY, None, None, "EDX"),
    # --- redirects whose target is plain
    (f"http://www.youtube.com/attribution_link?u=%2Fwatch%3Fv%3D{RICK}%26feature%3Dshare&a=JdfC0C9V6ZI",
     "youtube", RICK, None, None, "GVI"),
    (f"http://www.youtube.com/attribution_link?a=fF1CWYwxCQ4&feature=em-uploademail&u=/watch?v={RICK}",
     "youtube", RICK, None, None, "GVI"),
    (f"https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{WHY}%26cbrd%3D1&gl=DE",
     "youtube", WHY, None, None, "YTSH"),
    (f"http://www.youtube.com/user/username#p/u/1/{RICK}", "youtube", RICK, None, None, "GVI"),
    ("https://youtube.com/user/WMFinland#p/a/u/1/G-3YxlZIhus", "youtube", "G-3YxlZIhus", None, None, "GVI"),
    # --- Vimeo
    ("https://vimeo.com/97276391", "vimeo", "97276391", None, None, "JVUP"),
    ("https://vimeo.com/channels/staffpicks/97276391", "vimeo", "97276391", None, None, "JVUP"),
    ("//player.vimeo.com/video/97276391", "vimeo", "97276391", None, None, "JVUP"),
    ("https://vimeo.com/album/2903155/video/96186586", "vimeo", "96186586", None, None, "JVUP"),
    ("https://vimeo.com/groups/shortfilms/videos/97688625", "vimeo", "97688625", None, None, "JVUP"),
    ("http://vimeopro.com/staff/frame/video/24069938", "vimeo", "24069938", None, None, "JVUP"),
    ("https://vimeo.com/36881035#t=3m28s", "vimeo", "36881035", 208, None, "JVUP"),
    ("//player.vimeo.com/video/36881035#t=3m28s", "vimeo", "36881035", 208, None, "ISSUE"),
    ("https://vimeo.com/140542479#t=0m3s", "vimeo", "140542479", 3, None, "GVI"),
    ("https://player.vimeo.com/video/176337266?color=ffffff&title=0&byline=0&portrait=0&badge=0", "vimeo",
     "176337266", None, None, "GVI"),
    ("https://www.vimeo.com/187191771", "vimeo", "187191771", None, None, "GVI"),
    ("http://vimeo.com/moogaloop.swf?clip_id=1234567&server=vimeo.com&show_title=0", "vimeo", "1234567", None, None,
     "GVI"),
    ("https://vimeo.com/76979871/8ee0fa3b5c?share=copy", "vimeo", "76979871:8ee0fa3b5c", None, None, "VMH"),
    ("//player.vimeo.com/video/76979871?h=8ee0fa3b5c", "vimeo", "76979871:8ee0fa3b5c", None, None, "ISSUE"),
    ("https://player.vimeo.com/video/76979871?h=8ee0fa3b5c&badge=0&autopause=0&player_id=0&app_id=58479", "vimeo",
     "76979871:8ee0fa3b5c", None, None, "VMH"),
    ("https://vimeo.com/showcase/2838732/video/76979871", "vimeo", "76979871", None, None, "VMH"),
    ("https://vimeo.com/76979871#t=90", "vimeo", "76979871", 90, None, "VMH"),
    ("https://vimeo.com/76979871#t=1m40", "vimeo", "76979871", 100, None, "ISSUE"),
    # --- direct media, protocol-relative
    ("//cdn.example.org/talks/clip.mp4#t=10,20", "html5", "https://cdn.example.org/talks/clip.mp4", 10, 20, "EDX"),
    # --- issue 23: the mobile site's "#/" links, pop-up players, Studio's pages of one video
    (f"https://m.youtube.com/#/watch?v={WHY}", "youtube", WHY, None, None, "I23"),
    (f"https://m.youtube.com/#/watch?v={WHY}&t=70", "youtube", WHY, 70, None, "I23"),
    (f"https://www.youtube.com/#/watch?feature=share&v={WHY}", "youtube", WHY, None, None, "YTDLP"),
    ("https://www.youtube.com/watch_popup?v=63RmMXCd_bQ", "youtube", "63RmMXCd_bQ", None, None, "YTDLP"),
    (f"https://www.youtube.com/watch_popup?v={WHY}&t=30", "youtube", WHY, 30, None, "I23"),
    (f"https://studio.youtube.com/video/{WHY}/edit", "youtube", WHY, None, None, "I23"),
    (f"https://studio.youtube.com/video/{WHY}/analytics/tab-overview/period-default", "youtube", WHY, None, None, "I23"),
    (f"https://www.youtube.com/edit?o=U&video_id={WHY}", "youtube", WHY, None, None, "I23"),
    # --- issue 23: search-engine redirects, unwrapped once
    (GOOGLE_CZ + "&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DeG1uDU0rSLw&usg=AFQjCNECyDn3DQL7U6VW2CnXQQjB0gNKqA",
     "youtube", "eG1uDU0rSLw", None, None, "GVIR"),
    (GOOGLE_CZ + "&url=https%3A%2F%2Fvimeo.com%2F35652044&usg=AFQjCNG0kTPdL8nC6zCi2QoZ1KVeTXH-pw", "vimeo", "35652044",
     None, None, "GVIR"),
    (f"https://www.google.co.uk/url?q=https://youtu.be/{WHY}%3Ft%3D70&sa=D&source=docs&ust=1", "youtube", WHY, 70, None,
     "I23"),
    (f"https://duckduckgo.com/l/?uddg=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{WHY}&rut=ab", "youtube", WHY, None,
     None, "I23"),
    (f"https://l.facebook.com/l.php?u=https%3A%2F%2Fyoutu.be%2F{WHY}&h=AT0", "youtube", WHY, None, None, "I23"),
    (f"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fvimeo.com%2F76979871&data=05&reserved=0",
     "vimeo", "76979871", None, None, "I23"),
    # --- issue 23: a start or end time in the fragment; one that cannot be read means nothing
    (f"https://www.youtube.com/watch?v={WHY}#start=70&end=245", "youtube", WHY, 70, 245, "I23"),
    (f"https://youtu.be/{WHY}#end=100", "youtube", WHY, None, 100, "I23"),
    (f"https://www.youtube.com/watch?v={WHY}#t=3,", "youtube", WHY, None, None, "I23"),
    ("https://vimeo.com/76979871#t=soon", "vimeo", "76979871", None, None, "I23"),
    # --- issue 23: Vimeo owner pages whose number is the video, where it can be embedded
    ("https://vimeo.com/user12345/review/76979871/8ee0fa3b5c", "vimeo", "76979871:8ee0fa3b5c", None, None, "I23"),
    ("https://vimeo.com/user21297594/review/75524534/3c257a1b5d", "vimeo", "75524534:3c257a1b5d", None, None, "YTDLP"),
    ("https://vimeo.com/event/4753126/videos/1046153257", "vimeo", "1046153257", None, None, "YTDLP"),
    ("https://vimeo.com/event/595460/videos/498149131/", "vimeo", "498149131", None, None, "YTDLP"),
    ("https://vimeo.com/showcase/7079004?video=412567370", "vimeo", "412567370", None, None, "VMH"),
    ("https://www.player.vimeo.com/video/123450987#t=0m3s", "vimeo", "123450987", 3, None, "GVI"),
    # --- audio-only talks (direct media, provider html5)
    ("https://cdn.example.org/podcast/episode-12.mp3", "html5", "https://cdn.example.org/podcast/episode-12.mp3", None,
     None, "I23"),
    ("https://cdn.example.org/talk.m4a#t=60,120", "html5", "https://cdn.example.org/talk.m4a", 60, 120, "I23"),
    # --- more forms downloaders read: bare ids, HTML-escaped links, mirrors, thumbnails, the old data API
    ("BaW_jenozKc", "youtube", "BaW_jenozKc", None, None, "YTDLP"),
    (f"youtube://{RICK}", "youtube", RICK, None, None, "GVI"),
    (f"http://y2u.be/{RICK}", "youtube", RICK, None, None, "GVI"),
    (f"https://www.youtube.com/watch?v={RICK}?&", "youtube", RICK, None, None, "GVI"),
    ("https://www.youtube.com/watch?feature=player_embedded&amp;amp;v=V36LpHqtcDY", "youtube", "V36LpHqtcDY", None,
     None, "YTDLP"),
    ("http://www.youtube.com/watch?v=BaW_jenozKcsharePLED17F32AD9753930", "youtube", "BaW_jenozKc", None, None, "YTDLP"),
    ("https://www.youtubekids.com/watch?v=3b8nCWDgZ6Q", "youtube", "3b8nCWDgZ6Q", None, None, "YTDLP"),
    ("https://invidio.us/watch?v=YE7VzlLtp-4", "youtube", "YE7VzlLtp-4", None, None, "YTDLP"),
    ("https://redirect.invidious.io/Yh0AhrY9GjA", "youtube", "Yh0AhrY9GjA", None, None, "YTDLP"),
    ("https://www.youtube.com/source/Lyj-MZSAA9o/shorts", "youtube", "Lyj-MZSAA9o", None, None, "YTDLP"),
    ("https://i.ytimg.com/vi/HRb7B9fPhfA/hqdefault.jpg", "youtube", "HRb7B9fPhfA", None, None, "JVUP"),
    ("https://img.youtube.com/vi/HRb7B9fPhfA/0.jpg", "youtube", "HRb7B9fPhfA", None, None, "JVUP"),
    ("https://gdata.youtube.com/feeds/api/videos/HRb7B9fPhfA/related", "youtube", "HRb7B9fPhfA", None, None, "JVUP"),
]

# (url, what the message must say, origin)
REFUSED = [
    (f"http://www.youtube.com/embed/videoseries?list={PL}", "playlist", "ISSUE"),
    (f"https://www.youtube-nocookie.com/embed/videoseries?si=x&list={PL}", "playlist", "YTSH"),
    (f"//youtube.com/embed?list={PL}&listType=playlist", "playlist", "JVUP"),
    (f"http://www.youtube.com/playlist?list={PL}", "playlist", "JVUP"),
    (f"https://www.youtube.com/watch?list={PL}", "playlist", "YTSH"),
    ("https://www.youtube.com/embed/live_stream?channel=UCkw4JCwteGrDHIsyIIKo4tQ", "live stream", "ISSUE"),
    ("https://www.youtube.com/channel/UCkw4JCwteGrDHIsyIIKo4tQ/live", "live stream", "YTIF"),
    ("https://www.youtube.com/channel/UCkw4JCwteGrDHIsyIIKo4tQ", "channel", "YTSH"),
    ("https://www.youtube.com/@TED", "channel", "YTSH"),
    ("https://www.youtube.com/c/TEDtalksDirector/videos", "channel", "YTSH"),
    ("https://www.youtube.com/user/ThreeDaysGraceVideos", "channel", "GVI"),
    ("https://www.youtube.com/results?search_query=start+with+why", "search", "YTSH"),
    ("https://studio.youtube.com/channel/UCkw4JCwteGrDHIsyIIKo4tQ/videos/upload", "YouTube Studio", "YTSH"),
    ("https://www.youtube.com/shared?ci=E14kBrDEvYo", "YouTube video id", "JVUP"),
    ("https://www.youtube.com", "YouTube video id", "JVUP"),
    ("https://youtu.be/", "YouTube video id", "JVUP"),
    ("https://vimeo.com/channels/staffpicks", "Vimeo channel", "VMH"),
    ("https://vimeo.com/showcase/2838732", "showcase", "VMH"),
    ("https://vimeo.com/album/2903155", "showcase", "VMH"),
    ("https://vimeo.com/groups/shortfilms", "group", "VMH"),
    ("https://vimeo.com/manage/folders/1234567", "manage page", "VMH"),
    ("https://vimeo.com/user12345/review/76979871", "review page", "VMH"),
    ("https://vimeo.com/search?q=leadership", "search", "VMH"),
    ("https://vimeo.com/event/12345", "live event", "GVI"),
    ("https://vimeo.com/user27750098", "member page", "GVI"),
    ("https://vimeo.com", "Vimeo video id", "JVUP"),
    ('<iframe src="https://player.vimeo.com/video/97682350" width="500"></iframe>', "embed code", "GVI"),
    ('<iframe width="560" height="315" src="https://www.youtube.com/embed/qp0HIF3SfI4"></iframe>', "embed code",
     "GVI"),
    ("https://www.youtube.com/clip/UgytZKpehg-hEMBSn3F4AaABCQ", "a YouTube clip", "YTDLP"),
    ("https://music.youtube.com/search?q=royalty+free+music", "YouTube search page", "YTDLP"),
    # issue 23: a manage page has no hash for an unlisted video's embed; the message gives the link to paste
    ("https://vimeo.com/manage/videos/76979871", "https://vimeo.com/76979871 if it is public", "I23"),
    ("https://vimeo.com/manage/76979871/general", "https://vimeo.com/76979871 if it is public", "I23"),
    # issue 23: redirects are unwrapped once, only from known redirectors, only to a video
    (GOOGLE_CZ + "&usg=AFQjCNG0kTPdL8nC6zCi2QoZ1KVeTXH-pw", "without the address it leads to", "GVIR"),
    ("https://www.google.com/url?q=https://example.org/page.html&sa=D", "The link inside it", "I23"),
    (f"https://www.google.com/url?q=https://www.google.com/url?q%3Dhttps://youtu.be/{WHY}", "only one redirect", "I23"),
    ("https://bit.ly/3xYzAbC", "shortened link", "I23"),
]


@pytest.mark.parametrize("url, provider, video_id, start, end, origin", ACCEPTED)
def test_real_world_link_names_its_video(url, provider, video_id, start, end, origin):
    source = parse_media_url(url)
    assert (source.provider, source.video_id, source.url_start, source.url_end) == (provider, video_id, start, end), origin


@pytest.mark.parametrize("url, said, origin", REFUSED)
def test_link_that_is_not_one_video_is_refused_saying_why(url, said, origin):
    with pytest.raises(MediaError) as refused:
        parse_media_url(url)
    message = str(refused.value)
    assert said.lower() in message.lower(), (origin, message)
    assert len(message) < 400


@pytest.mark.parametrize("url, said, origin", [case for case in REFUSED if not any(
    kind in case[1] for kind in ("video id", "embed code", "not a YouTube", "link inside"))])
def test_refusals_say_what_to_paste_instead(url, said, origin):
    with pytest.raises(MediaError, match=r"[Pp]aste (the link of one video|the video's own link|the address)"):
        parse_media_url(url)


def test_only_known_redirectors_are_unwrapped():
    # Any site's "?q=" or "?url=" is not ours to trust: an unknown one is not a video link.
    with pytest.raises(MediaError, match="is not a YouTube, Vimeo or direct media"):
        parse_media_url(f"https://evil.example/url?q=https://www.youtube.com/watch%3Fv%3D{WHY}")


def test_audio_talks_stay_html5_and_say_they_are_audio():
    assert parse_media_url("https://cdn.example.org/podcast/episode-12.mp3").is_audio
    assert parse_media_url("/static/interview.m4a").media_type == "audio/mp4"
    assert not parse_media_url("/static/clip.mp4").is_audio
