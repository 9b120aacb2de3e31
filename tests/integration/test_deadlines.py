"""Deadlines on the real workbench: the platform's due + graceperiod and the author's late policy."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor_xblock.core.content import ContentError
from mentor_xblock.core.olx import block_olx_string, parse_content, parse_olx_string
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Response, SegmentProgress
from tests.conftest import olx

LEARNER = "student_1"
ANSWER = {"prompt_id": "private", "text": "I will listen first"}


def scenario(workbench, name, policy="closed", due=None, grace=None):
    xml = olx("reflections.xml").replace("<mentorship ", f'<mentorship late_submissions="{policy}" ', 1)
    xml = xml.replace("</mentorship>", '<segment id="clip" title="Clip" url="https://youtu.be/qp0HIF3SfI4" '
                                       'start="0:10" end="0:40"/></mentorship>')
    usage = workbench.add_scenario(name, xml)
    block = workbench.block(usage)
    block.due, block.graceperiod = due, grace
    block.save()
    return usage


def learner_writes(workbench, usage):
    return {
        "submit": workbench.post(usage, "submit_response", ANSWER, student=LEARNER),
        "draft": workbench.post(usage, "save_draft", {"prompt_id": "open", "text": "draft"}, student=LEARNER),
        "progress": workbench.post(usage, "record_progress", {"segment_id": "clip", "intervals": []}, student=LEARNER),
    }


def test_closed_after_due_plus_grace_refuses_every_learner_write_and_changes_nothing(workbench, events):
    usage = scenario(workbench, "closed", due=timezone.now() - timedelta(hours=3), grace=timedelta(hours=1))
    for name, response in learner_writes(workbench, usage).items():
        assert response.status_code == 403, name
        assert response.json() == {"error": "The deadline has passed."}
    assert not Response.objects.exists() and not SegmentProgress.objects.exists()
    assert not [name for name, _ in events if name in ("grade", "completion")]
    page = workbench.view("closed", student=LEARNER).content.decode()
    assert "has passed; submissions are closed" in page and 'data-status="closed"' in page


def test_grace_period_keeps_the_block_open_after_due(workbench, events):
    usage = scenario(workbench, "grace", due=timezone.now() - timedelta(hours=1), grace=timedelta(hours=2))
    results = learner_writes(workbench, usage)
    assert {name: r.status_code for name, r in results.items()} == {"submit": 200, "draft": 200, "progress": 200}
    assert results["submit"].json()["late"] is False
    assert ("grade", {"value": 0.5, "max_value": 1.0}) in events  # one of two prompts answered
    page = workbench.view("grace", student=LEARNER).content.decode()
    assert "Due " in page and 'data-status="open"' in page and "mentorship__late" not in page


def test_accepted_late_work_is_marked_late_and_leaves_the_grade_alone(workbench, events):
    usage = scenario(workbench, "late", policy="accepted", due=timezone.now() - timedelta(days=1))
    results = learner_writes(workbench, usage)
    assert results["submit"].status_code == 200 and results["submit"].json()["late"] is True
    assert results["progress"].status_code == 200 and results["progress"].json()["late"] is True
    assert Response.objects.filter(learner_id=anonymous_id_for(LEARNER), prompt_id="private").exists()
    published = [name for name, _ in events]
    assert "completion" in published and "grade" not in published  # completion may still move; the grade may not
    page = workbench.view("late", student=LEARNER).content.decode()
    assert "work you submit now is marked late" in page and 'class="mentorship__late"' in page


def test_future_due_date_is_shown_and_open(workbench):
    due = timezone.now() + timedelta(days=2)
    usage = scenario(workbench, "future", due=due)
    assert workbench.post(usage, "submit_response", ANSWER, student=LEARNER).json()["late"] is False
    page = workbench.view("future", student=LEARNER).content.decode()
    assert f"Due {due.strftime('%Y-%m-%d %H:%M')} UTC." in page


def test_no_due_date_has_no_deadline_line(workbench):
    scenario(workbench, "undated")
    assert 'data-role="deadline"' not in workbench.view("undated", student=LEARNER).content.decode()


def test_late_policy_round_trips_through_olx_and_refuses_unknown_values():
    content = parse_content(parse_olx_string('<mentorship late_submissions="accepted"/>'))
    assert content.late_submissions == "accepted"
    assert 'late_submissions="accepted"' in block_olx_string(content, {})
    assert parse_content(parse_olx_string("<mentorship/>")).late_submissions == "closed"
    with pytest.raises(ContentError, match="late_submissions"):
        parse_content(parse_olx_string('<mentorship late_submissions="sometimes"/>'))


def test_studio_editor_saves_the_late_policy_and_refuses_unknown_ones(workbench):
    from tests.integration.test_studio import STAFF, editor_state

    usage = workbench.add_scenario("edited", olx("empty.xml"))
    bad = editor_state()
    bad["content"]["late_submissions"] = "whenever"
    response = workbench.post(usage, "studio_submit", bad, student=STAFF)
    assert response.status_code == 400
    assert "late_submissions" in {error["path"] for error in response.json()["errors"]}
    assert workbench.block(usage).authored.late_submissions == "closed"
    good = editor_state()
    good["content"]["late_submissions"] = "accepted"
    assert workbench.post(usage, "studio_submit", good, student=STAFF).status_code == 200
    assert workbench.block(usage).authored.late_submissions == "accepted"
    assert 'value="accepted"' in workbench.view("edited", student=STAFF, view="studio_view").content.decode()
