"""Who is told about mentor requests (services/programme/requests.py): a new request -> the mentor;
an accept, a decline (with the mentor's note) or an expiry -> the learner, with the request passed on
to their next ranked mentor if it was. Like notification_events.py, never raises."""
from __future__ import annotations

from ..models import MentorRequest
from .context import BlockRef
from .notification_events import _excerpt, _mentor_dashboard, _name, _never_raises, _widget
from .notifications import enqueue


@_never_raises
def requested(ref: BlockRef, request: MentorRequest) -> list[int]:
    mentor = request.mentor
    return enqueue(
        ref.course_key, ref.block_key, [mentor.mentor_id], "mentor_request", f"request:{request.pk}",
        {"course_name": ref.place or request.place, "learner": _name(ref, request.learner_id),
         "mentor": _name(ref, mentor.mentor_id), "expires": request.expires_at.date().isoformat(),
         "link": _link_requests(ref)},
    )


@_never_raises
def answered(ref: BlockRef, request: MentorRequest, following: MentorRequest | None = None) -> list[int]:
    """The learner hears the answer (accepted, declined, expired) and where their request went next."""
    return enqueue(
        ref.course_key, ref.block_key, [request.learner_id], "request_answered",
        f"request-{request.status}:{request.pk}",
        {"course_name": ref.place or request.place, "status": request.status,
         "mentor": _name(ref, request.mentor.mentor_id), "mentor_note": _excerpt(request.note),
         "new_mentor": _name(ref, following.mentor.mentor_id) if following is not None else "",
         "link": _widget(ref)},
    )


def _link_requests(ref: BlockRef) -> str:
    """Mentors answer in the mentor part of the learner view (the widget's requests list)."""
    return _widget(ref) if ref.block_key else _mentor_dashboard(ref)
