"""Mentor XBlock: curated expert video segments, reflections and mentoring for Open edX.

The block is `mentor_xblock.block:MentorXBlock` (entry point `xblock.v1: mentorship`); the package
itself holds only its version, so that Django can load the app before any model is importable.
"""
__version__ = "0.1.0"
