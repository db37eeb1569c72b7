"""The fake's A1 parser agrees with gspread.utils (reference §4.3): a bug in either shows."""

from __future__ import annotations

import pytest
from gspread import utils
from hypothesis import given
from hypothesis import strategies as st

from tests.fakes.sheets.a1 import (
    A1Error,
    Area,
    column_index,
    column_letters,
    format_range,
    parse_area,
    parse_range,
    quote_title,
    split_sheet,
)

letters = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=3
)
columns = st.integers(min_value=1, max_value=18278)
rows = st.integers(min_value=1, max_value=2_000_000)
titles = st.text(min_size=1, max_size=24).filter(lambda t: "\x00" not in t)


def cell(row: int, col: int) -> str:
    return f"{column_letters(col)}{row}"


@st.composite
def areas(draw: st.DrawFn) -> str:
    """Every area form Google documents, corners in any order."""
    r1, r2, c1, c2 = draw(rows), draw(rows), draw(columns), draw(columns)
    form = draw(
        st.sampled_from(["cell", "cell:cell", "col:col", "row:row", "cell:col", "cell:row"])
    )
    return {
        "cell": cell(r1, c1),
        "cell:cell": f"{cell(r1, c1)}:{cell(r2, c2)}",
        "col:col": f"{column_letters(c1)}:{column_letters(c2)}",
        "row:row": f"{r1}:{r2}",
        "cell:col": f"{cell(r1, c1)}:{column_letters(c2)}",
        "cell:row": f"{cell(r1, c1)}:{r2}",
    }[form]


@given(letters)
def test_column_letters_match_gspread(text: str) -> None:
    assert column_index(text) == utils.column_letter_to_index(text)


@given(columns, rows)
def test_cell_names_match_gspread(col: int, row: int) -> None:
    name = cell(row, col)
    assert name == utils.rowcol_to_a1(row, col)
    assert utils.a1_to_rowcol(name) == (row, col)
    assert column_index(column_letters(col)) == col


@given(areas())
def test_areas_match_gspread_grid_ranges(text: str) -> None:
    assert parse_area(text).to_grid_range() == utils.a1_range_to_grid_range(text)


@given(titles, areas())
def test_quoted_titles_round_trip_through_gspread_quoting(title: str, area: str) -> None:
    parsed = parse_range(utils.absolute_range_name(title, area))
    assert parsed.sheet == title
    assert parsed.area == parse_area(area)
    assert split_sheet(utils.absolute_range_name(title)) == (title, None, True)


@given(titles, rows, columns)
def test_echoed_ranges_parse_back(title: str, row: int, col: int) -> None:
    echoed = format_range(title, row - 1, row + 1, col - 1, col)
    parsed = parse_range(echoed)
    assert parsed.sheet == title
    assert parsed.area == Area(row - 1, row + 1, col - 1, col)


def test_bijective_base_26_edges() -> None:
    assert [column_letters(n) for n in (1, 26, 27, 52, 702, 703, 18278)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA", "ZZZ"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "echo"),
    [
        ("Sheet1", "Sheet1"),
        ("Attendance", "Attendance"),
        ("Log", "Log"),
        ("R1C1", "'R1C1'"),
        ("My Sheet", "'My Sheet'"),
        ("Jon's_Data", "'Jon''s_Data'"),
        ("A1", "'A1'"),  # a tab titled like a cell must be quoted
        ("2026", "'2026'"),
    ],
)
def test_titles_are_quoted_only_when_needed(title: str, echo: str) -> None:
    assert quote_title(title) == echo


def test_a_bare_token_is_an_area_first_then_a_title() -> None:
    assert parse_range("A1") == parse_range("A1:A1")
    assert parse_range("Attendance").sheet == "Attendance"
    assert parse_range("Attendance").area is None
    assert parse_range("'A1'").sheet == "A1"


@pytest.mark.parametrize(
    "text", ["", "Sheet1!", "'unterminated!A1", "Sheet1!A0", "Sheet1!A:1", "Sheet1!AAAA1", "S!A"]
)
def test_malformed_ranges_are_refused(text: str) -> None:
    """(A bare ``A:1`` is not refused here: it can only be a sheet title, and the models
    answer ``Unable to parse range`` when no sheet has that title.)"""
    with pytest.raises(A1Error):
        parse_range(text)
