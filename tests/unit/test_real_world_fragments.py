"""Times in links' fragments, as the W3C Media Fragments test cases and the video sites read them.

Origins:
  W3CMF = W3C Media Fragments URI 1.0 user-agent test cases TC0001-TC0095
          (http://www.w3.org/2008/WebVideo/Fragments/TC/ua-test-cases, as WebKit's
          LayoutTests/media/media-fragments runs them): a fragment that is not valid is ignored
          and the media plays from its start; "start: None" there is the start of the media.
          Cases that need the media's duration (TC0006, TC0009, TC0014, TC0017) keep the times written.
  I23   = issue 23: "#t=3," is not valid and means nothing; YouTube's #t=, #start=, #end=
"""
import pytest

from mentor_xblock.core.media import parse_media_url
from mentor_xblock.core.url_times import media_fragment_times, npt_seconds

# (fragment, start, end) for https://cdn.example.org/clip.mp4#<fragment>: the W3CMF cases read wrongly before
# issue 23 (the others, such as "t=3,7", "%74=3" or "t=3,7&t=foo", were already read as the test cases expect)
W3C_CASES = [
    ('t=3,3', None, None), ('t=7,3', None, None), ('t=3,', None, None), ('t=banana', None, None),
    ('t=3,banana', None, None), ('t=banana,7', None, None), ("t='3'", None, None), ('t=3-7', None, None),
    ('t=3:7', None, None), ('t=3,7,9', None, None), ('t=-1,3', None, None), ('t=foo:7&t=npt:3', 3, None),
    ('t=7&t=3', 3, None), ('t=smpte:00:00:01&t=npt:3', 3, None), ('t=.', None, None), ('t=.0', None, None),
    ('t=0s', None, None), ('t=,0s', None, None), ('t=0s,0s', None, None), ('t=00:00:00s', None, None),
    ('t=s', None, None), ('t=1e-1', None, None), ('t=00:00:01.1e-1', None, None), ('t=3.', 3, None),
    ('t=0:0:0', None, None), ('t=0:00:60', None, None), ('t=0:01:60', None, None), ('t=0:60:00', None, None),
    ('t=0:000:000', None, None), ('t=00:00.', 0, None), ('t=0:00:00.', 0, None), ('t=0:00:10e-1', None, None),
    ('t=0:00:60.000', None, None), ('t=0:60:00.000', None, None), ('t=10%26', None, None), ('t=3,7,', None, None),
]


@pytest.mark.parametrize("fragment, start, end", W3C_CASES)
def test_media_fragment_as_the_w3c_test_cases_read_it(fragment, start, end):
    source = parse_media_url(f"https://cdn.example.org/clip.mp4#{fragment}")
    assert (source.url_start, source.url_end) == (start, end), "W3CMF"


# (suffix on a YouTube or Vimeo link, start, end, origin)
SITE_CASES = [
    ("https://www.youtube.com/watch?v=qp0HIF3SfI4#start=70&end=245", 70, 245, "I23"),
    ("https://www.youtube.com/watch?v=qp0HIF3SfI4#t=30&start=70", 70, None, "I23"),
    ("https://www.youtube.com/watch?v=qp0HIF3SfI4#t=10,20", 10, 20, "W3CMF"),
    ("https://www.youtube.com/watch?v=qp0HIF3SfI4#t=3,", None, None, "I23"),
    ("https://www.youtube.com/watch?v=qp0HIF3SfI4#t=soon", None, None, "I23"),
    ("https://youtu.be/qp0HIF3SfI4#end=100", None, 100, "I23"),
    ("https://vimeo.com/76979871?t=30#t=3,", 30, None, "I23"),
]


@pytest.mark.parametrize("url, start, end, origin", SITE_CASES)
def test_site_fragment_times_and_unreadable_ones_ignored(url, start, end, origin):
    source = parse_media_url(url)
    assert (source.url_start, source.url_end) == (start, end), origin


@pytest.mark.parametrize("text, seconds", [("10", 10), ("10.5", 10.5), ("10.", 10), ("01:30", 90), ("0:01:30", 90),
                                           ("100:00:00", 360000), ("1:30", None), ("01:60", None), ("", None)])
def test_npt_seconds(text, seconds):
    assert npt_seconds(text) == seconds


def test_last_valid_time_wins():
    assert media_fragment_times("t=7&t=3,5&t=nonsense") == (3, 5)
