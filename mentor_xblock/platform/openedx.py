"""The Open edX backend of the platform port: every import of edx-platform in the package is here.

Each import sits inside the method that needs it, on purpose: this module is imported
everywhere (the port loads it as its default), while edx-platform's modules exist only
inside the LMS and Studio, where Django has set them up by the time a method runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings

# edx-platform's per-user language preference (user_api.preferences).
LANGUAGE_PREFERENCE = "pref-lang"


# The catalogues this package ships (compiled by tools/translations.py), as XBlockI18nService reads them.
PACKAGE_CATALOGUES = Path(__file__).resolve().parent.parent / "translations"


@dataclass(frozen=True)
class Contact:
    email: str
    lms_user_id: int | None
    username: str
    language: str  # "" when the person chose none
    name: str = ""  # the name people know them by ("" if they gave none: use the username)


def provides_inherited_fields() -> bool:
    """True inside edx-platform, whose InheritanceMixin gives every block `due` and `graceperiod`."""
    return find_spec("xmodule") is not None


def _plain(key):
    """A course or usage key without branch/version, as the LMS runtime names it."""
    if hasattr(key, "version_agnostic"):
        key = key.version_agnostic()
    if hasattr(key, "for_branch"):
        key = key.for_branch(None)
    return key


class _Published:
    """A published block with the key the LMS uses for it."""

    def __init__(self, item):
        self.scope_ids = type("Ids", (), {"usage_id": _plain(item.location)})()
        self.authored = item.authored


class OpenEdxPlatform:  # pragma: no cover - every method needs edx-platform, except where the workbench shares it
    """Answers from edx-platform: its users, course roles, access checks, contentstore and signals."""

    def course_key_of(self, usage_id) -> str:
        return str(usage_id.context_key)

    def _user(self, anonymous_id: str):
        from common.djangoapps.student.models import user_by_anonymous_id  # pylint: disable=import-error

        return user_by_anonymous_id(anonymous_id)

    def contact(self, course_key: str, anonymous_id: str) -> Contact | None:
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference  # pylint: disable=import-error

        user = self._user(anonymous_id)
        if user is None or not user.is_active or not user.email:
            return None
        profile = getattr(user, "profile", None)
        name = getattr(profile, "name", "") or user.get_full_name()
        return Contact(user.email, user.id, user.username, get_user_preference(user, LANGUAGE_PREFERENCE) or "", name)

    def username_of(self, course_key: str, anonymous_id: str) -> str | None:
        user = self._user(anonymous_id)
        return user.username if user is not None else None

    def programme_staff(self, course_key: str, mentor_pool: set[str]) -> list[str]:
        """Instructors, and course staff outside the mentor pool (services/roles.course_role's split)."""
        from common.djangoapps.student.models import anonymous_id_for_user  # pylint: disable=import-error
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole  # pylint: disable=import-error
        from opaque_keys.edx.keys import CourseKey

        key = CourseKey.from_string(course_key)
        found = {anonymous_id_for_user(user, key) for user in CourseInstructorRole(key).users_with_role()}
        found.update(anonymous_id for anonymous_id in
                     (anonymous_id_for_user(user, key) for user in CourseStaffRole(key).users_with_role())
                     if anonymous_id not in mentor_pool)
        return sorted(found)

    def staff_anonymous_id(self, user_service, username: str, course_key: str) -> str | None:
        """The runtime's user service turns the username into an anonymous id; staff access is the
        LMS's own check (courseware's has_access 'staff'), so whoever the block treats as staff —
        course Staff or Limited Staff, Admin, org staff, global staff — can be a mentor."""
        from lms.djangoapps.courseware.access import has_access  # pylint: disable=import-error
        from opaque_keys.edx.keys import CourseKey

        anonymous_id = user_service.get_anonymous_user_id(username, course_key)
        if not anonymous_id:
            return None
        user = user_service.get_user_by_anonymous_id(anonymous_id)
        allowed = user is not None and bool(has_access(user, "staff", CourseKey.from_string(course_key)))
        return anonymous_id if allowed else None

    def item_url(self, course_key: str, block_key: str, fragment: str) -> str:
        """The LMS's jump_to for the block (it redirects to its unit), with the element's anchor."""
        from .links import site_root

        return f"{site_root()}/courses/{course_key}/jump_to/{block_key}#{fragment}"

    def course_home(self, course_key: str) -> tuple[str, str]:
        """The course's display name (or its key) and its home page in the LMS."""
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview  # pylint: disable=import-error
        from opaque_keys.edx.keys import CourseKey

        from .links import site_root

        overview = CourseOverview.objects.filter(id=CourseKey.from_string(course_key)).only("display_name").first()
        return (overview.display_name if overview else "") or course_key, f"{site_root()}/courses/{course_key}/course/"

    def course_language(self, course_key: str) -> str:
        """The course's language (Studio's Schedule & Details), or ""."""
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview  # pylint: disable=import-error
        from opaque_keys.edx.keys import CourseKey

        overview = CourseOverview.objects.filter(id=CourseKey.from_string(course_key)).only("language").first()
        return (overview.language if overview else "") or ""

    def catalogue_dirs(self) -> list[tuple[Path, str]]:
        """(directory, gettext domain) where this block's translations are, first match wins: the site's
        openedx-translations copy (conf/plugins-locale/xblock.v1/<module>, domain "django"), then ours."""
        found = []
        repo_root = getattr(settings, "REPO_ROOT", None)
        if repo_root:
            found.append((Path(repo_root) / "conf" / "plugins-locale" / "xblock.v1" / "mentor_xblock", "django"))
        return found + [(PACKAGE_CATALOGUES, "text")]

    def link_for_recipient(self, url: str, username: str) -> str:
        return url  # the LMS knows who opens the link: its session

    def anonymous_ids_of_user(self, user) -> list[str]:
        from common.djangoapps.student.models import AnonymousUserId  # pylint: disable=import-error

        return list(AnonymousUserId.objects.filter(user=user).values_list("anonymous_user_id", flat=True))

    def names_of_user(self, user) -> list[str]:
        """Username and full name; the retirement pipeline calls USER_RETIRE_LMS_MISC before it scrubs
        the profile, and UserRetirementStatus keeps the originals in case it did already."""
        from openedx.core.djangoapps.user_api.models import UserRetirementStatus  # pylint: disable=import-error

        profile = getattr(user, "profile", None)
        names = [user.username, getattr(profile, "name", "") or "", user.get_full_name()]
        status = UserRetirementStatus.objects.filter(user=user).first()
        if status is not None:
            names += [getattr(status, "original_username", ""), getattr(status, "original_name", "")]
        return [name for name in names if name]

    def _contentstore_location(self, course_key, src: str):
        from opaque_keys.edx.keys import CourseKey
        from xmodule.contentstore.content import StaticContent  # pylint: disable=import-error
        from xmodule.contentstore.django import contentstore  # pylint: disable=import-error

        if src.startswith("/static/"):
            location = StaticContent.compute_location(CourseKey.from_string(str(course_key)), src[len("/static/"):])
        else:
            location = StaticContent.get_location_from_path(src)
        return contentstore(), location

    def asset_version(self, block_class, course_key, src: str) -> str | None:
        store, location = self._contentstore_location(course_key, src)
        try:
            attrs = store.get_attrs(location)  # metadata only (md5, uploadDate, length), not the data
        except Exception:  # pylint: disable=broad-except  # NotFoundError and store errors: no asset
            return None
        return f"{attrs.get('md5')}:{attrs.get('uploadDate')}:{attrs.get('length')}"

    def asset_bytes(self, block_class, course_key, src: str, limit: int) -> bytes | None:
        store, location = self._contentstore_location(course_key, src)
        content = store.find(location, throw_on_not_found=False)
        return None if content is None else content.data[: limit + 1]

    def connect_signals(self, on_course_published, on_user_retired) -> None:
        """Inside edx-platform only: Studio's course publish and the LMS's retirement signal."""
        if find_spec("xmodule") is None:
            return
        from xmodule.modulestore.django import SignalHandler  # pylint: disable=import-error

        SignalHandler.course_published.connect(on_course_published, dispatch_uid="mentor_xblock_programme_blocks")
        try:
            from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC  # pylint: disable=import-error
        except ImportError:
            return  # Studio has no retirement signal
        USER_RETIRE_LMS_MISC.connect(on_user_retired, dispatch_uid="mentor_xblock_retire")

    def published_blocks(self, course_key) -> list:
        """As edx-platform's own receivers read a course: get_items with a category on the published branch."""
        from xmodule.modulestore import ModuleStoreEnum  # pylint: disable=import-error
        from xmodule.modulestore.django import modulestore  # pylint: disable=import-error

        store = modulestore()
        with store.branch_setting(ModuleStoreEnum.Branch.published_only, course_key):
            return [_Published(item) for item in store.get_items(course_key, qualifiers={"category": "mentorship"})]

    @staticmethod
    def plain_course_key(course_key) -> str:
        return str(_plain(course_key))
