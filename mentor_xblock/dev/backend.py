"""The workbench's backend of the platform port (settings.MENTOR_PLATFORM_BACKEND names it).

The xblock-sdk workbench has no users, courses or contentstore: the development user
service (dev/user_service.py) decides who `?student=<id>` is, user `<id>` has the address
`<id>@example.com`, and every block belongs to a course of dev/courses.py.
"""
from __future__ import annotations

import os

from django.conf import settings
from workbench.scenarios import SCENARIOS

from ..models import LearnerProfile, MentorProfile, ProgrammeBlock, Reply, Response
from ..platform.links import site_root
from ..platform.openedx import Contact, OpenEdxPlatform
from ..resources import static_path
from .courses import course_of_scenario
from .user_service import anonymous_id_for, display_name_for, role_for, user_id_for

# Demo transcripts are the block's own static files, served by the workbench at this address.
WORKBENCH_PREFIX = "/resource/mentorship/"


def programme_staff_usernames() -> list[str]:
    """Who runs the programme here (the LMS asks the course's roles instead)."""
    return list(getattr(settings, "MENTOR_DEV_PROGRAMME_STAFF", ["staff_1"]))


def _scenario_of(block_key: str) -> str | None:
    best = None
    for name, scenario in SCENARIOS.items():
        usage = str(scenario.usage_id)
        if block_key == usage or block_key.startswith(usage + "."):
            best = name
    return best


class WorkbenchPlatform(OpenEdxPlatform):
    """The platform as the workbench plays it; whatever it does not override is the LMS's answer."""

    def course_key_of(self, usage_id) -> str:
        course = getattr(usage_id, "context_key", None)
        return str(course) if course is not None else course_of_scenario(usage_id)

    def username_of(self, course_key: str, anonymous_id: str) -> str | None:
        """The names this id may be are the ones our tables already hold (and the programme staff)."""
        candidates = set(programme_staff_usernames())
        candidates.update(LearnerProfile.objects.filter(course_key=course_key, learner_id=anonymous_id)
                          .values_list("username", flat=True))
        candidates.update(MentorProfile.objects.filter(course_key=course_key, mentor_id=anonymous_id)
                          .values_list("username", flat=True))
        candidates.update(Response.objects.filter(course_key=course_key, learner_id=anonymous_id)
                          .values_list("author_name", flat=True)[:1])
        candidates.update(Reply.objects.filter(author_id=anonymous_id).values_list("author_name", flat=True)[:1])
        for name in candidates:
            if name and anonymous_id_for(name) == anonymous_id:
                return name
        return None

    def contact(self, course_key: str, anonymous_id: str) -> Contact | None:
        username = self.username_of(course_key, anonymous_id)
        if username is None:
            return None
        return Contact(f"{username}@example.com", user_id_for(username), username, "", display_name_for(username))

    def programme_staff(self, course_key: str, mentor_pool: set[str]) -> list[str]:
        return sorted({anonymous_id_for(name) for name in programme_staff_usernames()} - set(mentor_pool))

    def staff_anonymous_id(self, user_service, username: str, course_key: str) -> str | None:
        """ids starting "mentor" or "staff" are course staff (dev/user_service.py)."""
        return anonymous_id_for(username) if role_for(username)[0] else None

    def item_url(self, course_key: str, block_key: str, fragment: str) -> str:
        """The scenario page that shows the block (`?student=` is added per recipient)."""
        scenario = _scenario_of(block_key)
        if scenario is None:
            return super().item_url(course_key, block_key, fragment)
        return f"{site_root()}/scenario/{scenario}/#{fragment}"

    def course_home(self, course_key: str) -> tuple[str, str]:
        """The workbench has no course pages: its name from settings, and the page of its first
        programme block (the workbench's index when none is recorded)."""
        name = getattr(settings, "MENTOR_WORKBENCH_COURSE_NAMES", {}).get(course_key, "Mentoring demo course")
        block = (ProgrammeBlock.objects.filter(course_key=course_key).order_by("pk")
                 .values_list("block_key", flat=True).first())
        url = self.item_url(course_key, block, "").rstrip("#") if block and _scenario_of(block) else f"{site_root()}/"
        return name, url

    def link_for_recipient(self, url: str, username: str) -> str:
        """The dev user service reads ?student=, so the recipient is named in the page address."""
        if "/scenario/" not in url or not username:
            return url
        base, _, fragment = url.partition("#")
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}student={username}" + (f"#{fragment}" if fragment else "")

    def course_language(self, course_key: str) -> str:
        return getattr(settings, "MENTOR_WORKBENCH_COURSE_LANGUAGE", "")  # the workbench's courses set none

    def anonymous_ids_of_user(self, user) -> list[str]:
        return []  # the workbench has no platform users to retire

    @staticmethod
    def _local_path(block_class, src: str):
        uri = src[len(WORKBENCH_PREFIX):] if src.startswith(WORKBENCH_PREFIX) else ""
        prefix = block_class.public_dir + "/"
        return static_path(uri[len(prefix):]) if uri.startswith(prefix) and "/." not in uri else None

    def asset_version(self, block_class, course_key, src: str) -> str | None:
        path = self._local_path(block_class, src)
        if path is None:
            return None
        stat = os.stat(path)
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def asset_bytes(self, block_class, course_key, src: str, limit: int) -> bytes | None:
        path = self._local_path(block_class, src)
        if path is None:
            return None
        with open(path, "rb") as handle:
            return handle.read(limit + 1)

    def connect_signals(self, on_course_published, on_user_retired) -> None:
        return None  # the workbench publishes no courses and retires no users

    def published_blocks(self, course_key) -> list:
        return []
