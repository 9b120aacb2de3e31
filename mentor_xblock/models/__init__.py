"""The app's own tables, one module per area. Learners are stored by anonymous user id."""
from .progress import SegmentProgress

__all__ = ["SegmentProgress"]
