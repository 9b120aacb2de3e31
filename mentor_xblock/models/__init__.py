"""The app's own tables, one module per area. Learners are stored by anonymous user id."""
from .checkins import CheckIn, ClosingReflection
from .exports import ExportJob
from .history import ResponseReview, ResponseVersion
from .notifications import Notification, NotificationPreference
from .programme import Assignment, ChangeRequest, LearnerProfile, MentorProfile, ProgrammeBlock
from .progress import SegmentProgress, WatchClock
from .prompts import Flag, PostLog, PostQuota, Reply, Response
from .requests import MentorRequest

__all__ = [
    "Assignment", "ChangeRequest", "CheckIn", "ClosingReflection", "ExportJob", "Flag", "LearnerProfile", "MentorProfile", "MentorRequest",
    "Notification", "NotificationPreference", "PostLog", "PostQuota",
    "ProgrammeBlock", "Reply", "Response", "ResponseReview", "ResponseVersion", "SegmentProgress", "WatchClock",
]
