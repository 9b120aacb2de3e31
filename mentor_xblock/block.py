"""The XBlock adapter: fields, views and OLX. Rules live in core/ and services/."""
from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import replace

from django.http import Http404
from markupsafe import Markup
from xblock.core import XBlock
from xblock.fields import Dict, Float, Scope, String

from .core.content import Content, ContentError
from .core.media import format_timecode
from .core.olx import parse_block_element, write_content
from .core.transcripts import TranscriptError
from .deadline_fields import DEADLINE_FIELDS, DeadlineMixin
from .handlers_dashboard import DashboardHandlersMixin
from .handlers_programme import ProgrammeMixin
from .handlers_prompts import PromptHandlersMixin
from .handlers_video import VideoHandlersMixin
from .olx_fields import read_fields, split_options, write_fields
from .rendering import fragment, i18n_service, per_language, render_shared, render_words_free
from .resources import static_path
from .studio import StudioMixin
from .urls import absolute_url
from .view_cache import clip_cues, cue_rows, media_links, validated_content
from .viewer import viewer_for

log = logging.getLogger(__name__)
# Where segment.html takes the viewer's progress (user text is escaped, so only ours matches).
PROGRESS_MARKER = Markup("<!--mentor:progress-->")
# All that segment.html reads of a segment: the key of its shared rendering (nothing of the viewer's).
SEGMENT_SHOWN = ("id", "title", "expert", "expert_title", "note", "provider", "url", "start_label", "end_label",
                 "length", "transcript_rows", "transcript_credit", "reading_minutes")

# Used when the runtime's usage keys carry no course (the xblock-sdk workbench).
DEV_COURSE_KEY = "course-v1:workbench+mentor+dev"


def workbench_course(usage) -> str:
    """The course of a block in a runtime without courses (the workbench): DEV_COURSE_KEY, or
    the course the setting MENTOR_WORKBENCH_COURSES gives the block's scenario (the first part
    of its usage id) — a course has one programme rule, so a demo of another rule needs its own."""
    from django.conf import settings

    scenario = str(usage).split(".", 1)[0]
    return getattr(settings, "MENTOR_WORKBENCH_COURSES", {}).get(scenario, DEV_COURSE_KEY)


@XBlock.needs("user")
@XBlock.needs("i18n")
@XBlock.wants("studio_user_permissions")  # Studio's editing runtime only (see permissions.py)
class MentorXBlock(StudioMixin, DashboardHandlersMixin, PromptHandlersMixin, ProgrammeMixin, VideoHandlersMixin,
                  DeadlineMixin, *DEADLINE_FIELDS, XBlock):
    """Curated expert video segments, reflections and mentoring in one block."""

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

    has_custom_completion = True
    public_dir = "static"

    # --- content -----------------------------------------------------------------

    @property
    def authored(self) -> Content:
        """The validated content (read-only: shared by every request of the process that shows
        the same content, see view_cache); also kept on the instance (fields don't change mid-request)."""
        cached = getattr(self, "_authored_cache", None)
        if cached is None or cached[0] is not self.content:
            try:
                value = validated_content(self.content or {})
            except ContentError:
                log.exception("Stored content of %s is invalid", self.scope_ids.usage_id)
                value = Content()
            self._authored_cache = (self.content, value)
        return self._authored_cache[1]

    @property
    def block_ref(self):
        from .services.progress import BlockRef  # models load only when learner data is needed

        usage = self.scope_ids.usage_id
        course = getattr(usage, "context_key", None) or workbench_course(usage)
        return BlockRef(course_key=str(course), block_key=str(usage))

    def course_role(self, viewer) -> str:
        """The viewer's programme role in this block's course, looked up once per block instance
        (one instance serves one request, and several parts of a view ask)."""
        from .services import roles

        cache = self.__dict__.setdefault("_course_roles", {})
        if viewer.anonymous_id not in cache:
            cache[viewer.anonymous_id] = roles.course_role(self.block_ref.course_key, viewer)
        return cache[viewer.anonymous_id]

    def actor(self):
        """The viewer with their programme role in this course (403 if not signed in)."""
        from .services.prompts import actor_for

        return actor_for(self.block_ref, viewer_for(self))

    @functools.cached_property
    def dom_id(self) -> str:
        """A short id unique to this block on the page, for element ids and labels (asked for
        several times per segment: kept on the instance, whose usage id never changes)."""
        return "m" + hashlib.sha1(str(self.scope_ids.usage_id).encode()).hexdigest()[:8]

    def _(self, message: str) -> str:
        # The service's gettext is looked up once per block, as the platform's XBlockI18nService
        # picks its catalogue once, when the block gets it (a view translates about 100 messages).
        gettext = self.__dict__.get("_gettext")
        if gettext is None:
            gettext = self.__dict__["_gettext"] = i18n_service(self).gettext
        return gettext(message)

    def plural(self, singular: str, plural: str) -> list:
        """Every form of a plural message for the browser (static/js/common.js `plural` picks one)."""
        from .i18n import plural_forms, plural_table

        service = i18n_service(self)
        return plural_forms(service, singular, plural, plural_table(service))

    @per_language
    def locale_args(self) -> dict:
        from .i18n import locale_args

        return locale_args(i18n_service(self))

    # --- OLX ---------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys, *args, **kwargs):  # pylint: disable=arguments-differ
        block = runtime.construct_xblock_from_class(cls, keys)
        node, options = split_options(node)  # platform settings stored as option children
        try:  # settings are validated as the editor validates them, so what imports also saves
            content, settings = parse_block_element(node)
        except ContentError as exc:
            raise ValueError(f"<mentorship>: {exc}") from exc
        block.content = content.to_dict()
        for name, value in settings.items():
            setattr(block, name, value)
        read_fields(block, node, options)  # every other field: visible_to_staff_only, group_access, due…
        return block

    def add_xml_to_node(self, node):
        node.tag = "mentorship"
        if self.fields["display_name"].is_set_on(self):
            node.set("display_name", self.display_name)
        if self.fields["weight"].is_set_on(self):
            node.set("weight", repr(self.weight))
        write_fields(self, node)  # every other set field, as XBlock.add_xml_to_node writes it
        write_content(self.authored, node)

    # --- shared view data --------------------------------------------------------

    def absolute_handler_url(self, handler: str, suffix: str = "") -> str:
        """A handler URL that works outside the page (mobile apps, Course Blocks API): the LMS
        gives an absolute no-auth URL for thirdparty=True (lms/djangoapps/lms_xblock/runtime.py);
        Studio's runtime refuses third-party URLs (cms/lib/xblock/runtime.py), so fall back there."""
        try:
            url = self.runtime.handler_url(self, handler, suffix, thirdparty=True)
        except NotImplementedError:
            url = self.runtime.handler_url(self, handler, suffix)
        return absolute_url(url.rstrip("?&"))

    _SEGMENT_SLOT = "mentor-segment-slot"

    def _transcript_url(self, segment_id: str) -> str:
        """The page's URL for a segment's transcript. The runtime builds a handler URL with a
        reverse() (in the LMS too), so it builds one per request, with a slot that the segment's
        id fills: ids are letters, digits, _ and - (content.ID_PATTERN), which no runtime quotes."""
        template = self.__dict__.get("_transcript_url_template")
        if template is None:
            template = self.runtime.handler_url(self, "transcript", f"{self._SEGMENT_SLOT}.vtt").rstrip("?&")
            self.__dict__["_transcript_url_template"] = template
        if template.count(self._SEGMENT_SLOT) != 1:  # a runtime that changed the slot: ask it each time
            return self.runtime.handler_url(self, "transcript", f"{segment_id}.vtt").rstrip("?&")
        return template.replace(self._SEGMENT_SLOT, segment_id)

    def segment_data(self, segment, absolute: bool = False) -> dict:
        """A segment for JSON; `absolute` makes every URL absolute (student_view_data), while the
        page itself calls its handlers on the same origin."""
        source, link, embed = media_links(segment.url, segment.start, segment.end)  # parsed once per process
        transcript_url = None
        if segment.transcript or segment.transcript_src:
            if absolute:
                transcript_url = self.absolute_handler_url("transcript", f"{segment.id}.vtt")
            else:
                transcript_url = self._transcript_url(segment.id)
        video_id = source.video_id
        # Reading the transcript completes the segment where the author allows it (docs/api.md).
        reading_ms = self.reading_needed_ms(segment) if self.authored.transcript_credit and transcript_url else 0
        if absolute:
            link, embed = absolute_url(link), absolute_url(embed)
            if source.provider == "html5":  # its id is the media URL
                video_id = absolute_url(video_id)
        return {
            "id": segment.id,
            "title": segment.title,
            "expert": segment.expert,
            "expert_title": segment.expert_title,
            "note": segment.note,
            "provider": source.provider,
            "video_id": video_id,
            "url": link,
            "embed_url": embed,
            "start": segment.start,
            "end": segment.end,
            "transcript_url": transcript_url,
            "transcript_credit": bool(reading_ms),
            "reading_seconds": reading_ms / 1000 if reading_ms else None,
        }

    def student_view_data(self, context=None):
        """The block for mobile apps and the Course Blocks API (see docs/api.md). No database."""
        content = self.authored
        mentoring = content.mentoring
        return {
            "display_name": self.display_name,
            "segments": [self.segment_data(segment, absolute=True) for segment in content.segments],
            "prompts": [
                {"id": p.id, "text": p.text, "min_words": p.min_words, "visibility": p.visibility}
                for p in content.prompts
            ],
            # Mobile apps show how the block counts (docs/api.md).
            "grading": {"mode": content.grading, "max_score": self.max_score(), "weight": self.weight},
            "completion": {"mode": content.completion, "watched_threshold": content.watched_threshold},
            "mentoring": None
            if mentoring is None
            else {
                "strategy": mentoring.strategy,
                "mentors_per_learner": mentoring.mentors_per_learner,
                "allow_change": mentoring.allow_change,
                "tags": list(mentoring.tags),
            },
        }

    @property
    def has_score(self) -> bool:
        """Graded when the author chose participation or mentor-assessed grading (the LMS scales by `weight`)."""
        return self.authored.grading in ("participation", "mentor_assessed")

    def max_score(self):
        """Participation: a share of 1. Mentor-assessed: one point per prompt (services/grading.py)."""
        if self.authored.grading == "mentor_assessed":
            return float(len(self.authored.prompts))
        return 1.0 if self.has_score else None

    def publish_completion(self, learner_id: str) -> None:
        """Completion (and the participation score) are decided by the server from its own
        records, never sent by the browser."""
        from .services.completion import completion_of

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

    def transcript_text(self, segment) -> str:
        """The segment's transcript: inline, or read from the course asset it names ("" if unavailable).

        An asset is looked up once per block instance (one request): a view asks for a segment's
        cues more than once (reading time, then the transcript itself)."""
        if segment.transcript or not segment.transcript_src:
            return segment.transcript
        from .assets import read_asset

        read = self.__dict__.setdefault("_asset_texts", {})
        if segment.transcript_src not in read:
            read[segment.transcript_src] = read_asset(type(self), self.block_ref.course_key, segment.transcript_src) or ""
        return read[segment.transcript_src]

    def cues_for(self, segment, shift: bool = True) -> list:
        """Cues cut to the clip; in clip time (0 = start) unless shift is False (source time).

        An unreadable course asset gives no cues (logged) rather than a broken page.
        """
        text = self.transcript_text(segment)
        if not text:
            return []
        try:
            cues = clip_cues(text, segment.transcript_format, segment.start, segment.end)  # parsed once per process
        except TranscriptError:
            log.warning("Transcript of %s in %s is not valid", segment.id, self.scope_ids.usage_id, exc_info=True)
            return []
        if shift:
            return list(cues)
        return [replace(cue, start=cue.start + segment.start, end=cue.end + segment.start) for cue in cues]

    def transcript_rows(self, segment):
        """The learner view's transcript rows as markup ("" without cues), rendered once per
        process per transcript and clip (view_cache.cue_rows)."""
        cues = self.cues_for(segment)  # none without a transcript or for one that is not valid (logged there)
        if not cues:
            return ""

        def render() -> str:
            return render_words_free("transcript_rows.html", cues=[
                {"start": cue.start, "end": cue.end, "label": format_timecode(int(cue.start) + segment.start),
                 "text": cue.text}
                for cue in cues
            ]).strip()

        text = self.transcript_text(segment)
        return Markup(cue_rows(text, segment.transcript_format, segment.start, segment.end, render))

    def segment_html(self, item: dict, preview_role) -> Markup:
        """One segment of the learner view: its rendering shared between requests (everything but
        the viewer's progress, which is shared by its numbers) with the progress put in at the marker."""
        dom_id = self.dom_id
        shown = {key: item[key] for key in SEGMENT_SHOWN}
        body = render_shared((dom_id,) + tuple(shown.values()), "segment.html", item=shown, dom_id=dom_id)
        numbers = self._progress_numbers(item, preview_role)
        bar = render_shared(tuple(numbers.values()), "segment_progress.html", **numbers)
        return body.replace(PROGRESS_MARKER, bar, 1)

    def toc_item_html(self, item: dict, preview_role) -> Markup:
        """A segment's line in the table of contents, shared by its title, length and numbers."""
        context = {"title": item["title"], "length": item["length"], **self._progress_numbers(item, preview_role)}
        return render_shared(tuple(context.values()), "toc_item.html", **context)

    def _progress_numbers(self, item: dict, preview_role) -> dict:
        """All that a progress bar or status shows (its key when shared): whole percents, as the page writes them."""
        progress = item["progress"]
        return {"dom_id": self.dom_id, "id": item["id"], "percent": int(round(progress["coverage"] * 100)),
                "started": progress["coverage"] > 0, "watched": bool(progress["watched"]), "preview_role": preview_role}

    # --- views -------------------------------------------------------------------

    # The Open edX apps show the block in their web view: the view works at 375 px with touch
    # (tests/browser/test_mobile_and_rtl.py), and student_view_data carries the native data.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        from .services.progress import progress_for, progress_json

        viewer = viewer_for(self)
        progress = progress_for(self.block_ref, viewer.anonymous_id) if viewer.is_authenticated else {}
        items = []
        for item in self.authored.items:
            if item.kind == "segment":
                data = self.segment_data(item)
                data.update(
                    kind="segment",
                    length=format_timecode(item.duration),
                    start_label=format_timecode(item.start),
                    end_label=format_timecode(item.end),
                    transcript_rows=self.transcript_rows(item),
                    reading_minutes=max(1, round((data["reading_seconds"] or 0) / 60)),
                    progress=progress_json(progress.get(item.id)),
                )
                items.append(data)
            else:
                items.append({
                    "kind": "prompt", "id": item.id, "text": item.text, "min_words": item.min_words,
                    "visibility": item.visibility,
                })
        init_args = {
            "segments": [
                {key: entry[key] for key in ("id", "provider", "video_id", "url", "embed_url", "start", "end",
                                             "transcript_url", "progress", "title", "transcript_credit",
                                             "reading_seconds")}
                for entry in items
                if entry["kind"] == "segment"
            ],
            "threshold": self.authored.watched_threshold,
            "signed_in": viewer.is_authenticated,
            "i18n": self.js_catalogue(),
            "locale": self.locale_args(),
        }
        template_context = {
            "block": self, "dom_id": self.dom_id, "items": items, "threshold": self.authored.watched_threshold,
        }
        template_context["segment_html"] = lambda item: self.segment_html(item, template_context.get("preview_role"))
        template_context["toc_item_html"] = lambda item: self.toc_item_html(item, template_context.get("preview_role"))
        # Each part of the learner view adds its template context, JS args and files here.
        scripts, styles = ["learner.js"], ["learner.css"]  # every learner part (tools/build_static.py)
        self.deadline_part(template_context, init_args)
        self.dashboard_part(viewer, template_context, init_args, scripts, styles)
        if template_context.get("preview_role"):
            # Mentors and staff see the learner content as a labelled preview: no forms, and
            # nothing they play is reported as their progress.
            init_args["signed_in"] = False
        else:
            self.prompts_part(viewer, items, init_args)
        widget = self.mentor_widget(viewer)
        if widget:
            template_context["mentor_widget"] = widget["context"]
            init_args["mentoring"] = widget["args"]
        if viewer.is_authenticated and not template_context.get("preview_role"):
            template_context["summary"] = self.progress_summary(items, widget)
        return fragment(
            self,
            "student_view.html",
            template_context,
            js=scripts,
            css=styles,
            init="MentorStudentView",
            init_args=init_args,
        )

    def progress_summary(self, items: list, widget) -> dict:
        """"2 of 4 clips watched, 1 of 2 reflections answered, mentor: Ada Okafor" at the top of the
        learner view. Each count keeps a {done} slot, so the page's JS can update it in place."""
        i18n = i18n_service(self)
        segments = [item for item in items if item["kind"] == "segment"]
        prompts = [item for item in items if item["kind"] == "prompt"]
        parts = []
        if segments:
            parts.append({"role": "summary-segments", "done": sum(1 for s in segments if s["progress"]["watched"]),
                          "template": i18n.ngettext("{done} of {total} clip watched", "{done} of {total} clips watched",
                                                    len(segments)).replace("{total}", str(len(segments)))})
        if prompts:
            parts.append({"role": "summary-prompts",
                          "done": sum(1 for p in prompts if (p.get("state") or {}).get("submitted")),
                          "template": i18n.ngettext("{done} of {total} reflection answered",
                                                    "{done} of {total} reflections answered",
                                                    len(prompts)).replace("{total}", str(len(prompts)))})
        mentors = [entry["mentor"]["display_name"] for entry in
                   ((widget or {}).get("context", {}).get("state") or {}).get("mentors", [])]
        if mentors:
            parts.append({"role": "summary-mentor", "text": i18n.ngettext(
                "mentor: {names}", "mentors: {names}", len(mentors)).format(names=", ".join(mentors))})
        for part in parts:
            if "template" in part:
                part["text"] = part["template"].replace("{done}", str(part["done"]))
        return {"parts": parts}

    @per_language
    def js_catalogue(self) -> dict:
        """Every string the browser shows, translated on the server (one catalogue, no JS gettext)."""
        _ = self._
        return {
            "loading": _("Loading the video…"),
            "load_failed": _("The video could not be loaded. Use the link to watch it on the source site."),
            "provider_failed": _("The video did not load from {provider}: the site may be blocked on this network "
                                 "or offline. Retry, open it on {provider}, or read the transcript."),
            "provider_failed_no_transcript": _("The video did not load from {provider}: the site may be blocked on "
                                               "this network or offline. Retry, or open it on {provider}."),
            "file_failed": _("The video file could not be loaded. Retry, or open the file directly."),
            "percent_read": _("{percent}% of the transcript read"),
            "read": _("Completed by reading the transcript"),
            "not_watched": _("Not watched yet"),
            "percent_watched": _("{percent}% watched"),
            "watched": _("Watched"),
            "saving_failed": _("Your progress could not be saved. It will be retried."),
            "clip_ended": _("End of the clip."),
            "pause": _("Pause"),
            "play": _("Play"),
            "captions": _("Captions"),
        }

    @classmethod
    def open_local_resource(cls, uri):
        """Serve files below static/ only (installed or checkout layout)."""
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8")
        prefix = cls.public_dir + "/"
        path = static_path(uri[len(prefix):]) if uri.startswith(prefix) and "/." not in uri else None
        if path is None:
            raise FileNotFoundError(uri)
        return path.open("rb")

    @staticmethod
    def workbench_scenarios():
        from .dev.scenarios import workbench_scenarios  # demo content, read only by the workbench

        return workbench_scenarios()
