"""Learners watching segments in real Chromium: HTML5, YouTube (local stand-in), keyboard, axe."""
import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

MINIMAL = "/scenario/mentorship.1/?student=learner_html5"
LEADERSHIP = "/scenario/mentorship.0/?student=learner_yt"


def video_state(page):
    return page.evaluate(
        "() => { const v = document.querySelector('video'); return {t: v.currentTime, paused: v.paused}; }"
    )


def test_html5_clip_plays_within_range_and_progress_survives_reload(page):
    page.goto(MINIMAL)
    section = page.locator("section.segment")
    section.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && !v.paused && v.currentTime > 2; }")
    assert video_state(page)["t"] >= 2  # started at the clip's start, not the file's
    # Let the clip run to its end: the player stops at 0:14 and the server credits it as watched.
    page.wait_for_function(
        "() => document.querySelector('section.segment [data-role=status-text]').textContent.trim() === 'Watched'",
        timeout=30000,
    )
    page.wait_for_function("() => document.querySelector('video').paused", timeout=10000)  # 90% may come first
    state = video_state(page)
    assert state["paused"] and 13.5 <= state["t"] <= 14.6
    assert "End of the clip" in section.locator("[data-role=message]").inner_text()
    # The clip's last stretch is reported when it ends; the bar shows the server's answer. (A reload
    # before that answer would race the page's beacon against the new page's render.)
    page.wait_for_function(
        "() => document.querySelector('section.segment progress').getAttribute('value') === '100'"
        " || document.querySelector('section.segment progress').value === 100", timeout=10000)
    page.reload()
    assert section.locator("[data-role=status-text]").inner_text().strip() == "Watched"
    assert section.locator("progress").get_attribute("value") == "100"
    assert page.errors == []


def test_seeking_outside_the_clip_is_pulled_back(page):
    page.goto(MINIMAL)
    page.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.currentTime >= 2; }")
    page.evaluate("() => { document.querySelector('video').currentTime = 0.2; }")
    page.wait_for_function("() => document.querySelector('video').currentTime >= 1.9")
    page.evaluate("() => { document.querySelector('video').currentTime = 25; }")
    page.wait_for_function("() => { const v = document.querySelector('video'); return v.paused && v.currentTime <= 14.6; }")
    # A seek to the end credits nothing beyond what was really played.
    page.reload()
    assert page.locator("section.segment [data-role=status-text]").inner_text().strip() != "Watched"


def test_transcript_cue_seeks_the_player(page):
    page.goto(MINIMAL)
    page.locator("summary", has_text="Transcript").click()
    cue = page.locator("[data-role=cue]", has_text="A steady tone")
    cue.click()
    # Clip time 4 s = source time 6 s.
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.currentTime >= 6 && v.currentTime < 9; }")
    page.wait_for_function("() => document.querySelector('[data-role=cue][aria-current=true]') !== null")


def test_nothing_loads_from_youtube_before_play_then_stub_player_enforces_range(page, context):
    page.goto(LEADERSHIP)
    page.wait_for_load_state("networkidle")
    assert context.external_requests == []  # click-to-load: no provider request before play
    first = page.locator("section.segment").first
    first.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => window.__ytStub && window.__ytStub.getPlayerState() === 1")
    assert any(url.startswith("https://www.youtube.com/iframe_api") for url in context.external_requests)
    iframe = first.locator("iframe[data-stub=youtube]")
    assert iframe.get_attribute("data-video-id") == "qp0HIF3SfI4"
    assert iframe.get_attribute("title") == "Start with why"
    stub_options = page.evaluate("() => window.__ytStub.options")
    assert stub_options["host"] == "https://www.youtube-nocookie.com"
    assert stub_options["playerVars"]["origin"] == page.evaluate("() => location.origin")
    assert page.evaluate("() => window.__ytStub.getCurrentTime()") >= 70
    # A seek past the end (YouTube forgets `end` after a seek) is stopped by our code.
    with page.expect_request(lambda r: "record_progress" in r.url and r.method == "POST"):
        page.evaluate("() => window.__ytStub.seekTo(400)")
    page.wait_for_function("() => window.__ytStub.getPlayerState() === 2")
    assert page.evaluate("() => window.__ytStub.getCurrentTime()") <= 245.5
    page.evaluate("() => { window.__ytStub.seekTo(10); window.__ytStub.playVideo(); }")
    page.wait_for_function("() => window.__ytStub.getCurrentTime() >= 70")


def test_keyboard_only_learner_can_start_a_clip(page):
    page.goto(MINIMAL)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.dataset.role === 'play'"):
            break
    else:
        pytest.fail("the play button is not reachable with Tab")
    page.keyboard.press("Enter")
    # Focus moves to the clip's own Pause button (its controls count the clip's time, issue 23).
    page.wait_for_function("() => document.activeElement && document.activeElement.dataset.role === 'clip-toggle'")
    page.wait_for_function("() => !document.querySelector('video').paused")


@pytest.mark.parametrize("path", [MINIMAL, LEADERSHIP, "/scenario/mentorship.2/?student=learner_axe"])
def test_axe_finds_nothing_before_and_after_play(page, path):
    page.goto(path)
    assert axe_violations(page) == []
    page.locator("section.segment").first.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_timeout(500)
    page.locator("summary", has_text="Transcript").first.click() if page.locator("summary").count() else None
    assert axe_violations(page) == []


def test_vimeo_segment_loads_on_play_with_dnt_and_stops_at_its_end(page, context):
    page.goto(LEADERSHIP)
    vimeo = page.locator("section.segment[data-segment-id='player']")
    vimeo.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => window.__vimeoStub && window.__vimeoStub.playing")
    assert any(url.startswith("https://player.vimeo.com/api/player.js") for url in context.external_requests)
    options = page.evaluate("() => window.__vimeoStub.options")
    assert options["id"] == 76979871 and options["dnt"] is True
    assert page.evaluate("() => window.__vimeoStub.now()") >= 5  # started at the clip's start (0:05)
    assert vimeo.locator("iframe").get_attribute("title") == "How to embed a clip"
    page.evaluate("() => window.__vimeoStub.setCurrentTime(60)")  # past the end (0:45)
    page.wait_for_function("() => !window.__vimeoStub.playing")
    assert page.evaluate("() => window.__vimeoStub.now()") <= 45.5
    assert "End of the clip" in vimeo.locator("[data-role=message]").inner_text()


@pytest.fixture
def blocked(context, site):
    """The video sites are unreachable (offline, or blocked at work): every outside request is aborted."""
    context.unroute_all(behavior="ignoreErrors")
    context.route(
        lambda url: not url.startswith(site) and not url.startswith(("data:", "blob:", "about:")),
        lambda route: (context.external_requests.append(route.request.url), route.abort()),
    )
    return context


def test_a_blocked_youtube_keeps_play_retry_link_and_the_transcript(page, blocked):
    page.goto(LEADERSHIP)
    first = page.locator("section.segment").first
    first.get_by_role("button", name=re.compile("^Play")).click()
    message = first.locator("[data-role=message]")
    page.wait_for_function(
        "() => document.querySelector('section.segment [data-role=message]').textContent.includes('did not load')"
    )
    assert message.get_attribute("aria-live") == "polite"
    assert "YouTube" in message.inner_text()
    assert first.get_by_role("button", name=re.compile("^Play")).is_visible()  # the play control stays
    assert first.locator("[data-role=frame]").is_hidden()  # no black box
    retry = first.get_by_role("button", name="Retry")
    assert retry.is_visible()
    page.wait_for_function("() => document.activeElement && document.activeElement.dataset.role === 'retry'")
    link = first.get_by_role("link", name=re.compile("Open it on YouTube"))
    assert link.get_attribute("href").startswith("https://www.youtube.com/watch?v=qp0HIF3SfI4")
    assert axe_violations(page) == []
    # Retry asks the network again (and fails again, visibly).
    before = len(blocked.external_requests)
    retry.click()
    page.wait_for_function("() => !document.querySelector('section.segment [data-role=fallback]').hidden")
    assert any("iframe_api" in url for url in blocked.external_requests[before:])
    # The transcript is the alternative; the block allows reading to count, so the server starts its clock.
    with page.expect_request(lambda r: "record_reading" in r.url and r.method == "POST"):
        first.get_by_role("button", name="Read the transcript instead").click()
    assert first.locator("details.segment__transcript").get_attribute("open") is not None
    assert "at a steady pace" in first.locator(".segment__reading-note").inner_text()
    assert axe_violations(page) == []
    assert page.errors == []


def test_a_provider_that_never_answers_is_given_up_after_a_few_seconds(page, context, site):
    """The script request hangs (a proxy that swallows it): the timeout shows the fallback."""
    context.unroute_all(behavior="ignoreErrors")
    context.route(lambda url: url.startswith("https://player.vimeo.com/"), lambda route: None)  # never answered
    context.route(
        lambda url: not url.startswith(site) and not url.startswith(("data:", "blob:", "about:", "https://player.vimeo.com/")),
        lambda route: route.abort(),
    )
    page.goto(LEADERSHIP)
    vimeo = page.locator("section.segment[data-segment-id='player']")
    vimeo.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function(
        "() => !document.querySelector(\"section.segment[data-segment-id='player'] [data-role=fallback]\").hidden",
        timeout=12000,
    )
    assert "Vimeo" in vimeo.locator("[data-role=message]").inner_text()
    assert vimeo.get_by_role("link", name=re.compile("Open it on Vimeo")).is_visible()


def test_first_progress_shows_within_three_seconds_of_playback(page):
    page.goto(MINIMAL)
    page.get_by_role("button", name=re.compile("^Play")).click()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && !v.paused; }")
    started = page.evaluate("() => performance.now()")
    page.wait_for_function(
        "() => Number(document.querySelector('section.segment progress[data-role=progress]').value) > 0",
        timeout=4000,
    )
    assert page.evaluate("() => performance.now()") - started <= 3500


def test_demo_transcript_agrees_with_the_clip_and_the_scrubber(page):
    page.goto(MINIMAL)
    page.locator("summary", has_text="Transcript").click()
    cues = page.locator("[data-role=cue]")
    labels = [label.strip() for label in page.locator(".transcript__time").all_inner_texts()]
    texts = page.locator(".transcript__text").all_inner_texts()
    assert labels[0] == "0:02" and labels[-1] == "0:10"  # source time: the clip is 0:02-0:14
    assert not any("before the clip" in text.lower() for text in texts)
    cues.nth(1).click()  # "A steady tone" at 0:06 on the scrubber
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.currentTime >= 6 && v.currentTime < 9; }")
