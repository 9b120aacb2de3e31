"""xAPI tests: need event-routing-backends (`pip install -e '.[dev,aspects]'`); they skip without it,
and fail instead when MENTOR_REQUIRE_XAPI=1 (CI), as the browser tests do with MENTOR_REQUIRE_BROWSER."""
import datetime
import importlib.util
import os
import uuid

import pytest

REQUIRED = os.environ.get("MENTOR_REQUIRE_XAPI") == "1"
LMS_ROOT_URL = "https://lms.example.org"


@pytest.fixture(autouse=True)
def erb():
    if importlib.util.find_spec("event_routing_backends") is None:
        reason = "event-routing-backends is not installed (pip install -e '.[dev,aspects]')"
        if REQUIRED:
            pytest.fail(f"xAPI tests are required (MENTOR_REQUIRE_XAPI=1) but {reason}", pytrace=False)
        pytest.skip(f"xAPI tests skipped: {reason}")


@pytest.fixture
def lms(settings, monkeypatch):
    """What event-routing-backends reads from edx-platform, answered as the LMS would: its settings,
    a user's anonymous xAPI id (ExternalId) and the course overview. Only these two edx-platform
    lookups are stood in for; the transformers, the registry and tincan run for real."""
    from event_routing_backends.processors.xapi import transformer

    settings.LMS_ROOT_URL = LMS_ROOT_URL
    settings.XAPI_AGENT_IFI_TYPE = "external_id"
    monkeypatch.setattr(transformer, "get_anonymous_user_id",
                        lambda user, kind: str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{user}")))
    monkeypatch.setattr(transformer, "get_course_from_id", lambda course_id: {"display_name": f"Course {course_id}"})
    return LMS_ROOT_URL


def lms_event(name: str, data: dict, course_id: str, usage_key: str, user: str, handler: str = "h") -> dict:
    """An event as event-routing-backends receives it from the LMS (eventtracking's shape): the
    block's data, and the context the LMS builds around a handler (course, user, the handler's URL
    and, in `module`, the block)."""
    return {
        "name": name,
        "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "data": data,
        "context": {
            "course_id": course_id,
            "org_id": course_id.split(":")[-1].split("+")[0],
            "user_id": user,
            "username": user,
            "session": "d2b4c5e0a1f34b7c9e8d7c6b5a4f3e2d",
            "path": f"/courses/{course_id}/xblock/{usage_key}/handler/{handler}",
            "module": {"display_name": "Mentoring", "usage_key": usage_key},
            "event_source": "server",
            "page": "x_module",
        },
    }


@pytest.fixture
def tracked(monkeypatch):
    """Every event the blocks publish through the workbench runtime, wrapped as the LMS wraps it."""
    from workbench.runtime import WorkbenchRuntime

    seen = []

    def publish(runtime, block, name, data):
        seen.append(lms_event(name, data, str(block.block_ref.course_key), str(block.scope_ids.usage_id),
                              str(runtime.user_id)))

    monkeypatch.setattr(WorkbenchRuntime, "publish", publish)
    return seen
