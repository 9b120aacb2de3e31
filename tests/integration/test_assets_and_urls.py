"""Transcript assets read once per version, and absolute URLs for clients outside the page."""
import os
import uuid

import pytest
from django.core.cache import cache

from mentor_xblock import assets
from mentor_xblock.resources import resource_dir

VTT = "WEBVTT\n\n00:00:02.000 --> 00:00:06.000\n{text}\n"


@pytest.fixture
def asset_file():
    """A transcript among the block's static files (the workbench's course assets), removed afterwards."""
    path = resource_dir("static") / "demo" / f"test-{uuid.uuid4().hex}.vtt"
    path.write_text(VTT.format(text="First version of the cue"), encoding="utf-8")
    cache.clear()
    yield path
    path.unlink(missing_ok=True)
    cache.clear()


@pytest.fixture
def reads(monkeypatch):
    """Counts real reads of asset bytes (the function still runs)."""
    seen = []
    real = assets.read_asset_bytes

    def counting(*args):
        seen.append(args[-1])
        return real(*args)

    monkeypatch.setattr(assets, "read_asset_bytes", counting)
    return seen


def scenario_with(workbench, path) -> str:
    src = f"/resource/mentorship/static/demo/{path.name}"
    return workbench.add_scenario("asset", f"""<mentorship display_name="Assets" completion="segments">
  <segment id="clip" title="Clip" expert="E" url="/resource/mentorship/static/demo/clip.webm" start="0:02" end="0:14">
    <transcript format="vtt" src="{src}"/>
  </segment>
</mentorship>""")


def test_a_second_render_does_not_read_the_asset_again(workbench, asset_file, reads):
    scenario_with(workbench, asset_file)
    first = workbench.view("asset").content.decode()
    second = workbench.view("asset").content.decode()
    assert "First version of the cue" in first and "First version of the cue" in second
    assert len(reads) == 1


def test_one_render_looks_the_asset_up_once(workbench, asset_file, monkeypatch):
    """With reading credit the view needs a segment's cues twice (reading time, transcript): one lookup."""
    versions = []
    real = assets.asset_version
    monkeypatch.setattr(assets, "asset_version", lambda *args: versions.append(args[-1]) or real(*args))
    src = f"/resource/mentorship/static/demo/{asset_file.name}"
    workbench.add_scenario("asset_read", f"""<mentorship display_name="Assets" completion="segments" transcript_credit="true">
  <segment id="clip" title="Clip" expert="E" url="/resource/mentorship/static/demo/clip.webm" start="0:02" end="0:14">
    <transcript format="vtt" src="{src}"/>
  </segment>
</mentorship>""")
    assert "First version of the cue" in workbench.view("asset_read").content.decode()
    assert versions == [src]


def test_a_changed_asset_is_read_again(workbench, asset_file, reads):
    usage = scenario_with(workbench, asset_file)
    assert "First version" in workbench.view("asset").content.decode()
    asset_file.write_text(VTT.format(text="Second, longer version of the cue"), encoding="utf-8")
    stat = os.stat(asset_file)
    os.utime(asset_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later upload
    page = workbench.view("asset").content.decode()
    assert "Second, longer version of the cue" in page and "First version" not in page
    assert len(reads) == 2
    served = workbench.get(usage, "transcript", suffix="clip.vtt")
    assert served.status_code == 200 and "Second, longer version" in served.content.decode()
    assert len(reads) == 2  # the handler used the cached text of the same version


def test_a_missing_asset_gives_no_cues_and_no_error(workbench, asset_file, reads):
    usage = scenario_with(workbench, asset_file)
    asset_file.unlink()
    page = workbench.view("asset")
    assert page.status_code == 200 and "First version" not in page.content.decode()
    assert reads == []  # no version, nothing to read
    assert workbench.get(usage, "transcript", suffix="clip.vtt").status_code == 404


def test_student_view_data_urls_are_absolute(workbench, settings, asset_file):
    """lms/djangoapps/lms_xblock/runtime.py makes thirdparty handler URLs absolute; a site path gets LMS_ROOT_URL."""
    settings.LMS_ROOT_URL = "https://lms.example.com"
    usage = scenario_with(workbench, asset_file)
    data = workbench.block(usage).student_view_data()
    segment = data["segments"][0]
    for name in ("url", "embed_url", "transcript_url", "video_id"):
        assert segment[name].startswith("https://lms.example.com/"), (name, segment[name])
    # The transcript URL needs no session: it answers without a student.
    path = segment["transcript_url"][len("https://lms.example.com"):]
    response = workbench.client.get(path)
    assert response.status_code == 200 and "First version of the cue" in response.content.decode()


def test_the_page_keeps_same_origin_handler_urls(workbench, settings, asset_file):
    settings.LMS_ROOT_URL = "https://lms.example.com"
    scenario_with(workbench, asset_file)
    page = workbench.view("asset").content.decode()
    assert "https://lms.example.com" not in page
    assert "/handler/" in page
