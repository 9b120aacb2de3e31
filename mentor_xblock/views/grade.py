"""The learner's score line in the learner view: the points the gradebook shows and where they
came from ("1 of 2 points — reviewed by Ada Okafor"), or when it will be shown
(the platform's show_correctness; services/grading.visible_grade)."""
from __future__ import annotations

from datetime import timezone as dt_timezone
from decimal import Decimal

from django.utils.formats import number_format

from ..rendering import i18n_service
from ..services.grading import MENTOR_ASSESSED, visible_grade


def points_label(value) -> str:
    """Points as people write them: whole numbers as they are, others to two decimals in the
    reader's number format ("1.33", "0,5")."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return number_format(Decimal(str(round(value, 2))).normalize(), use_l10n=True)


def _plural_count(value) -> int:
    """The count a plural form is chosen by: the number itself when whole, else a count whose form
    is the plural one in English ("1.5 points")."""
    value = float(value)
    return int(value) if value.is_integer() else 2


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def grade_line(block, grade: dict) -> dict:
    """{"text", "detail"} for a grade from services/grading.grade_of."""
    i18n = i18n_service(block)
    count = _plural_count(grade["max_value"])
    points = {"value": points_label(grade["value"]), "max": points_label(grade["max_value"])}
    if grade["source"] == MENTOR_ASSESSED:
        if grade.get("reviewed_by"):
            # Translators: the learner's score and the mentor who reviewed last, e.g. "1 of 2 points — reviewed by Ada Okafor".
            text = i18n.ngettext("{value} of {max} point — reviewed by {name}",
                                 "{value} of {max} points — reviewed by {name}", count).format(
                name=grade["reviewed_by"], **points)
        else:
            text = i18n.ngettext("{value} of {max} point — not reviewed yet",
                                 "{value} of {max} points — not reviewed yet", count).format(**points)
        detail = i18n.ngettext("{reviewed} of {total} reflection reviewed", "{reviewed} of {total} reflections reviewed",
                               grade["prompts"]).format(reviewed=grade["reviewed"], total=grade["prompts"])
        questions = {p.id: p.text for p in block.authored.prompts}
        for prompt_id, share in sorted((grade.get("shares") or {}).items()):
            if share < 1:  # criteria levels gave part of the prompt's points: say which and how much
                # Translators: where part of a score came from, e.g. "“What will you change?”: 75% of its points (the criteria levels)".
                detail += "; " + i18n.gettext("“{prompt}”: {percent}% of its points (the criteria levels)").format(
                    prompt=_short(questions.get(prompt_id, prompt_id)), percent=round(share * 100))
        return {"text": text, "detail": detail}
    text = i18n.ngettext("{value} of {max} point for the work you have done here",
                         "{value} of {max} points for the work you have done here", count).format(**points)
    return {"text": text, "detail": ""}


def grade_part(block, template_context: dict) -> None:
    """The score line for a signed-in learner of a graded block (nothing for previews or when hidden
    for good; a note naming the due date while "past_due" hides it)."""
    actor = block.who()
    if not actor.is_authenticated or template_context.get("preview_role"):
        return
    scoring = block.scoring  # a property that reads the weight and the deadline fields: once
    state = visible_grade(block.block_ref, actor, block.authored, scoring)
    _ = block._
    if state["grade"] is not None:
        template_context["grade"] = {"label": _("Your score:"), **grade_line(block, state["grade"])}
    elif state["grade_shown_at"]:
        due = scoring.deadline.due.astimezone(dt_timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        template_context["grade"] = {"label": _("Your score:"), "text": _("shown after the due date ({date})").format(date=due),
                                     "detail": ""}
