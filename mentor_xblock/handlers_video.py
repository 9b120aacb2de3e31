"""Handlers for video segments: watch progress, transcripts, the learner's state."""
from __future__ import annotations

import math

from webob import Response

from .api import BadRequest, Forbidden, NotFound, api_handler, require
from .core.messages import N_
from .core.transcripts import TranscriptError, parse_transcript, to_webvtt
from .viewer import viewer_for

MAX_INTERVALS = 500


def parse_intervals(value) -> list[tuple[float, float]]:
    """Intervals from an untrusted client: a list of [from, to] number pairs, or a 400."""
    if not isinstance(value, list):
        raise BadRequest("The progress report must list the watched stretches as [from, to] pairs.")
    if len(value) > MAX_INTERVALS:
        raise BadRequest(N_("The progress report has more than {limit} watched stretches.", limit=MAX_INTERVALS))
    pairs = []
    for pair in value:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in pair)
            or not all(math.isfinite(x) for x in pair)
        ):
            raise BadRequest("Each interval must be a pair of finite numbers [from, to] in seconds.")
        pairs.append((float(pair[0]), float(pair[1])))
    return pairs


class VideoHandlersMixin:
    """Mixed into MentorXBlock; each handler parses, calls one service function, shapes JSON."""

    def _segment_or_404(self, segment_id):
        segment = self.authored.segment(segment_id) if isinstance(segment_id, str) else None
        if segment is None:
            raise NotFound(N_("This video segment is not in this block (any more)."))
        return segment

    @api_handler(methods=("POST",))
    def record_progress(self, data, suffix=""):
        """Credit watched time: {"segment_id": "why", "intervals": [[70, 80.5]]} in absolute media seconds."""
        from .services.learners import register_learner
        from .services.progress import progress_json, record_progress

        viewer = viewer_for(self)
        if not viewer.is_authenticated:
            raise Forbidden("Sign in to record your progress.")
        segment = self._segment_or_404(require(data, "segment_id", max_length=64))
        reported = parse_intervals(data.get("intervals", []))
        late = self.check_deadline()
        update = record_progress(
            self.block_ref, viewer.anonymous_id, segment, reported, self.authored.watched_threshold
        )
        register_learner(self.block_ref.course_key, viewer.anonymous_id, viewer.username, self.course_role(viewer))
        if update.newly_watched:
            self.runtime.publish(
                self,
                "edx.mentorship.segment.watched",
                {"segment_id": segment.id, "coverage": update.row.coverage},
            )
            self.publish_completion(viewer.anonymous_id)
        return {"segment_id": segment.id, **progress_json(update.row), "late": late}

    @api_handler(methods=("POST",))
    def record_reading(self, data, suffix=""):
        """Credit transcript reading where the block allows it: {"segment_id": "why"}, sent while the
        transcript is open and visible (docs/api.md). The server counts the time between reports."""
        from .services.learners import register_learner
        from .services.progress import progress_json, record_reading

        viewer = viewer_for(self)
        if not viewer.is_authenticated:
            raise Forbidden("Sign in to record your progress.")
        segment = self._segment_or_404(require(data, "segment_id", max_length=64))
        if not self.authored.transcript_credit:
            raise BadRequest("Reading the transcript does not count in this block; watch the clip.")
        needed_ms = self.reading_needed_ms(segment)
        if not needed_ms:
            raise BadRequest(N_("The segment “{title}” has no transcript to read.", title=segment.title or segment.id))
        late = self.check_deadline()
        update = record_reading(self.block_ref, viewer.anonymous_id, segment, needed_ms,
                                self.authored.watched_threshold)
        register_learner(self.block_ref.course_key, viewer.anonymous_id, viewer.username, self.course_role(viewer))
        if update.newly_watched:
            self.runtime.publish(self, "edx.mentorship.segment.read", {"segment_id": segment.id,
                                                                       "read_seconds": update.row.read_ms / 1000})
            self.publish_completion(viewer.anonymous_id)
        return {"segment_id": segment.id, **progress_json(update.row), "reading_seconds_needed": needed_ms / 1000,
                "late": late}

    def reading_needed_ms(self, segment) -> int:
        """Time to read the clip's transcript at intervals.READING_WORDS_PER_MINUTE (0: nothing to read)."""
        from .core.intervals import reading_needed_ms

        return reading_needed_ms(sum(len(cue.text.split()) for cue in self.cues_for(segment)))

    @api_handler(methods=("GET",))
    def transcript(self, data, suffix=""):
        """The segment's transcript as WebVTT, cut to the clip: GET transcript/<id>.vtt.

        Cue times count from the clip's start; ?timeline=source keeps source-video time
        (for a <track> on a player that plays the whole source file).
        """
        segment_id = suffix[:-4] if suffix.endswith(".vtt") else suffix
        segment = self._segment_or_404(segment_id)
        if not segment.transcript and not segment.transcript_src:
            raise NotFound(N_("The segment “{title}” has no transcript.", title=segment.title or segment.id))
        if not self.transcript_text(segment):
            from .assets import asset_problem

            problem = asset_problem(type(self), self.block_ref.course_key, segment.transcript_src)
            if problem:
                raise NotFound(N_("The transcript file of the segment “{title}” could not be read: {problem}",
                                  title=segment.title or segment.id, problem=problem))
            raise NotFound(N_("The transcript file of the segment “{title}” could not be read.",
                              title=segment.title or segment.id))
        try:  # inline transcripts were checked on import; a course asset may be invalid
            parse_transcript(self.transcript_text(segment), segment.transcript_format)
        except TranscriptError as exc:
            raise NotFound(N_("The transcript file of the segment “{title}” is not valid: {problem}",
                              title=segment.title or segment.id, problem=exc.args[0] if exc.args else str(exc))) from None
        timeline = data.get("timeline", "clip")
        if timeline not in ("clip", "source"):
            raise BadRequest("The transcript timeline must be the clip's or the source video's.")
        cues = self.cues_for(segment, shift=timeline == "clip")
        response = Response(to_webvtt(cues), content_type="text/vtt", charset="utf8")
        response.cache_control.max_age = 300
        return response

    @api_handler(methods=("GET",))
    def student_view_user_state(self, data, suffix=""):
        """The current learner's progress, responses and mentors, for apps and tests (docs/api.md)."""
        from .services import prompts
        from .services.grading import grade_of
        from .services.progress import progress_for, progress_json

        viewer = viewer_for(self)
        if not viewer.is_authenticated:
            raise Forbidden("Sign in to see your progress.")
        rows = progress_for(self.block_ref, viewer.anonymous_id)
        own = prompts.own_responses(self.block_ref, viewer.anonymous_id)
        actor = prompts.Actor(viewer.anonymous_id, viewer.username, "learner")
        return {
            "segments": {s.id: progress_json(rows.get(s.id)) for s in self.authored.segments},
            "responses": {p.id: prompts.own_response_json(own.get(p.id), actor) for p in self.authored.prompts},
            "mentors": self.my_mentors(viewer),
            "grade": grade_of(self.block_ref, viewer.anonymous_id, self.authored),
        }
