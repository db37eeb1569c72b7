"""A ``.csv`` sheet rewritten by the daemon reads back into the same rows and cells, whatever
a volunteer typed or pasted: a bare CR, LF, CRLF or TAB inside a cell never splits a row, and
an Attended tick never moves into another row. A cell starting like a formula (``= + - @``,
a TAB or a CR) is written with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.sheet import CellWrite, LocalSheet
from sync.sheet.localfile import csv_safe, to_csv

HEADER = ["Date", "Class", "Name", "Email", "Attended", "Status"]
BREAKS = {
    "bare-cr": "Ana\rLee",
    "lf": "Ana\nLee",
    "crlf": "Ana\r\nLee",
    "tab": "Ana\tLee",
    "trailing-cr": "Ana Lee\r",
    "only-cr": "\r",
    "quote-and-cr": 'Ana "the fish"\rLee',
}


def _sheet(tmp_path: Path, name: str) -> LocalSheet:
    sheet = LocalSheet(tmp_path / "attendance.csv")
    sheet.create(
        [
            HEADER,
            ["6/15", "Open Water Swim", name, "ana@example.org", "", ""],
            ["6/15", "Open Water Swim", "Ben Okafor", "ben@example.org", "yes", ""],
            ["6/15", "Open Water Swim", "Cleo Park", "cleo@example.org", "", ""],
        ]
    )
    return sheet


@pytest.mark.parametrize("name", BREAKS.values(), ids=BREAKS.keys())
def test_a_cell_with_a_line_break_or_tab_stays_in_its_row_when_rewritten(
    tmp_path: Path, name: str
) -> None:
    sheet = _sheet(tmp_path, name)
    assert sheet.read()[1][2] == name  # as created
    sheet.write([CellWrite(1, 5, "Booked"), CellWrite(2, 5, "Booked"), CellWrite(3, 5, "Booked")])
    sheet.write([CellWrite(1, 5, "Booked · paid cash")])  # and rewritten again
    rows = sheet.read()
    assert len(rows) == 4
    assert rows[1] == ["6/15", "Open Water Swim", name, "ana@example.org", "", "Booked · paid cash"]
    assert rows[2] == ["6/15", "Open Water Swim", "Ben Okafor", "ben@example.org", "yes", "Booked"]
    assert rows[3][2:] == ["Cleo Park", "cleo@example.org", "", "Booked"]


@pytest.mark.parametrize("name", BREAKS.values(), ids=BREAKS.keys())
def test_an_attended_tick_never_moves_into_another_row(tmp_path: Path, name: str) -> None:
    """Issue 14: Ana's name held a bare CR; after a rewrite her row split in two, and the
    tick the daemon then wrote by row number landed in a junk row."""
    sheet = _sheet(tmp_path, name)
    sheet.write([CellWrite(1, 5, "Booked")])
    sheet.write([CellWrite(3, 4, "yes")])  # Cleo's tick, by row number
    rows = sheet.read()
    ticks = {r[2]: r[4] for r in rows[1:]}
    assert ticks == {name: "", "Ben Okafor": "yes", "Cleo Park": "yes"}


def test_cr_lf_and_tab_are_always_inside_quotes() -> None:
    text = to_csv([["a\rb", "c", "3"], ["d\te", "f"], ["g\nh", "i"], ["plain", "row"]])
    assert text == '"a\rb","c","3"\n"d\te","f"\n"g\nh",i\nplain,row\n'
    outside = text
    for quoted in ('"a\rb"', '"d\te"', '"g\nh"'):
        outside = outside.replace(quoted, "")
    assert "\r" not in outside
    assert "\t" not in outside


CELL = st.text(alphabet=st.sampled_from("ab ,\"\r\n\t='é"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_any_grid_reads_back_exactly(rows: list[list[str]]) -> None:
    back = list(csv.reader(io.StringIO(to_csv(rows), newline="")))
    assert back == rows


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("x")', "+44 7700", "-1", "@SUM(A1)", "\t=1+2", "\r=1+2", "\tplain"],
)
def test_a_value_starting_like_a_formula_gets_an_apostrophe(value: str) -> None:
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana", "a=b", " =1", "", "Ana\tLee", 3, None])
def test_other_values_are_left_alone(value: object) -> None:
    assert csv_safe(value) == value  # type: ignore[arg-type]


def test_a_daemon_written_tab_or_cr_value_is_apostrophed_and_stays_in_its_row(
    tmp_path: Path,
) -> None:
    sheet = _sheet(tmp_path, "Ana Lee")
    sheet.write([CellWrite(1, 5, "\t=cmd|' /C calc'!A0"), CellWrite(2, 5, "\r=1+2")])
    rows = sheet.read()
    assert len(rows) == 4
    assert rows[1][5] == "'\t=cmd|' /C calc'!A0"
    assert rows[2][5] == "'\r=1+2"
    assert rows[2][4] == "yes"
