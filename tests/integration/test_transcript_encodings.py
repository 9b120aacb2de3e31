"""Transcript course assets in legacy encodings, through the page and the transcript handler."""
import uuid

import pytest
from django.core.cache import cache

from mentor_xblock.resources import resource_dir

SRT = "1\r\n00:00:02,000 --> 00:00:06,000\r\nDES ÉVÉNEMENTS À VENIR\r\n\r\n2\r\n00:00:06,000 --> 00:00:09,000\r\nC'est très bien.\r\n"


@pytest.fixture
def srt_asset():
    """An .srt among the block's static files (the workbench's course assets), removed afterwards."""
    path = resource_dir("static") / "demo" / f"test-{uuid.uuid4().hex}.srt"
    cache.clear()
    yield path
    path.unlink(missing_ok=True)
    cache.clear()


def scenario(workbench, path) -> str:
    return workbench.add_scenario("encodings", f"""<mentorship display_name="Encodings" completion="segments">
  <segment id="clip" title="Clip" expert="E" url="/resource/mentorship/static/demo/clip.webm" start="0:02" end="0:14">
    <transcript format="srt" src="/resource/mentorship/static/demo/{path.name}"/>
  </segment>
</mentorship>""")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "utf-8"])
def test_legacy_and_unicode_srt_assets_read_without_garbling(workbench, srt_asset, encoding):
    srt_asset.write_bytes(SRT.encode(encoding))
    usage = scenario(workbench, srt_asset)
    page = workbench.view("encodings").content.decode()
    assert "DES ÉVÉNEMENTS À VENIR" in page and "\ufffd" not in page
    served = workbench.get(usage, "transcript", suffix="clip.vtt")
    assert served.status_code == 200
    assert "DES ÉVÉNEMENTS À VENIR" in served.content.decode("utf-8")


def test_an_unidentifiable_asset_is_refused_with_the_reason(workbench, srt_asset):
    srt_asset.write_bytes(b"1\n00:00:02,000 --> 00:00:06,000\n" + bytes(range(128, 256)) * 3)
    usage = scenario(workbench, srt_asset)
    page = workbench.view("encodings")
    assert page.status_code == 200 and "\ufffd" not in page.content.decode()
    served = workbench.get(usage, "transcript", suffix="clip.vtt")
    assert served.status_code == 404
    assert "encoding cannot be identified" in served.json()["error"]


def test_an_asset_with_a_block_missing_its_timing_is_refused_with_the_line(workbench, srt_asset):
    srt_asset.write_text("1\n00:00:02,000 --> 00:00:06,000\nok\n\n2\nno timing here\n", encoding="utf-8")
    usage = scenario(workbench, srt_asset)
    served = workbench.get(usage, "transcript", suffix="clip.vtt")
    assert served.status_code == 404 and "Line 6" in served.json()["error"]
