"""Issue 16: each cell of a season is read once per distinct value — and a value read before
is read again exactly as a fresh parser would: per vocabulary, per day, per date order."""

from __future__ import annotations

from datetime import date

from sync.engine import parse as parsing
from sync.engine.parse import parse_row
from sync.engine.vocabulary import Vocabulary
from sync.flows.attendee import Payment

CELLS = {
    "date": "today",
    "time": "06:30",
    "class_name": "Open Water Swim",
    "name": "Ana Lee",
    "email": "Ana.Lee@Example.org",
    "payment": "efectivo",
    "plan": "",
    "attended": True,
}


def test_a_cell_read_before_is_read_as_by_the_vocabulary_and_day_in_force() -> None:
    spanish = Vocabulary.from_config({"cash": ["efectivo"]})
    june, july = date(2026, 6, 15), date(2026, 7, 1)
    first = parse_row(CELLS, row_id="r1", today=june, vocabulary=spanish)
    assert first.attendee is not None
    assert (first.attendee.payment, first.attendee.session_date) == (Payment.CASH, june)
    other_day = parse_row(CELLS, row_id="r1", today=july, vocabulary=spanish)
    assert other_day.attendee is not None
    assert other_day.attendee.session_date == july
    default = parse_row(CELLS, row_id="r1", today=june)
    assert default.attendee is None, "'efectivo' is no payment word of the default vocabulary"
    assert [type(p).__name__ for p in default.problems] == ["UnknownPayment"]


def test_a_date_read_before_is_read_in_the_date_order_in_force() -> None:
    cells = {**CELLS, "date": "3/4", "payment": "cash"}
    day = date(2026, 3, 10)
    read = {
        order: parse_row(cells, row_id="r1", today=day, date_order=order).attendee
        for order in ("MDY", "DMY")
    }
    assert {o: a.session_date for o, a in read.items() if a} == {
        "MDY": date(2026, 3, 4),
        "DMY": date(2026, 4, 3),
    }


def test_values_equal_across_types_are_told_apart() -> None:
    """``True == 1`` in Python: a ticked box and a typed 1 in Name are cells of their own."""
    day = date(2026, 6, 15)
    said = [
        " ".join(map(str, parse_row({**CELLS, "name": name}, row_id="r1", today=day).problems))
        for name in (True, 1)
    ]
    assert said[0] != said[1]
    parsing._MEMOS.clear()  # a fresh process
    assert said[1] == " ".join(
        map(str, parse_row({**CELLS, "name": 1}, row_id="r1", today=day).problems)
    )


def test_a_reading_kept_is_what_a_fresh_parser_reads() -> None:
    day = date(2026, 6, 15)
    kept = [parse_row({**CELLS, "payment": p}, row_id="r1", today=day) for p in ("cash", "owes")]
    parsing._MEMOS.clear()  # a fresh process
    fresh = [parse_row({**CELLS, "payment": p}, row_id="r1", today=day) for p in ("cash", "owes")]
    assert kept == fresh
