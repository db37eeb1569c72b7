"""A session picked from the Class dropdown ("Sat 28 Apr 06:30 · Open Water Swim · 42/150")
gives the row its class, date and time; a Date or Time that disagrees is a problem."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from sync.engine import input_problems as ip
from sync.engine.parse import parse_row
from sync.engine.session_label import SessionLabel, format_label, read_label
from sync.words import input_problem

TODAY = date(2026, 6, 24)  # a Wednesday
LABEL = "Sat 27 Jun 06:30 · Open Water Swim · 42/150"
ROW: dict[str, Any] = {
    "date": "",
    "time": "",
    "class_name": LABEL,
    "name": "Ana Lee",
    "email": "ana@x.org",
    "payment": "cash",
    "plan": "",
    "attended": "",
}


def parse(**cells: Any) -> Any:
    return parse_row({**ROW, **cells}, row_id="r1", today=TODAY)


def test_a_label_is_written_and_read_back() -> None:
    text = format_label(datetime(2026, 6, 27, 6, 30), "Open Water Swim", 42, 150)
    assert text == LABEL
    assert read_label(text, today=TODAY) == SessionLabel(
        date(2026, 6, 27), time(6, 30), "Open Water Swim"
    )


def test_a_picked_session_fills_an_empty_date_and_time() -> None:
    a = parse().attendee
    assert a is not None
    assert (a.class_name, a.session_date, a.session_time) == (
        "Open Water Swim",
        date(2026, 6, 27),
        time(6, 30),
    )


@pytest.mark.parametrize(
    "cells",
    [
        {"date": "6/27"},
        {"date": "27.06.2026", "time": "6:30am"},
        {"time": "06:30"},
        {"date": date(2026, 6, 27)},  # a date cell of an .xlsx
    ],
)
def test_a_date_or_time_that_agrees_is_fine(cells: dict[str, Any]) -> None:
    a = parse(**cells).attendee
    assert a is not None
    assert (a.session_date, a.session_time) == (date(2026, 6, 27), time(6, 30))


def test_a_date_that_disagrees_is_a_clear_error() -> None:
    parsed = parse(date="6/28")
    assert parsed.attendee is None
    assert parsed.problems == (ip.LabelConflict("Date", "6/28", "Sat 27 Jun"),)
    assert input_problem(parsed.problems[0]) == (
        "Date '6/28' is not the day of the session picked in Class (Sat 27 Jun): empty Date, "
        "or pick the right session."
    )


def test_a_time_that_disagrees_is_a_clear_error() -> None:
    parsed = parse(time="18:00")
    assert [input_problem(p) for p in parsed.problems] == [
        "Time '18:00' is not the start time of the session picked in Class (06:30): empty "
        "Time, or pick the right session."
    ]


def test_a_bad_date_next_to_a_label_is_reported_as_a_bad_date() -> None:
    parsed = parse(date="31/31")
    assert [type(p) for p in parsed.problems] == [ip.BadDate]


@pytest.mark.parametrize(
    "text",
    [
        "Open Water Swim",
        "Open Water Swim · Masters",  # no day and time before the first dot
        "Someday 06:30 · Open Water Swim",
        "Sat 27 Jun 06:30 · · 42/150",
    ],
)
def test_anything_else_is_a_plain_class_name(text: str) -> None:
    assert read_label(text, today=TODAY) is None


def test_the_count_may_be_left_out_or_edited() -> None:
    for text in ("Sat 27 Jun 06:30 · Open Water Swim", "Sat 27 Jun 6:30 · Open  Water Swim · 43"):
        assert read_label(text, today=TODAY) == SessionLabel(
            date(2026, 6, 27), time(6, 30), "Open Water Swim"
        )


def test_a_plain_class_still_needs_its_date() -> None:
    parsed = parse(class_name="Open Water Swim")
    assert parsed.problems == (ip.MissingField("Date"),)
