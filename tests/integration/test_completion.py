"""Completion from the server's own rows, in each mode (one statement: a UNION ALL when both count)."""
from dataclasses import replace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.workbench_setup import module_olx
from mentor_xblock.models import Response, SegmentProgress
from mentor_xblock.services.completion import completion_of


def test_completion_counts_watched_segments_and_submitted_prompts(workbench):
    block = workbench.block(workbench.add_scenario("done", module_olx(2, 2)))  # completion="segments+prompts"
    ref, content, now = block.block_ref, block.authored, timezone.now()
    for segment_id, watched in (("s0", True), ("s1", False)):
        SegmentProgress.objects.create(course_key=ref.course_key, block_key=ref.block_key, learner_id="ann",
                                       segment_id=segment_id, watched=watched, first_report_at=now)
    for prompt_id, submitted in (("p0", now), ("p1", None)):  # p1 only a draft
        Response.objects.create(course_key=ref.course_key, block_key=ref.block_key, learner_id="ann",
                                prompt_id=prompt_id, draft="x", submitted_at=submitted)
    # someone else's work and another block's never count
    SegmentProgress.objects.create(course_key=ref.course_key, block_key=ref.block_key, learner_id="bo",
                                   segment_id="s1", watched=True, first_report_at=now)
    Response.objects.create(course_key=ref.course_key, block_key="other", learner_id="ann", prompt_id="p1",
                            submitted_at=now)
    with CaptureQueriesContext(connection) as captured:
        assert completion_of(ref, "ann", content) == 0.5  # s0 and p0 of four
    assert len(captured) == 1
    assert completion_of(ref, "ann", replace(content, completion="segments")) == 0.5
    assert completion_of(ref, "ann", replace(content, completion="prompts")) == 0.5
    assert completion_of(ref, "bo", content) == 0.25
    assert completion_of(ref, "nobody", content) == 0.0
