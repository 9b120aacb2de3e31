"""core/scoring.py: points as the Open edX gradebook keeps them (tests/oracles/gradebook.py has the
platform's side), and the platform's show_correctness rule."""
from datetime import datetime, timedelta, timezone

import pytest

from mentor_xblock.core.scoring import correctness_shown, is_exact, mentor_points, points_possible, weighted

NOW = datetime(2030, 5, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("weight, prompts, possible", [
    (2, 3, 2), (1.0, 3, 1), (3, 3, 3), (0, 3, 0), (None, 3, 3), (1.5, 2, 2), (2.5, 2, 3), (0.4, 2, 1), (100, 7, 100),
])
def test_points_possible_are_the_weight_in_whole_points(weight, prompts, possible):
    assert points_possible(weight, prompts) == possible


@pytest.mark.parametrize("reviewed, expected", [(0, (0, 2)), (1, (0, 2)), (2, (1, 2)), (3, (2, 2)), (9, (2, 2)), (-1, (0, 2))])
def test_a_share_rounds_down_to_whole_points_and_full_review_is_full_marks(reviewed, expected):
    assert mentor_points(reviewed, 3, 2.0) == expected


def test_every_share_is_exact_when_the_weight_is_a_multiple_of_the_prompts():
    assert [mentor_points(n, 3, 6)[0] for n in range(4)] == [0, 2, 4, 6]
    assert is_exact(6, 3) and is_exact(None, 3) and is_exact(0, 3)
    assert not is_exact(2, 3) and not is_exact(1.5, 1)


def test_a_grade_event_is_scaled_as_the_lms_scales_it():
    assert weighted(0.5, 1.0, 4) == (2.0, 4.0)
    assert weighted(0.5, 1.0, None) == (0.5, 1.0)
    assert weighted(0.0, 0.0, 2) == (0.0, 0.0)


@pytest.mark.parametrize("setting, due, staff, shown", [
    ("always", None, False, True),
    (None, None, False, True),
    ("never", None, False, False),
    ("never", None, True, False),  # "never" hides it from staff too
    ("never_but_include_grade", None, False, False),
    ("past_due", NOW + timedelta(hours=1), False, False),
    ("past_due", NOW + timedelta(hours=1), True, True),
    ("past_due", NOW - timedelta(hours=1), False, True),
    ("past_due", None, False, True),  # no due date: nothing to wait for
])
def test_show_correctness_as_the_platform_decides_it(setting, due, staff, shown):
    assert correctness_shown(setting, due, NOW, staff=staff) is shown
