"""Check-in mail: when a pairing's check-in opens (services/programme/checkins.py), each side that
has not answered it yet is told once, in their language, through the outbox (its unique key makes a
repeat a no-op). One Celery task per check-in, scheduled with an `eta` when the pairing is made and
then when each check-in has been handled (decisions/0004); it checks, when it runs, that the pairing
is still on and the course still checks in. The closing reflection is asked in the "ended" mail
(services/mail_text.py), which both sides already get.
"""
from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .. import platform
from ..models import Assignment, CheckIn
from ..models.checkins import LEARNER, MENTOR
from . import notification_people as people
from .context import BlockRef
from .notifications import enqueue
from .programme.checkins import current_period
from .programme.settings import course_rules
from .reminders import first_programme_block, later

CHECKIN = "checkin"


def watch_pairing(ref: BlockRef, place: str, assignment: Assignment) -> None:
    """A new pairing: its first check-in is due `checkin_days` after it starts."""
    days = course_rules(ref.course_key).checkin_days
    if days:
        later(check_in, [assignment.pk, 1, ref.block_key, place], assignment.created_at + timedelta(days=days))


@shared_task(name="mentor_xblock.check_in", ignore_result=True)
def check_in(assignment_id: int, period: int, block_key: str = "", place: str = "") -> None:
    """Tell each side of a pairing whose check-in `period` is open and unanswered; schedule the next."""
    assignment = Assignment.objects.filter(pk=assignment_id, active=True).select_related("mentor").first()
    days = course_rules(assignment.course_key).checkin_days if assignment else 0
    if not days:
        return  # the pairing ended, or the course stopped checking in
    opens = assignment.created_at + timedelta(days=days * period)
    if opens > timezone.now():  # not open yet (the setting changed): check again then
        later(check_in, [assignment_id, period, block_key, place], opens, again=True)
        return
    now_open = current_period(assignment.created_at, days)
    if now_open == period:  # a late task does not ask a closed check-in
        tell(assignment, period, block_key, place)
    nxt = now_open + 1
    later(check_in, [assignment_id, nxt, block_key, place], assignment.created_at + timedelta(days=days * nxt), again=True)


def tell(assignment: Assignment, period: int, block_key: str = "", place: str = "") -> list[int]:
    """Queue the check-in mail to each side that has not answered this period (once per side and period)."""
    course_key = assignment.course_key
    answered = set(CheckIn.objects.filter(assignment=assignment, period=period).values_list("who", flat=True))
    sides = {LEARNER: assignment.learner_id, MENTOR: assignment.mentor.mentor_id}
    widget = BlockRef(course_key=course_key, block_key=block_key).widget_anchor
    made = []
    for side, person in sides.items():
        if side in answered:
            continue
        # Each side's title names the other: "…with {mentor}?" for the learner, "…of {learner}…" for the mentor.
        other = ("learner", assignment.learner_id) if side == MENTOR else ("mentor", assignment.mentor.mentor_id)
        made += enqueue(
            course_key, block_key, [person], CHECKIN, f"{CHECKIN}:{assignment.pk}:{period}",
            {"course_name": place, "for_mentor": side == MENTOR, other[0]: people.display_name(course_key, other[1]),
             "link": platform.item_url(course_key, block_key, widget) if block_key else ""},
        )
    return made


def catch_up(course_key: str | None = None) -> int:
    """Queue the mail of every open, unanswered check-in (after a broker outage); repeats are no-ops."""
    pairings = Assignment.objects.filter(active=True).select_related("mentor")
    if course_key is not None:
        pairings = pairings.filter(course_key=course_key)
    told = 0
    for course in sorted(set(pairings.values_list("course_key", flat=True).distinct())):
        days = course_rules(course).checkin_days
        if not days:
            continue
        block_key = first_programme_block(course)
        for assignment in pairings.filter(course_key=course, created_at__lte=timezone.now() - timedelta(days=days)).iterator():
            told += len(tell(assignment, current_period(assignment.created_at, days), block_key))
    return told
