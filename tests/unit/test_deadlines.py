"""The deadline arithmetic: the platform's due + graceperiod, and the author's late policy."""
from datetime import datetime, timedelta, timezone

import pytest

from mentor_xblock.core.deadlines import CLOSED, LATE, OPEN, Deadline, format_timedelta, parse_timedelta

DUE = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "expected"), [
    ("2 days 3 hours", timedelta(days=2, hours=3)),
    ("1 day", timedelta(days=1)),
    ("30 minutes 5 seconds", timedelta(minutes=30, seconds=5)),
    ("1 hour", timedelta(hours=1)),
    (None, None),
])
def test_grace_period_reads_the_platform_text_form(text, expected):
    assert parse_timedelta(text) == expected
    if expected is not None:
        assert parse_timedelta(format_timedelta(expected)) == expected


@pytest.mark.parametrize("text", ["", "soon", "2 weeks", "-1 day", "1 day later"])
def test_malformed_grace_period_is_refused(text):
    with pytest.raises(ValueError):
        parse_timedelta(text)


def test_close_date_is_due_plus_grace_and_past_means_strictly_after():
    deadline = Deadline(due=DUE, grace=timedelta(hours=2))
    assert deadline.close == DUE + timedelta(hours=2)
    assert deadline.status(DUE + timedelta(hours=1)) == OPEN  # inside the grace period
    assert deadline.status(DUE + timedelta(hours=2)) == OPEN  # the close instant itself is still open
    assert deadline.status(DUE + timedelta(hours=2, seconds=1)) == CLOSED
    accepted = Deadline(due=DUE, policy="accepted")
    assert accepted.status(DUE + timedelta(seconds=1)) == LATE
    assert accepted.is_late(DUE + timedelta(minutes=1)) and not accepted.is_late(DUE) and not accepted.is_late(None)


def test_no_due_date_never_closes_and_naive_dates_are_utc():
    assert Deadline(grace=timedelta(days=1)).status(datetime(2100, 1, 1, tzinfo=timezone.utc)) == OPEN
    naive = Deadline(due=DUE.replace(tzinfo=None))
    assert naive.close == DUE and naive.status(DUE + timedelta(seconds=1)) == CLOSED
