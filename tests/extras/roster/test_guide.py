"""The volunteer guide in the README explains what the roster and the dropdowns write."""

from __future__ import annotations

from sync import words
from sync.engine import input_problems as ip
from tests.docs.test_volunteer_guide import _error_patterns, _guide


def test_the_roster_statuses_are_in_the_guide() -> None:
    guide = _guide()
    for status in (
        words.prefilled_status(paid=True, plan=None, amount_due=None),
        words.prefilled_status(paid=True, plan="10 Swim Pass", amount_due=None),
        words.prefilled_status(paid=False, plan=None, amount_due="15.00"),
        words.CANCELLED_IN_WIX,
    ):
        assert f"`{status}`" in guide, status


def test_a_picked_session_that_disagrees_is_in_the_guide() -> None:
    message = words.input_problem(ip.LabelConflict("Time", "7:00", "06:30"))
    assert any(pattern.search(message) for pattern in _error_patterns()), message
