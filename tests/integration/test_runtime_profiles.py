"""Every handler and view under every runtime the platform builds for the block.

Each profile is played through the development user service (mentor_xblock/dev/user_service.py),
which builds the `user` service (and `studio_user_permissions`) the way edx-platform does:

- LMS learner / staff / instructor: lms/djangoapps/courseware/block_render.py, get_module_system_for_user:
  DjangoXBlockUserService(user, user_is_staff=has_access(user, 'staff', …), user_role=get_user_role(…),
  anonymous_user_id=anonymous_id_for_user(user, course_id)).
- Studio editing: cms/djangoapps/contentstore/views/component.py, component_handler →
  load_services_for_studio (cms/djangoapps/contentstore/utils.py, xblock_storage_handlers/view_handlers.py):
  DjangoXBlockUserService(user) with no keyword arguments (no anonymous id, user_is_staff False) and
  StudioPermissionsService(user), whose can_write is has_studio_write_access.
- Studio preview: cms/djangoapps/contentstore/views/preview.py, _preview_module_system:
  anonymous_user_id='student' for every author, user_role from get_user_role, no user_is_staff.
- View as learner / as a specific learner: lms/djangoapps/courseware/masquerade.py (the masquerade is
  kept in the session under 'masquerade_settings'; block_render.py binds the masqueraded user).
- No user (Course Blocks API collecting student_view_data): xmodule/modulestore/django.py gives the
  modulestore runtime DjangoXBlockUserService(get_current_user()) with no kwargs.

Handlers are discovered from the class (`_is_xblock_handler`), so a new one joins automatically.
"""
import hashlib
import inspect
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from mentor_xblock.block import MentorXBlock

PROFILES = {
    "lms-learner": "student_1",
    "lms-staff": "mentor_ada",
    "lms-instructor": "staff_1",
    "studio-author": "studio:alice",
    "studio-readonly": "studio-readonly:bob",
    "studio-preview": "preview:alice",
    "view-as-learner": "masq:staff_1",
    "view-as-specific-learner": "as:student_1",
    "no-user": "anonymous",
}
READ_ONLY = ("studio-preview", "view-as-learner", "view-as-specific-learner")
VIEWS = ("student_view", "author_view", "studio_view")
HANDLERS = sorted(name for name, member in inspect.getmembers(MentorXBlock)
                  if getattr(member, "_is_xblock_handler", False))

OLX = """<mentorship display_name="Profiles" completion="segments+prompts">
  <segment id="why" title="Start with why" expert="Simon Sinek" url="https://www.youtube.com/watch?v=qp0HIF3SfI4"
           start="1:10" end="4:05"><transcript format="vtt">WEBVTT

00:01:10.000 --> 00:01:25.000
Cue
</transcript></segment>
  <prompt id="open" min_words="2" visibility="peers">Share one habit of a good leader.</prompt>
  <mentoring strategy="auto" mentors_per_learner="1" allow_change="true" tags="leadership"/>
</mentorship>"""

# Plausible bodies for the handlers that write, so a refusal is a refusal and not a 400.
PAYLOADS = {
    "record_progress": {"segment_id": "why", "intervals": [[70, 75]]},
    "save_draft": {"prompt_id": "open", "text": "A draft in preview"},
    "submit_response": {"prompt_id": "open", "text": "Listening first, always"},
    "set_interests": {"interests": ["leadership"]},
    "choose_mentor": {"mentor_id": "x"},
    "studio_submit": {"display_name": "Changed", "weight": 1, "content": {"items": []}},
}


def table_state():
    """Row count and checksum of every mentor_xblock table."""
    state = {}
    for model in apps.get_app_config("mentor_xblock").get_models():
        rows = list(model.objects.order_by("pk").values_list())
        state[model._meta.db_table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


@pytest.fixture
def scenario(workbench):
    """A block with a pool of mentors, and a learner who has already done some work."""
    call_command("mentor_demo_data", verbosity=0)
    usage = workbench.add_scenario("profiles", OLX)
    assert workbench.post(usage, "record_progress", PAYLOADS["record_progress"], student="student_1").status_code == 200
    assert workbench.post(usage, "submit_response", PAYLOADS["submit_response"], student="student_1").status_code == 200
    return usage


def test_handlers_are_discovered():
    assert {"studio_submit", "transcript", "record_progress"} <= set(HANDLERS)


@pytest.mark.parametrize("profile", PROFILES)
def test_no_server_error_under_any_profile(workbench, scenario, profile):
    student = PROFILES[profile]
    for view in VIEWS:
        response = workbench.view("profiles", student=student, view=view)
        assert response.status_code == 200, (view, response.status_code)
    failures = []
    for handler in HANDLERS:
        for method in ("GET", "POST"):
            if method == "GET":
                response = workbench.get(scenario, handler, student=student)
            else:
                response = workbench.post(scenario, handler, PAYLOADS.get(handler, {}), student=student)
            if response.status_code >= 500:
                failures.append((handler, method, response.status_code))
            elif response.get("Content-Type", "").startswith("application/json") and response.status_code >= 400:
                assert "error" in json.loads(response.content), (handler, method)
    assert failures == []


@pytest.mark.parametrize("profile,saves", [
    ("studio-author", True),  # can_write True: Studio's own write check passed
    ("studio-readonly", False),  # can_write False
    ("studio-preview", False),  # the preview runtime has no studio_user_permissions and no staff flag
    ("view-as-learner", False),
    ("view-as-specific-learner", False),
    ("lms-learner", False),
    ("lms-instructor", True),  # workbench only: LMS course staff author where Studio's service is absent
    ("no-user", False),
])
def test_only_authors_with_write_access_save_the_editor(workbench, scenario, profile, saves):
    before = workbench.block(scenario).display_name
    body = {"display_name": f"Saved by {profile}", "weight": 1,
            "content": {"items": [{"kind": "prompt", "id": "p", "text": "Why?", "min_words": 1,
                                   "visibility": "mentor"}]},
            "confirm_removal": True}  # the scenario's learners have work in the items this save removes
    response = workbench.post(scenario, "studio_submit", body, student=PROFILES[profile])
    after = workbench.block(scenario).display_name
    if saves:
        assert response.status_code == 200, response.content
        assert after == f"Saved by {profile}"
    else:
        assert response.status_code == 403, response.content
        assert json.loads(response.content)["error"]
        assert after == before


@pytest.mark.parametrize("handler", ["studio_check", "studio_import_olx", "studio_export_olx"])
def test_studio_authoring_handlers_answer_studio_authors(workbench, scenario, handler):
    """Before: all four authoring handlers answered 403 in Studio (user_is_staff is False there)."""
    body = {"studio_check": {"item": {"kind": "prompt", "id": "p", "text": "Why?"}, "taken_ids": []},
            "studio_import_olx": {"olx": OLX}, "studio_export_olx": {}}[handler]
    assert workbench.post(scenario, handler, body, student="studio:alice").status_code == 200
    assert workbench.post(scenario, handler, body, student="studio-readonly:bob").status_code == 403


@pytest.mark.parametrize("profile", READ_ONLY)
def test_preview_and_view_as_write_nothing_through_any_handler(workbench, scenario, profile):
    before = table_state()
    statuses = {}
    for handler in HANDLERS:
        statuses[handler] = workbench.post(scenario, handler, PAYLOADS.get(handler, {}),
                                           student=PROFILES[profile]).status_code
    assert table_state() == before
    for handler in PAYLOADS:
        assert statuses[handler] == 403, (handler, statuses[handler])


@pytest.mark.parametrize("profile", READ_ONLY)
def test_preview_and_view_as_rendering_writes_nothing(workbench, scenario, profile):
    before = table_state()
    for view in VIEWS:
        assert workbench.view("profiles", student=PROFILES[profile], view=view).status_code == 200
    workbench.block(scenario, student=PROFILES[profile]).student_view_data()
    assert table_state() == before


def test_rendering_writes_nothing_under_any_profile(workbench, scenario):
    """Strict: no view writes for anyone (a learner's first view must not assign a mentor either)."""
    before = table_state()
    for student in PROFILES.values():
        for view in VIEWS:
            assert workbench.view("profiles", student=student, view=view).status_code == 200
        workbench.block(scenario, student=student).student_view_data()
    assert table_state() == before


def test_view_as_specific_learner_shows_none_of_their_writing(workbench, scenario):
    """Staff viewing as a learner (possibly a mentor who is not theirs) see the block, not the learner's data."""
    state = workbench.get(scenario, "student_view_user_state", student="as:student_1")
    own = workbench.get(scenario, "student_view_user_state", student="student_1")
    assert own.status_code == 200 and "Listening first" in own.content.decode()
    assert "Listening first" not in state.content.decode()


def test_preview_is_detected_by_the_preview_runtime_flag(workbench, scenario):
    """preview.py's PreviewModuleSystem sets is_author_mode = True; with the course's individualised
    anonymous ids (individualize_anonymous_user_id) the author's own id arrives instead of 'student'."""
    from mentor_xblock.platform import viewer_for

    block = workbench.block(scenario, student="staff_1")
    assert viewer_for(block).context == "lms"
    block.runtime.is_author_mode = True
    viewer = viewer_for(block)
    assert (viewer.context, viewer.is_authenticated, viewer.is_staff) == ("preview", False, False)


def test_course_blocks_api_collects_student_view_data_without_a_user(workbench, scenario):
    """lms/djangoapps/course_api/blocks/transformers/student_view.py calls student_view_data at collect
    time, on the modulestore's runtime: no learner, so no learner tables (field reads are the runtime's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    block = workbench.block(scenario, student="anonymous")
    with CaptureQueriesContext(connection) as queries:
        data = block.student_view_data()
    assert not [q["sql"] for q in queries.captured_queries if "mentor_xblock_" in q["sql"]]
    assert data["display_name"] == "Profiles"
    assert data["segments"][0]["transcript_url"].startswith("http")


def test_completion_tracking_switched_off_does_not_fail_the_learner(workbench, scenario, monkeypatch):
    """Older LMS releases raise Http404 from publish("completion") while the waffle switch
    completion.enable_completion_tracking is off (lms/djangoapps/courseware/module_render.py,
    handle_completion_event; today's xmodule/services.py EventPublishingService skips the event).
    The runtime here publishes like the older one; the learner's answer is saved and the handler answers 200."""
    from django.http import Http404
    from workbench.runtime import WorkbenchRuntime

    from mentor_xblock.models import Response

    def platform_publish(self, block, event_type, event):
        if event_type == "completion":
            raise Http404

    monkeypatch.setattr(WorkbenchRuntime, "publish", platform_publish)
    response = workbench.post(scenario, "submit_response", {"prompt_id": "open", "text": "Two words here"},
                              student="student_3")
    assert response.status_code == 200, response.content
    assert Response.objects.filter(text="Two words here").exists()
