"""Who asks, in which block: the context every service is given, the same way (ref, actor, …).

- `BlockRef`: the block (its course and usage key) and what people call it (`place`, its
  display name, for mail, read only when asked); equality and hashing ignore the name.
- `Actor`: who asks, as the course's programme sees them (LEARNER, MENTOR or STAFF, decided on
  the server from the platform's viewer; services/roles.py). An anonymous visitor is an Actor
  without an id; services that need one refuse with 403.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Forbidden
from . import roles


@dataclass(frozen=True)
class BlockRef:
    course_key: str
    block_key: str
    # What people call the block (its display name, in mail): the name, or a function that reads it
    # when mail needs it (a field read is a query in some runtimes; most requests send no mail).
    name: str | Callable[[], str] = field(default="", compare=False, repr=False)

    @property
    def place(self) -> str:
        return self.name() if callable(self.name) else self.name

    @property
    def dom_id(self) -> str:
        """The block's id prefix on the page (element ids, and the anchors mail links open)."""
        return "m" + hashlib.sha1(self.block_key.encode()).hexdigest()[:8]

    @property
    def widget_anchor(self) -> str:
        """Where mail about a learner's mentoring lands: the mentor widget's title (templates/mentor_widget.html)."""
        return f"{self.dom_id}-mw-title"


@dataclass(frozen=True)
class Actor:
    anonymous_id: str
    name: str  # the username
    role: str  # roles.LEARNER | roles.MENTOR | roles.STAFF

    @property
    def is_authenticated(self) -> bool:
        return bool(self.anonymous_id)


def actor_of(course_key: str, viewer) -> Actor:
    """The platform's viewer as the programme sees them in this course (no identity: an anonymous actor)."""
    if not viewer.is_authenticated:
        return Actor("", viewer.username, roles.LEARNER)
    return Actor(viewer.anonymous_id, viewer.username, roles.course_role(course_key, viewer))


def signed_in(actor: Actor) -> Actor:
    if not actor.is_authenticated:
        raise Forbidden("Sign in to take part.")
    return actor
