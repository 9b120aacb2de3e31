"""Programme health for staff: the check-in figures, and the pairings that need a look (issue 22).

A current pairing is **flagged** when either side's latest rating is LOW_RATING or below, or
either side has missed MISSED_FLAG check-ins (a closed check-in, one after which a newer one
opened, without a rating: unanswered or skipped). Staff read both sides' latest notes with it;
the learner and the mentor never read each other's.

Figures are counts on an index. The flags read the course's current pairings and their
check-ins in two queries (a fixed number, whatever the course size), then one page of names.
"""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from ...models import Assignment, CheckIn, LearnerProfile
from ...models.checkins import LEARNER, MENTOR
from ..context import Actor, BlockRef
from ..paging import PAGE_SIZE, page_number, paging
from .checkins import current_period
from .pairing import require_staff
from .settings import Settings

LOW_RATING = 2
MISSED_FLAG = 2


def checkin_figures(course_key: str) -> dict:
    """{"answered", "median_rating", "low"}: rated check-ins in the course, their median, those rated ≤ 2."""
    rated = CheckIn.objects.filter(course_key=course_key, rating__isnull=False)
    counts = rated.aggregate(answered=Count("pk"), low=Count("pk", filter=Q(rating__lte=LOW_RATING)))
    total = counts["answered"]
    median = None
    if total:
        middle = list(rated.order_by("rating").values_list("rating", flat=True)[(total - 1) // 2 : total // 2 + 1])
        median = sum(middle) / len(middle)
    return {"answered": total, "median_rating": median, "low": counts["low"]}


def _side_health(rows: list[tuple[int, int | None, str]], due: int) -> dict:
    """One side's check-ins of a pairing (period, rating, note) → latest rating and note, missed count."""
    rated = {period: (rating, note) for period, rating, note in rows if rating is not None}
    latest = max(rated) if rated else None
    noted = [(period, note) for period, rating, note in rows if note]
    return {
        "rating": rated[latest][0] if latest else None,
        "rated_period": latest,
        "note": max(noted)[1] if noted else "",
        "missed": sum(1 for period in range(1, due) if period not in rated),
    }


def flagged(course_key: str, checkin_days: int) -> list[dict]:
    """The course's current pairings that need a look, longest-running first (two queries)."""
    if checkin_days <= 0:
        return []
    now = timezone.now()
    pairs = list(Assignment.objects.filter(course_key=course_key, active=True).select_related("mentor")
                 .order_by("created_at", "pk"))
    due = {pair.pk: current_period(pair.created_at, checkin_days, now) for pair in pairs}
    answers: dict[tuple[int, str], list] = {}
    for assignment_id, who, period, rating, note in CheckIn.objects.filter(
        course_key=course_key, assignment__active=True
    ).values_list("assignment_id", "who", "period", "rating", "note"):
        answers.setdefault((assignment_id, who), []).append((period, rating, note))
    found = []
    for pair in pairs:
        sides = {who: _side_health(answers.get((pair.pk, who), []), due[pair.pk]) for who in (LEARNER, MENTOR)}
        reasons = []
        if any(side["rating"] is not None and side["rating"] <= LOW_RATING for side in sides.values()):
            reasons.append("low_rating")
        if any(side["missed"] >= MISSED_FLAG for side in sides.values()):
            reasons.append("missed")
        if reasons:
            found.append({"assignment_id": pair.pk, "learner_id": pair.learner_id, "mentor": pair.mentor.display_name,
                          "since": pair.created_at.isoformat(), "period": due[pair.pk], "reasons": reasons, "answers": sides})
    return found


def flagged_page(ref: BlockRef, actor: Actor, settings: Settings, page=1) -> dict:
    """Staff: one page of flagged pairings, with both sides' latest ratings, notes and missed check-ins."""
    require_staff(ref.course_key, actor)
    page = page_number(page)
    every = flagged(ref.course_key, settings.checkin_days)
    rows = every[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    names = dict(LearnerProfile.objects.filter(course_key=ref.course_key, learner_id__in=[r["learner_id"] for r in rows])
                 .values_list("learner_id", "username")) if rows else {}
    for row in rows:
        learner_id = row.pop("learner_id")
        row["learner"] = names.get(learner_id) or learner_id[:8]
    return {**paging(page, len(every)), "checkin_days": settings.checkin_days, "items": rows}
