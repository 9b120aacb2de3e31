"""The app's own tables, one module per area. Learners are stored by anonymous user id."""
from .programme import Assignment, ChangeRequest, LearnerProfile, MentorProfile, ProgrammeBlock
from .progress import SegmentProgress
from .prompts import Flag, PostLog, Reply, Response

__all__ = [
    "Assignment", "ChangeRequest", "Flag", "LearnerProfile", "MentorProfile", "PostLog", "ProgrammeBlock", "Reply", "Response",
    "SegmentProgress",
]
