"""The workbench's courses: its usage keys carry none, so the dev backend names them here."""
from __future__ import annotations

from django.conf import settings

# Used when the runtime's usage keys carry no course (the xblock-sdk workbench).
DEV_COURSE_KEY = "course-v1:workbench+mentor+dev"


def demo_courses() -> list[str]:
    """The dev course and those settings.MENTOR_WORKBENCH_COURSES adds."""
    return [DEV_COURSE_KEY, *sorted(set(getattr(settings, "MENTOR_WORKBENCH_COURSES", {}).values()))]


def course_of_scenario(usage_id) -> str:
    """A course has one programme rule, so a demo of another rule needs its own course."""
    scenario = str(usage_id).split(".", 1)[0]
    return getattr(settings, "MENTOR_WORKBENCH_COURSES", {}).get(scenario, DEV_COURSE_KEY)
