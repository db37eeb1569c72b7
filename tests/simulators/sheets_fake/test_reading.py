"""Reading values: trimming, padding, render options, batch reads (reference §1.5, §4.2)."""

from __future__ import annotations

from typing import Any

import gspread
from gspread.utils import ValueRenderOption

from tests.fakes.sheets import FakeSheets
from tests.simulators.sheets_fake.conftest import seed

RAGGED: list[list[Any]] = [
    ["Name", "Count", "", "", ""],
    ["Ann", 53, "", "x"],
    [],
    ["", "", 1.5, "", ""],
    ["", "", "", ""],
    [],
]


def raw_get(ws: gspread.Worksheet, range_name: str, **params: Any) -> dict[str, Any]:
    return ws.client.values_get(ws.spreadsheet_id, range_name, params=params)


def test_get_all_values_pads_rows_and_drops_trailing_empties(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(seed(fake, RAGGED)).sheet1
    assert ws.get_all_values() == [
        ["Name", "Count", "", ""],
        ["Ann", "53", "", "x"],
        ["", "", "", ""],
        ["", "", "1.5", ""],
    ]


def test_the_wire_drops_trailing_cells_keeps_inner_empty_rows_as_empty_lists(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(seed(fake, RAGGED)).sheet1
    answer = raw_get(ws, "'Attendance'")
    assert answer == {
        "range": "Attendance!A1:Z1000",
        "majorDimension": "ROWS",
        "values": [["Name", "Count"], ["Ann", "53", "", "x"], [], ["", "", "1.5"]],
    }


def test_an_empty_range_has_no_values_key_and_gspread_gives_a_list_with_one_empty_row(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(seed(fake, [])).sheet1
    assert raw_get(ws, "'Attendance'!C3:D4") == {
        "range": "Attendance!C3:D4",
        "majorDimension": "ROWS",
    }
    assert ws.get_all_values() == [[]]


def test_open_ranges_are_clamped_to_the_grid_in_the_echo(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(fake.create_spreadsheet({"My Sheet": [["a"]]})).sheet1
    assert raw_get(ws, "'My Sheet'!A1:1")["range"] == "'My Sheet'!A1:Z1"
    assert raw_get(ws, "'My Sheet'!B:B")["range"] == "'My Sheet'!B1:B1000"
    assert raw_get(ws, "'My Sheet'!C5")["range"] == "'My Sheet'!C5"


def test_unformatted_gives_numbers_and_booleans(gc: gspread.Client, fake: FakeSheets) -> None:
    ws = gc.open_by_key(
        seed(fake, [["n", "flag", "text"], [53, True, "0123"], [1.5, False, ""]])
    ).sheet1
    assert ws.get("A1:C3", value_render_option=ValueRenderOption.unformatted) == [
        ["n", "flag", "text"],
        [53, True, "0123"],
        [1.5, False],
    ]
    assert ws.get("A2:C3") == [["53", "TRUE", "0123"], ["1.5", "FALSE"]]


def test_formula_render_shows_formulas_and_unformatted_values(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"S": [["=4/2", "=A1*10", 7]]}, input="USER_ENTERED")
    ws = gc.open_by_key(key).sheet1
    assert ws.get("A1:C1", value_render_option=ValueRenderOption.formula) == [["=4/2", "=A1*10", 7]]
    assert ws.get("A1:C1", value_render_option=ValueRenderOption.unformatted) == [[2, "=A1*10", 7]]
    assert ws.get("A1:C1") == [["2", "=A1*10", "7"]]  # not simulated: cell references


def test_columns_major_dimension_transposes(gc: gspread.Client, fake: FakeSheets) -> None:
    ws = gc.open_by_key(seed(fake, [["a", "b"], ["c"]])).sheet1
    assert ws.get("A1:B2", major_dimension="COLUMNS") == [["a", "c"], ["b"]]


def test_batch_get_reads_several_ranges_in_one_request(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    before = fake.counts()
    ranges = ws.batch_get(["A1:B1", "E2:E4", "A3"], value_render_option="UNFORMATTED_VALUE")
    assert [r.range for r in ranges] == ["Attendance!A1:B1", "Attendance!E2:E4", "Attendance!A3"]
    assert ranges[0] == [["Name", "Class"]]
    assert ranges[1] == []  # no "values" key on the wire
    assert ranges[2] == [["Bob Ray"]]
    assert fake.counts().reads - before.reads == 1
    assert fake.log[-1].query["ranges"] == [
        "'Attendance'!A1:B1",
        "'Attendance'!E2:E4",
        "'Attendance'!A3",
    ]


def test_values_batch_get_spans_tabs(gc: gspread.Client, key: str, fake: FakeSheets) -> None:
    fake.human(key, "Log").set_cell("A1", "started")
    answer = gc.open_by_key(key).values_batch_get(["'Attendance'!A1", "Log!A1:A"])
    assert [r.get("values") for r in answer["valueRanges"]] == [[["Name"]], [["started"]]]
    assert answer["valueRanges"][1]["range"] == "Log!A1:A1000"


def test_titles_with_quotes_slashes_and_colons_survive_the_url(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    title = "Jon's 6/15: swim"
    ws = gc.open_by_key(fake.create_spreadsheet({title: [["x"]]})).sheet1
    ws.append_rows([["y"]])
    assert ws.get("A1:A2") == [["x"], ["y"]]
    assert ws.get("A1:A2").range == "'Jon''s 6/15: swim'!A1:A2"
