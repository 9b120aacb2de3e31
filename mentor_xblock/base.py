"""What every part of the block shares, declared in one class a reader can see.

MentorXBlock (block.py) is composed of this base and of the handler classes in handlers/,
each of which subclasses it: a handler calls only what is declared here (its fields, its
content, who asks, its translations, its deadline) and the services, never another
handler class's helpers. Views (views/) are functions of a block.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import replace
from datetime import datetime

from django.http import Http404
from xblock.core import XBlock
from xblock.fields import Dict, Float, Scope, String

from . import platform
from .assets import read_asset
from .core.content import Content, ContentError
from .core.deadlines import Deadline, aware, parse_timedelta
from .core.intervals import reading_needed_ms
from .core.messages import N_
from .core.moments import MomentError, parse_moment
from .core.scoring import ALWAYS
from .core.transcripts import TranscriptError
from .errors import BadRequest, Forbidden, NotFound
from .i18n import locale_args, plural_forms, plural_table
from .platform import absolute_url, viewer_for
from .rendering import i18n_service, per_language
from .services.completion import completion_of
from .services.context import Actor, BlockRef, actor_of, signed_in
from .services.deadlines import check_open, grade_frozen
from .services.grading import Scoring
from .services.programme import Settings, course_rules, effective, record_if_new
from .view_cache import clip_cues, validated_content

log = logging.getLogger(__name__)


class BlockBase(XBlock):
    """The block's fields and the helpers its handlers and views share."""

    display_name = String(
        display_name="Display name",
        default="Mentorship",
        scope=Scope.settings,
        help="The name learners see in the course navigation.",
    )
    weight = Float(
        display_name="Weight",
        default=1.0,
        scope=Scope.settings,
        help="How much this block counts in the course grade.",
    )
    content = Dict(
        default={},
        scope=Scope.content,
        help="Segments, prompts and mentoring settings, validated by core.content.",
    )

    # --- content and identity -------------------------------------------------------

    @property
    def authored(self) -> Content:
        """The validated content (immutable, shared by every request of the process that shows
        the same content, see view_cache); also kept on the instance (fields don't change mid-request)."""
        cached = self.__dict__.get("_authored_cache")
        if cached is None or cached[0] is not self.content:
            try:
                value = validated_content(self.content or {})
            except ContentError:
                log.exception("Stored content of %s is invalid", self.scope_ids.usage_id)
                value = Content()
            cached = self.__dict__["_authored_cache"] = (self.content, value)
        return cached[1]

    @property
    def block_ref(self) -> BlockRef:
        usage = self.scope_ids.usage_id
        return BlockRef(course_key=platform.course_key_of(usage), block_key=str(usage), name=lambda: self.display_name)

    def viewer(self):
        """Who is looking and in which runtime (platform/viewer.py), asked once per block instance."""
        found = self.__dict__.get("_viewer")
        if found is None:
            found = self.__dict__["_viewer"] = viewer_for(self)
        return found

    def who(self) -> Actor:
        """Who asks, with their programme role in this course, looked up once per block instance
        (one instance serves one request, and several parts of a view ask); anonymous: no id."""
        found = self.__dict__.get("_actor")
        if found is None:
            found = self.__dict__["_actor"] = actor_of(self.block_ref.course_key, self.viewer())
        return found

    def actor(self) -> Actor:
        """Who asks (403 if not signed in)."""
        return signed_in(self.who())

    @functools.cached_property
    def dom_id(self) -> str:
        """A short id unique to this block on the page, for element ids and labels."""
        return self.block_ref.dom_id

    def segment_or_404(self, segment_id):
        segment = self.authored.segment(segment_id) if isinstance(segment_id, str) else None
        if segment is None:
            raise NotFound(N_("This video segment is not in this block (any more)."))
        return segment

    def prompt_or_404(self, prompt_id):
        prompt = self.authored.prompt(prompt_id) if isinstance(prompt_id, str) else None
        if prompt is None:
            raise NotFound(N_("This prompt is not in this block (any more)."))
        return prompt

    def moment_or_400(self, data: dict):
        """The request's optional "moment" (core/moments.py), checked against this block's clips: 400 otherwise."""
        try:
            return parse_moment(data.get("moment"), self.authored)
        except MomentError as problem:
            raise BadRequest(problem.message) from None

    # --- translations ---------------------------------------------------------------

    def _(self, message: str) -> str:
        # The service's gettext is looked up once per block, as the platform's XBlockI18nService
        # picks its catalogue once, when the block gets it (a view translates about 100 messages).
        gettext = self.__dict__.get("_gettext")
        if gettext is None:
            gettext = self.__dict__["_gettext"] = i18n_service(self).gettext
        return gettext(message)

    def plural(self, singular: str, plural: str) -> list:
        """Every form of a plural message for the browser (static/js/common.js `plural` picks one)."""
        service = i18n_service(self)
        return plural_forms(service, singular, plural, plural_table(service))

    @per_language
    def locale_args(self) -> dict:
        return locale_args(i18n_service(self))

    # --- URLs -------------------------------------------------------------------------

    def handler_path(self, handler: str, suffix: str = "") -> str:
        """A handler URL for the page itself (same origin)."""
        return self.runtime.handler_url(self, handler, suffix).rstrip("?&")

    def absolute_handler_url(self, handler: str, suffix: str = "") -> str:
        """A handler URL that works outside the page (mobile apps, Course Blocks API): the LMS
        gives an absolute no-auth URL for thirdparty=True (lms/djangoapps/lms_xblock/runtime.py);
        Studio's runtime refuses third-party URLs (cms/lib/xblock/runtime.py), so fall back there."""
        try:
            url = self.runtime.handler_url(self, handler, suffix, thirdparty=True)
        except NotImplementedError:
            url = self.runtime.handler_url(self, handler, suffix)
        return absolute_url(url.rstrip("?&"))

    # --- deadline (the platform's `due` and `graceperiod`, deadline_fields.py) -------------

    @property
    def deadline(self) -> Deadline:
        due = getattr(self, "due", None)
        if not isinstance(due, datetime):  # no deadline: the grace period means nothing (and is not read)
            return Deadline(due=None, grace=None, policy=self.authored.late_submissions)
        try:
            grace = parse_timedelta(getattr(self, "graceperiod", None))
        except ValueError:
            grace = None  # an unreadable grace period means none, as the platform's Timedelta field does
        return Deadline(due=aware(due), grace=grace, policy=self.authored.late_submissions)

    def check_deadline(self) -> bool:
        """403 "The deadline has passed." when closed; True when the work is accepted as late."""
        try:
            return check_open(self.deadline)
        except Forbidden as refused:
            raise Forbidden(self._(refused.message)) from None

    def grade_frozen(self) -> bool:
        return grade_frozen(self.deadline)

    @property
    def scoring(self) -> Scoring:
        """How the score counts and is shown: `weight`, the deadline, and the platform's inherited
        `show_correctness` (read like `due`; deadline_fields.py declares it outside the platform)."""
        return Scoring(weight=self.weight, deadline=self.deadline,
                       show_correctness=getattr(self, "show_correctness", None) or ALWAYS)

    # --- completion and grade -----------------------------------------------------------

    def publish_completion(self, learner_id: str) -> None:
        """Completion (and the participation score) are decided by the server from its own
        records, never sent by the browser."""
        share = completion_of(self.block_ref, learner_id, self.authored)
        try:
            self.runtime.publish(self, "completion", {"completion": share})
        except Http404:
            # Older LMS releases raise Http404 for completion events while the waffle switch
            # completion.enable_completion_tracking is off (courseware/module_render.py
            # handle_completion_event; newer ones skip them); the learner's work is saved all the same.
            log.info("Completion tracking is off; completion of %s not recorded", self.scope_ids.usage_id)
        # Participation only: a mentor-assessed score is set through the submissions API when a
        # mentor reviews (services/grading.py). After the deadline the grade stays as it was.
        if self.authored.grading == "participation" and not self.grade_frozen():
            self.runtime.publish(self, "grade", {"value": share, "max_value": 1.0})

    # --- transcripts ----------------------------------------------------------------------

    def transcript_text(self, segment) -> str:
        """The segment's transcript: inline, or read from the course asset it names ("" if unavailable),
        looked up once per block instance (a view asks for a segment's cues more than once)."""
        if segment.transcript or not segment.transcript_src:
            return segment.transcript
        read = self.__dict__.setdefault("_asset_texts", {})
        if segment.transcript_src not in read:
            read[segment.transcript_src] = read_asset(type(self), self.block_ref.course_key, segment.transcript_src) or ""
        return read[segment.transcript_src]

    def cues_for(self, segment, shift: bool = True) -> list:
        """Cues cut to the clip; in clip time (0 = start) unless shift is False (source time).
        An unreadable course asset gives no cues (logged) rather than a broken page."""
        try:
            return self.transcript_cues(segment, shift)
        except TranscriptError:
            log.warning("Transcript of %s in %s is not valid", segment.id, self.scope_ids.usage_id, exc_info=True)
            return []

    def transcript_cues(self, segment, shift: bool = True) -> list:
        """cues_for, raising TranscriptError for a transcript that is not valid (the transcript handler
        says why). Parsed and cut once per process for each transcript text and clip (view_cache)."""
        text = self.transcript_text(segment)
        if not text:
            return []
        cues = clip_cues(text, segment.transcript_format, segment.start, segment.end)
        if shift:
            return list(cues)
        return [replace(cue, start=cue.start + segment.start, end=cue.end + segment.start) for cue in cues]

    def reading_needed_ms(self, segment) -> int:
        """Time to read the clip's transcript at intervals.READING_WORDS_PER_MINUTE (0: nothing to read)."""
        return reading_needed_ms(sum(len(cue.text.split()) for cue in self.cues_for(segment)))

    # --- the course's programme -------------------------------------------------------------

    def programme_settings(self) -> tuple[BlockRef, Settings]:
        """(this block, the course's effective settings: the strictest of its blocks), or 404 without
        <mentoring>; remembers whether this block's settings are recorded for the course."""
        mentoring = self.authored.mentoring
        if mentoring is None:
            raise NotFound("This block has no mentor programme.")
        ref = self.block_ref
        found = effective(ref.course_key, ref.block_key, Settings.of(mentoring))
        self.__dict__["_programme_block_recorded"] = found.block_recorded
        return ref, found.settings

    def response_target_hours(self) -> int:
        """The course's response-time target: the strictest of its blocks (this block's live settings
        among them when it has a programme; the recorded blocks' otherwise)."""
        if self.authored.mentoring is not None:
            return self.programme_settings()[1].response_target_hours
        return course_rules(self.block_ref.course_key).response_target_hours

    def record_block_if_new(self) -> None:
        """A handler that succeeded through a block not yet recorded records its settings (never a view)."""
        if self.__dict__.get("_programme_block_recorded", True):
            return
        ref = self.block_ref
        record_if_new(ref.course_key, ref.block_key, self.authored.mentoring)
        self.__dict__["_programme_block_recorded"] = True
