"""What the viewer may do with the block itself: author it (Studio) or not.

Who the viewer is, per runtime, is decided in viewer.py; programme roles (learner,
mentor, staff) in services/roles.py. Authoring is decided here:

- Studio (component_handler, cms/djangoapps/contentstore/views/component.py) gives no
  anonymous id and user_is_staff False, but loads `studio_user_permissions`
  (StudioPermissionsService in cms/djangoapps/contentstore/utils.py):
  `can_write(course_key)` is Studio's own write check (has_studio_write_access).
  component_handler itself checks nothing before calling the handler, so this is the check.
- Elsewhere (the xblock-sdk workbench) only an LMS viewer with course staff access authors.
- Studio preview and "View as learner" never author (viewer.read_only).
"""
from __future__ import annotations

from .errors import Forbidden
from .platform import viewer_for


def studio_permissions(block):
    """The runtime's studio_user_permissions service, or None outside Studio."""
    return block.runtime.service(block, "studio_user_permissions")


def course_key_for_studio(block):
    """The course key object Studio's permission check expects (its string in the workbench)."""
    return getattr(block.scope_ids.usage_id, "context_key", None) or block.block_ref.course_key


def can_author(block) -> bool:
    viewer = viewer_for(block)  # first: the development user service loads Studio's services as it answers
    if viewer.read_only:
        return False
    permissions = studio_permissions(block)
    if permissions is not None:
        return bool(permissions.can_write(course_key_for_studio(block)))
    return viewer.context == "lms" and viewer.is_staff


def require_author(block) -> None:
    if not can_author(block):
        raise Forbidden(block._("Only course staff can edit this block."))  # pylint: disable=protected-access
