"""The transcript-credit hint says the reading time the server counts (issue 23: "about 1 min" for
a transcript the server credited after about 20 seconds)."""
from mentor_xblock.core.intervals import reading_needed_ms

SHORT = """<mentorship display_name="Short" completion="segments" transcript_credit="true">
  <segment id="s" title="S" expert="E" url="/resource/mentorship/static/demo/clip.webm" start="0:02" end="0:14">
    <transcript format="vtt">WEBVTT

00:00:02.000 --> 00:00:10.000
{words}
</transcript>
  </segment>
</mentorship>"""


def hint(workbench, name, words):
    workbench.add_scenario(name, SHORT.format(words=" ".join(["word"] * words)))
    page = workbench.view(name, student="student_1").content.decode()
    return page.split('class="segment__reading-note"', 1)[1].split("</p>", 1)[0]


def test_a_short_transcript_says_seconds(workbench):
    seconds = reading_needed_ms(60) / 1000
    assert seconds < 60
    text = hint(workbench, "short_read", 60)
    assert f"about {max(5, 5 * round(seconds / 5))} seconds" in text and "min" not in text


def test_a_long_transcript_says_minutes(workbench):
    seconds = reading_needed_ms(1200) / 1000
    assert seconds >= 60
    assert f"about {round(seconds / 60)} min" in hint(workbench, "long_read", 1200)
