"""The course's programme rules: the strictest mentoring settings of its blocks.

The programme (pool, assignments, limits) belongs to the course, so a learner must not
be able to shop between blocks for a looser rule. Each block's mentoring settings are
recorded in ProgrammeBlock (when an author saves it in Studio, when the course is
published, by the demo data command, and on the first programme handler call through a
block not yet recorded; never by rendering). The effective settings of a request are
the strictest of the course's recorded blocks plus the block the request came through
(its live settings replace its own recorded row, which may be older):

- mentors_per_learner: the smallest;
- allow_change: only if every block allows it;
- strategy: the strictest, manual > auto > learner_choice;
- tags: the union (they only widen what a learner may say about themselves);
- response_target_hours: the shortest (feedback is overdue sooner);
- nudge_days: the shortest that is on (0, off, only if every block has it off).
- mentor_approval: required if any block requires it;
- request_expiry_days: the shortest.
- checkin_days: the smallest non-zero (0, off, only when every block has check-ins off).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from ...models import ProgrammeBlock

# Higher is stricter: who decides the pairing (staff > the system > the learner).
STRICTNESS = {"learner_choice": 0, "auto": 1, "manual": 2}


@dataclass(frozen=True)
class Settings:
    """The mentoring settings of one block, or the course's effective ones."""

    strategy: str = "auto"
    mentors_per_learner: int = 1
    allow_change: bool = True
    tags: tuple = ()
    response_target_hours: int = 72
    nudge_days: int = 0
    mentor_approval: bool = False
    request_expiry_days: int = 7
    checkin_days: int = 30

    @classmethod
    def of(cls, mentoring) -> "Settings":
        return cls(mentoring.strategy, mentoring.mentors_per_learner, mentoring.allow_change, tuple(mentoring.tags),
                   response_target_hours=mentoring.response_target_hours, nudge_days=mentoring.nudge_days,
                   mentor_approval=mentoring.mentor_approval, request_expiry_days=mentoring.request_expiry_days,
                   checkin_days=mentoring.checkin_days)

    def as_dict(self) -> dict:
        return {"strategy": self.strategy, "mentors_per_learner": self.mentors_per_learner,
                "allow_change": self.allow_change, "tags": list(self.tags),
                "response_target_hours": self.response_target_hours, "nudge_days": self.nudge_days,
                "mentor_approval": self.mentor_approval, "request_expiry_days": self.request_expiry_days,
                "checkin_days": self.checkin_days}

    @property
    def approval(self) -> bool:
        """Whether a learner's choice is a request the mentor answers (learner_choice only)."""
        return self.strategy == "learner_choice" and self.mentor_approval

    @classmethod
    def from_dict(cls, data: dict) -> "Settings | None":
        """A recorded row's settings; None for a row that is not readable (it is then ignored)."""
        try:
            strategy, per_learner = data["strategy"], data["mentors_per_learner"]
            allow, tags = data["allow_change"], data.get("tags", [])
        except (KeyError, TypeError):
            return None
        if strategy not in STRICTNESS or isinstance(per_learner, bool) or not isinstance(per_learner, int):
            return None
        if not isinstance(allow, bool) or not isinstance(tags, list):
            return None
        # Rows recorded before these settings existed read as the defaults.
        target, nudge = data.get("response_target_hours", 72), data.get("nudge_days", 0)
        approval, expiry = data.get("mentor_approval", False), data.get("request_expiry_days", 7)
        checkin_days = data.get("checkin_days", 30)
        if not _whole(target) or not _whole(nudge) or not _whole(expiry) or not isinstance(approval, bool):
            return None
        if not _whole(checkin_days):
            checkin_days = 30
        return cls(strategy, max(per_learner, 1), allow, tuple(str(tag) for tag in tags),
                   response_target_hours=max(target, 1), nudge_days=max(nudge, 0),
                   mentor_approval=approval, request_expiry_days=max(expiry, 1), checkin_days=max(checkin_days, 0))


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def strictest(settings: list[Settings]) -> Settings | None:
    """The course rule from several blocks' settings (None for none); order only affects tag order."""
    if not settings:
        return None
    tags: list[str] = []
    for one in settings:
        tags.extend(tag for tag in one.tags if tag not in tags)
    return Settings(
        strategy=max((one.strategy for one in settings), key=STRICTNESS.__getitem__),
        mentors_per_learner=min(one.mentors_per_learner for one in settings),
        allow_change=all(one.allow_change for one in settings),
        tags=tuple(tags),
        response_target_hours=min(one.response_target_hours for one in settings),
        nudge_days=min((one.nudge_days for one in settings if one.nudge_days), default=0),
        mentor_approval=any(one.mentor_approval for one in settings),
        request_expiry_days=min(one.request_expiry_days for one in settings),
        checkin_days=min((one.checkin_days for one in settings if one.checkin_days > 0), default=0),
    )


@dataclass(frozen=True)
class Effective:
    """What a request through one block works with."""

    settings: Settings  # the course's effective settings
    block_recorded: bool  # whether the block is already in ProgrammeBlock (with any settings)


def effective(course_key: str, block_key: str, current: Settings) -> Effective:
    """The strictest of the course's recorded blocks and `current` (this block's live settings). One query
    (on every page view with a programme)."""

    others, recorded = [], False
    for key, data in ((row.block_key, row.settings) for row in ProgrammeBlock.objects.filter(course_key=course_key)):
        if key == block_key:
            recorded = True
            continue
        one = Settings.from_dict(data)
        if one is not None:
            others.append(one)
    return Effective(strictest([current, *others]), recorded)


def course_settings(course_key: str) -> Settings | None:
    """The course's effective settings from its recorded blocks alone (management commands, CSV import);
    None when no block of the course is recorded."""
    rows = ProgrammeBlock.objects.filter(course_key=course_key).order_by("block_key").values_list("settings", flat=True)
    return strictest([one for one in map(Settings.from_dict, rows) if one is not None])


def course_rules(course_key: str) -> Settings:
    """course_settings, or the defaults when no block of the course is recorded (tasks, reminders)."""
    return course_settings(course_key) or Settings()


def record_block(course_key: str, block_key: str, mentoring) -> None:
    """Record (or update) one block's settings; a block without mentoring settings is forgotten."""
    if mentoring is None:
        ProgrammeBlock.objects.filter(course_key=course_key, block_key=block_key).delete()
        return
    data = Settings.of(mentoring).as_dict()
    if ProgrammeBlock.objects.filter(course_key=course_key, block_key=block_key).update(settings=data):
        return
    try:
        with transaction.atomic():
            ProgrammeBlock.objects.create(course_key=course_key, block_key=block_key, settings=data)
    except IntegrityError:  # recorded in parallel: ours is as recent
        ProgrammeBlock.objects.filter(course_key=course_key, block_key=block_key).update(settings=data)


def record_if_new(course_key: str, block_key: str, mentoring) -> None:
    """A programme handler's call through a block not yet recorded records it (never updates: the
    author's save and the course publish keep recorded rows current)."""
    if mentoring is None:
        return
    try:
        with transaction.atomic():
            ProgrammeBlock.objects.get_or_create(
                course_key=course_key, block_key=block_key, defaults={"settings": Settings.of(mentoring).as_dict()}
            )
    except IntegrityError:  # recorded in parallel
        pass


def replace_course_blocks(course_key: str, blocks: list[tuple[str, object]]) -> None:
    """After a course publish: exactly the published blocks `(block_key, mentoring)` stay recorded."""
    with transaction.atomic():
        keep = [key for key, mentoring in blocks if mentoring is not None]
        ProgrammeBlock.objects.filter(course_key=course_key).exclude(block_key__in=keep).delete()
        for key, mentoring in blocks:
            if mentoring is not None:
                record_block(course_key, key, mentoring)
