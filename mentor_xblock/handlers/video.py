"""Handlers for video segments: watch and reading progress, transcripts, the learner's state."""
from __future__ import annotations

import math

from webob import Response

from ..assets import asset_problem
from ..base import BlockBase
from ..core.messages import N_
from ..core.transcripts import TranscriptError, to_webvtt
from ..errors import BadRequest, Forbidden, NotFound, require
from ..services import progress
from ..services.user_state import user_state
from .decorator import api_handler

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


class VideoHandlers(BlockBase):
    """Watch progress, transcript reading, transcripts, student_view_user_state."""

    def _learner(self, refusal: str):
        actor = self.who()
        if not actor.is_authenticated:
            raise Forbidden(refusal)
        return actor

    @api_handler(methods=("POST",))
    def record_progress(self, data, suffix=""):
        """Credit watched time: {"segment_id": "why", "intervals": [[70, 80.5]]} in absolute media seconds."""
        actor = self._learner(N_("Sign in to record your progress."))
        segment = self.segment_or_404(require(data, "segment_id", max_length=64))
        reported = parse_intervals(data.get("intervals", []))
        late = self.check_deadline()
        update = progress.watch(self.block_ref, actor, segment, reported, self.authored.watched_threshold)
        if update.newly_watched:
            self.runtime.publish(self, "edx.mentorship.segment.watched",
                                 {"segment_id": segment.id, "coverage": update.row.coverage})
            self.publish_completion(actor.anonymous_id)
        return {"segment_id": segment.id, **progress.progress_json(update.row), "late": late}

    @api_handler(methods=("POST",))
    def record_reading(self, data, suffix=""):
        """Credit transcript reading where the block allows it: {"segment_id": "why"}, sent while the
        transcript is open and visible (docs/api.md). The server counts the time between reports."""
        actor = self._learner(N_("Sign in to record your progress."))
        segment = self.segment_or_404(require(data, "segment_id", max_length=64))
        if not self.authored.transcript_credit:
            raise BadRequest("Reading the transcript does not count in this block; watch the clip.")
        needed_ms = self.reading_needed_ms(segment)
        if not needed_ms:
            raise BadRequest(N_("The segment “{title}” has no transcript to read.", title=segment.title or segment.id))
        late = self.check_deadline()
        update = progress.read(self.block_ref, actor, segment, needed_ms, self.authored.watched_threshold)
        if update.newly_watched:
            self.runtime.publish(self, "edx.mentorship.segment.read", {"segment_id": segment.id,
                                                                       "read_seconds": update.row.read_ms / 1000})
            self.publish_completion(actor.anonymous_id)
        return {"segment_id": segment.id, **progress.progress_json(update.row), "reading_seconds_needed": needed_ms / 1000,
                "late": late}

    @api_handler(methods=("GET",))
    def transcript(self, data, suffix=""):
        """The segment's transcript as WebVTT, cut to the clip: GET transcript/<id>.vtt.

        Cue times count from the clip's start; ?timeline=source keeps source-video time
        (for a <track> on a player that plays the whole source file).
        """
        segment = self.segment_or_404(suffix[:-4] if suffix.endswith(".vtt") else suffix)
        title = segment.title or segment.id
        if not segment.transcript and not segment.transcript_src:
            raise NotFound(N_("The segment “{title}” has no transcript.", title=title))
        text = self.transcript_text(segment)
        if not text:
            problem = asset_problem(type(self), self.block_ref.course_key, segment.transcript_src)
            if problem:
                raise NotFound(N_("The transcript file of the segment “{title}” could not be read: {problem}",
                                  title=title, problem=problem))
            raise NotFound(N_("The transcript file of the segment “{title}” could not be read.", title=title))
        timeline = data.get("timeline", "clip")
        if timeline not in ("clip", "source"):
            raise BadRequest("The transcript timeline must be the clip's or the source video's.")
        try:  # inline transcripts were checked on import; a course asset may be invalid
            cues = self.transcript_cues(segment, shift=timeline == "clip")  # parsed once per process (view_cache)
        except TranscriptError as exc:
            raise NotFound(N_("The transcript file of the segment “{title}” is not valid: {problem}",
                              title=title, problem=exc.args[0] if exc.args else str(exc))) from None
        response = Response(to_webvtt(cues), content_type="text/vtt", charset="utf8")
        response.cache_control.max_age = 300
        return response

    @api_handler(methods=("GET",))
    def student_view_user_state(self, data, suffix=""):
        """The current learner's progress, responses, mentors and grade, for apps and tests (docs/api.md)."""
        actor = self._learner(N_("Sign in to see your progress."))
        return user_state(self.block_ref, actor, self.authored, self.scoring)
