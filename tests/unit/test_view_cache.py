"""mentor_xblock.view_cache: per-process caches keyed by content, bounded."""
from mentor_xblock import view_cache
from mentor_xblock.view_cache import LRU

CONTENT = {"items": [{"kind": "prompt", "id": "p", "text": "Why?"}]}


def test_lru_keeps_at_most_its_size_and_forgets_the_least_recent():
    cache = LRU(2)
    for key in "abc":
        cache.get(key, lambda key=key: key.upper())
    assert len(cache) == 2
    assert cache.get("a", lambda: "recomputed") == "recomputed"  # "a" was evicted
    assert cache.get("c", lambda: "recomputed") == "C"  # "c" was kept


def test_content_is_validated_once_per_distinct_content():
    view_cache.clear()
    first = view_cache.validated_content(dict(CONTENT))
    again = view_cache.validated_content({"items": [{"kind": "prompt", "id": "p", "text": "Why?"}]})
    assert again is first
    changed = view_cache.validated_content({"items": [{"kind": "prompt", "id": "p", "text": "How?"}]})
    assert changed is not first and changed.prompts[0].text == "How?"


def test_cues_are_cut_per_clip():
    text = "WEBVTT\n\n00:00:10.000 --> 00:00:20.000\nOne\n\n00:00:30.000 --> 00:00:40.000\nTwo\n"
    assert [c.text for c in view_cache.clip_cues(text, "vtt", 0, 25)] == ["One"]
    assert [c.text for c in view_cache.clip_cues(text, "vtt", 25, 50)] == ["Two"]
