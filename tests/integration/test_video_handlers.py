"""Video segments on the real workbench runtime and database: views, data, transcripts, progress."""
import json
from datetime import timedelta

import pytest
import webvtt  # the library the core parses transcripts with

from mentor_xblock import view_cache
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import SegmentProgress, WatchClock
from mentor_xblock.views.learner import segment_data
from tests.conftest import olx


@pytest.fixture
def three(workbench):
    return workbench.add_scenario("three", olx("three_segments.xml"))


def age_clock(student: str, seconds: float):
    """Pretend the learner's first report on every segment, and in the course, came `seconds` ago."""
    for model in (SegmentProgress, WatchClock):
        for row in model.objects.filter(learner_id=anonymous_id_for(student)):
            row.first_report_at -= timedelta(seconds=seconds)
            row.save()


def test_student_view_shows_segments_and_escapes_author_text(workbench, three):
    page = workbench.view("three").content.decode()
    assert "A YouTube clip" in page and "Ada Lovelace" in page and "Analyst" in page
    assert "Line one &lt;b&gt;not bold&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "https://www.youtube.com/watch?v=qp0HIF3SfI4&amp;t=70s" in page
    # Click-to-load: no provider iframe or script in the first render.
    assert "youtube-nocookie.com/embed" not in page.split("xblock_json_init_args")[0]
    assert "<iframe" not in page


def test_student_view_data_contract(workbench, three):
    data = workbench.block(three).student_view_data()
    assert data["display_name"] == "Three providers"
    yt, vimeo, local = data["segments"]
    assert (yt["provider"], yt["video_id"], yt["start"], yt["end"]) == ("youtube", "qp0HIF3SfI4", 70, 245)
    assert yt["embed_url"].startswith("https://www.youtube-nocookie.com/embed/qp0HIF3SfI4?")
    assert "/transcript/yt.vtt" in yt["transcript_url"]
    assert (vimeo["provider"], vimeo["video_id"], vimeo["start"], vimeo["end"]) == ("vimeo", "76979871", 5, 45)
    assert vimeo["transcript_url"] is None
    assert (local["provider"], local["start"], local["end"]) == ("html5", 2, 14)
    assert set(yt) == {
        "id", "title", "expert", "expert_title", "note", "provider", "video_id", "url", "embed_url",
        "start", "end", "transcript_url", "transcript_credit", "reading_seconds",
    }
    assert (yt["transcript_credit"], yt["reading_seconds"]) == (False, None)  # the block does not allow reading
    assert data["prompts"] == [{"id": "reflect", "text": "What did you notice?", "min_words": 5, "visibility": "peers",
                               "criteria": []}]
    assert data["mentoring"] == {
        "strategy": "learner_choice", "mentors_per_learner": 2, "allow_change": False,
        "tags": ["leadership", "careers"], "response_target_hours": 72, "nudge_days": 0,
        "mentor_approval": False, "request_expiry_days": 7, "checkin_days": 30,
    }
    json.dumps(data)  # plain JSON all the way down


def test_transcript_is_cut_to_the_clip_and_shifted(workbench, three):
    workbench.view("three")
    response = workbench.get(three, "transcript", suffix="yt.vtt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    body = response.content.decode()
    assert body.startswith("WEBVTT")
    # The cue straddling the start (1:00-1:20, clip starts 1:10) is clipped to 0-10 s of clip time.
    assert "00:00:00.000 --> 00:00:10.000" in body
    assert "00:00:50.000 --> 00:01:00.000" in body  # 2:00-2:10 in source time
    assert "<script>" not in body and "Inside alert(1)" in body  # cue markup is dropped, text kept
    source = workbench.get(three, "transcript", suffix="yt.vtt", timeline="source").content.decode()
    assert "00:01:10.000 --> 00:01:20.000" in source


@pytest.mark.parametrize(
    "suffix, params, status",
    [("nope.vtt", {}, 404), ("vimeo.vtt", {}, 404), ("yt.vtt", {"timeline": "sideways"}, 400)],
)
def test_transcript_errors_are_json(workbench, three, suffix, params, status):
    workbench.view("three")
    response = workbench.get(three, "transcript", suffix=suffix, **params)
    assert response.status_code == status
    assert response.json()["error"]


def test_first_report_starts_the_clock_and_credits_nothing_at_once(workbench, three):
    workbench.view("three")
    response = workbench.post(three, "record_progress", {"segment_id": "yt", "intervals": [[70, 245]]})
    assert response.status_code == 200
    assert response.json()["watched_seconds"] == 0
    assert response.json()["watched"] is False


def test_credit_never_outruns_twice_the_wall_clock(workbench, three):
    workbench.view("three")
    workbench.post(three, "record_progress", {"segment_id": "yt", "intervals": []})
    age_clock("student_1", 30)
    state = workbench.post(three, "record_progress", {"segment_id": "yt", "intervals": [[70, 245]]}).json()
    assert 59 <= state["watched_seconds"] <= 61  # 2 × 30 s, taken from the start of the report
    assert state["intervals"][0][0] == 70
    assert state["watched"] is False


def test_watching_the_whole_clip_completes_it_and_survives_reload(workbench, three):
    workbench.view("three")
    workbench.post(three, "record_progress", {"segment_id": "vimeo", "intervals": []})
    age_clock("student_1", 40)
    state = workbench.post(
        three, "record_progress", {"segment_id": "vimeo", "intervals": [[5, 20.5], [20.2, 44.9], [0, 3]]}
    ).json()
    assert state["watched"] is True and state["coverage"] >= 0.9
    assert state["intervals"] == [[5, 44.9]]
    saved = workbench.get(three, "student_view_user_state").json()
    assert saved["segments"]["vimeo"]["watched"] is True
    assert saved["segments"]["yt"] == {"watched_seconds": 0, "coverage": 0, "watched": False, "intervals": [],
                                       "read_seconds": 0}
    assert "Watched" in workbench.view("three").content.decode()
    # Another learner sees none of it.
    other = workbench.get(three, "student_view_user_state", student="student_2").json()
    assert other["segments"]["vimeo"]["watched"] is False


def test_seeking_to_the_end_does_not_complete(workbench, three):
    workbench.view("three")
    workbench.post(three, "record_progress", {"segment_id": "vimeo", "intervals": []})
    age_clock("student_1", 600)
    state = workbench.post(three, "record_progress", {"segment_id": "vimeo", "intervals": [[40, 45]]}).json()
    assert state["watched_seconds"] == 5
    assert state["watched"] is False


def test_intervals_are_clamped_to_the_clip(workbench, three):
    workbench.view("three")
    workbench.post(three, "record_progress", {"segment_id": "local", "intervals": []})
    age_clock("student_1", 600)
    state = workbench.post(three, "record_progress", {"segment_id": "local", "intervals": [[-50, 5], [10, 999]]}).json()
    assert state["intervals"] == [[2, 5], [10, 14]]


def test_beacon_form_payload_is_accepted(workbench, three):
    workbench.view("three")
    response = workbench.client.post(
        f"/handler/{three}/record_progress/?student=student_1",
        {"payload": json.dumps({"segment_id": "yt", "intervals": []})},
    )
    assert response.status_code == 200
    assert SegmentProgress.objects.count() == 1


@pytest.mark.parametrize(
    "body, status, fragment",
    [
        ("not json", 400, "not valid JSON"),
        ("[1, 2]", 400, "JSON object"),
        ({"intervals": [[1, 2]]}, 400, "does not say which video segment"),
        ({"segment_id": 7, "intervals": []}, 400, "which video segment as text"),
        ({"segment_id": "nope", "intervals": []}, 404, "not in this block"),
        ({"segment_id": "yt", "intervals": "70-80"}, 400, "as [from, to] pairs"),
        ({"segment_id": "yt", "intervals": [["70", "80"]]}, 400, "finite numbers"),
        ({"segment_id": "yt", "intervals": [[70, 80, 90]]}, 400, "finite numbers"),
        ({"segment_id": "yt", "intervals": [[True, 80]]}, 400, "finite numbers"),
        ('{"segment_id": "yt", "intervals": [[NaN, 80]]}', 400, "finite numbers"),
        ('{"segment_id": "yt", "intervals": [[70, Infinity]]}', 400, "finite numbers"),
        ({"segment_id": "yt", "intervals": [[1, 2]] * 501}, 400, "more than 500"),
        ({"segment_id": "yt", "intervals": [], "pad": "x" * 300_000}, 400, "larger than"),
    ],
)
def test_malformed_progress_is_refused_and_changes_nothing(workbench, three, body, status, fragment):
    workbench.view("three")
    response = workbench.post(three, "record_progress", body)
    assert response.status_code == status
    assert fragment in response.json()["error"]
    assert SegmentProgress.objects.count() == 0


def test_wrong_method_is_405_json(workbench, three):
    workbench.view("three")
    response = workbench.get(three, "record_progress")
    assert response.status_code == 405
    assert "POST" in response.json()["error"]


def test_demo_scenarios_render_for_every_role(workbench):
    for scenario in ("mentorship.0", "mentorship.1", "mentorship.2"):
        for student in ("student_1", "mentor_ada", "staff_1"):
            response = workbench.view(scenario, student=student)
            assert response.status_code == 200, (scenario, student)
            assert b"mentorship__title" in response.content
    assert workbench.view("mentorship.2").content.decode().count('class="mentorship"') == 2


def test_transcript_from_a_course_asset(workbench):
    workbench.view("mentorship.2")
    usage = workbench.usage_id("mentorship.2")
    from workbench.runtime import WorkbenchRuntime

    first = WorkbenchRuntime("student_1").get_block(usage).children[0]
    body = workbench.get(first, "transcript", suffix="listen.vtt")
    assert body.status_code == 200
    assert "00:00:03.000 --> 00:00:08.000\nA steady tone plays underneath." in body.content.decode()
    assert workbench.block(first).student_view_data()["segments"][0]["transcript_url"]
    page = workbench.view("mentorship.2").content.decode()
    assert "A steady tone plays underneath." in page  # the interactive transcript, from the asset


def test_unreadable_transcript_asset_is_a_404_not_a_500(workbench):
    usage = workbench.add_scenario("missing-asset", """
      <mentorship>
        <segment id="s" title="Clip" url="/static/clip.mp4" start="0" end="10">
          <transcript src="/static/not-there.vtt"/>
        </segment>
      </mentorship>""")
    assert workbench.view("missing-asset").status_code == 200
    response = workbench.get(usage, "transcript", suffix="s.vtt")
    assert response.status_code == 404 and "could not be read" in response.json()["error"]


def test_each_segments_transcript_url_is_the_runtimes_own(workbench):
    """The page asks the runtime for one handler URL per request and fills each segment's id in:
    it must be the URL the runtime gives for that segment, and it must serve the transcript."""
    cues = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"
    segments = "".join(
        f'<segment id="{sid}" title="T" url="https://example.com/v.mp4" start="0" end="9">'
        f'<transcript format="vtt">{cues}</transcript></segment>'
        for sid in ("A_b-9", "z", "Seg_2")
    )
    usage = workbench.add_scenario("slots", f'<mentorship display_name="Slots">{segments}</mentorship>')
    block = workbench.block(usage)
    for segment in block.authored.segments:
        url = segment_data(block, segment)["transcript_url"]
        assert url == block.runtime.handler_url(block, "transcript", f"{segment.id}.vtt").rstrip("?&")
        answer = workbench.client.get(url)
        assert answer.status_code == 200 and "Hello" in answer.content.decode()


def test_a_transcript_is_parsed_once_however_many_requests_and_clips(workbench, monkeypatch):
    """A long transcript is parsed once per process: the transcript handler's check and its cut use
    the parse view_cache keeps by content, and two clips of one talk share it."""
    cues = "".join(f"{n // 60:02d}:{n % 60:02d}.000 --> {n // 60:02d}:{n % 60:02d}.900\nLine {n} of a long talk\n\n"
                   for n in range(0, 3000, 1))
    talk = f"WEBVTT\n\n{cues}"
    segments = "".join(f'<segment id="{sid}" title="T" url="https://example.com/v.mp4" start="{start}" end="{start + 60}">'
                       f'<transcript format="vtt">{talk}</transcript></segment>' for sid, start in (("a", 0), ("b", 600)))
    usage = workbench.add_scenario("long-talk", f'<mentorship display_name="Long">{segments}</mentorship>')
    view_cache.clear()
    workbench.block(usage).authored  # noqa: B018  (the content is validated, its transcripts checked, once)
    parses = []
    real = webvtt.from_buffer

    def counting(*args, **kwargs):
        parses.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(webvtt, "from_buffer", counting)
    first = workbench.get(usage, "transcript", suffix="a.vtt")
    second = workbench.get(usage, "transcript", suffix="a.vtt")
    other_clip = workbench.get(usage, "transcript", suffix="b.vtt", timeline="source")
    assert first.status_code == second.status_code == other_clip.status_code == 200
    assert first.content == second.content and "Line 59 of a long talk" in first.content.decode()
    assert "10:00.000 --> 00:10:00.900\nLine 600" in other_clip.content.decode()
    assert len(parses) == 1
