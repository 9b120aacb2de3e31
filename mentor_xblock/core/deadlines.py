"""Deadlines as Open edX has them: `due` (inherited from the subsection) plus `graceperiod`.

Pure arithmetic, no Django or XBlock: the platform's close date is `due + graceperiod`
(xmodule's ProblemBlock.close_date); after it a block is past due. What happens then is the
author's `late_submissions` choice: "closed" refuses new work, "accepted" takes it as late.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

OPEN, LATE, CLOSED = "open", "late", "closed"

# The platform's Timedelta field format: "2 days 3 hours 30 minutes 10 seconds", parts optional.
_TIMEDELTA = re.compile(
    r"^\s*(?:(?P<days>\d+) days?)?\s*(?:(?P<hours>\d+) hours?)?\s*"
    r"(?:(?P<minutes>\d+) minutes?)?\s*(?:(?P<seconds>\d+) seconds?)?\s*$"
)
_UNITS = ("days", "hours", "minutes", "seconds")


def parse_timedelta(value) -> timedelta | None:
    """A timedelta from the platform's text form (or a timedelta / None as is); ValueError if malformed."""
    if value is None or isinstance(value, timedelta):
        return value
    match = _TIMEDELTA.match(str(value))
    if not match or not str(value).strip():
        raise ValueError(f"{value!r} is not a duration like '2 days 3 hours'")
    return timedelta(**{unit: int(match.group(unit) or 0) for unit in _UNITS})


def format_timedelta(value: timedelta | None) -> str | None:
    """The platform's text form of a duration (zero parts left out)."""
    if value is None:
        return None
    seconds = int(value.total_seconds())
    parts = []
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
    return " ".join(parts) or "0 seconds"


def aware(value: datetime | None) -> datetime | None:
    """Datetimes without a zone are UTC, as the platform stores them."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


@dataclass(frozen=True)
class Deadline:
    due: datetime | None = None
    grace: timedelta | None = None
    policy: str = "closed"

    @property
    def close(self) -> datetime | None:
        """When submissions close: due plus the grace period (None: no deadline)."""
        if self.due is None:
            return None
        return aware(self.due) + (self.grace or timedelta(0))

    def is_past(self, now: datetime) -> bool:
        return self.close is not None and aware(now) > self.close

    def status(self, now: datetime) -> str:
        """OPEN before the close date (or without one); then CLOSED or LATE by the author's policy."""
        if not self.is_past(now):
            return OPEN
        return LATE if self.policy == "accepted" else CLOSED

    def is_late(self, when: datetime | None) -> bool:
        """Was something done at `when` after the close date?"""
        return when is not None and self.is_past(when)
