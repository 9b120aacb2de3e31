"""Mentor XBlock: curated expert video segments, reflections and mentoring for Open edX.

Importing the package needs no database: models load only where learner data is used.
"""
from .block import MentorXBlock

__all__ = ["MentorXBlock"]
