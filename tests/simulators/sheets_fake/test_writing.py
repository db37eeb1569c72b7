"""Writing values: RAW vs USER_ENTERED, nulls and empty strings (reference §1.6, §4.2)."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
from gspread.utils import ValueRenderOption, absolute_range_name

from tests.fakes.sheets import FakeSheets


def batch(sh: gspread.Spreadsheet, option: str, *data: tuple[str, list[list[Any]]]) -> Any:
    return sh.values_batch_update(
        {"valueInputOption": option, "data": [{"range": r, "values": v} for r, v in data]}
    )


def test_raw_batch_update_skips_nulls_and_clears_empty_strings(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    row = [None, None, "paid?", "", "BK-1"]  # keep A:B, overwrite C, clear D, write E
    answer = batch(sh, "RAW", (absolute_range_name("Attendance", "A2:E2"), [row]))
    assert fake.values(key, "Attendance")[1] == ["Ann Lee", "Open Water", "paid?", "", "BK-1"]
    assert answer["responses"][0]["updatedRange"] == "Attendance!A2:E2"
    assert answer["totalUpdatedCells"] == 3
    assert fake.counts().value_input_options == {"RAW": 1}


def test_one_batch_writes_several_ranges_and_tabs(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    answer = batch(sh, "RAW", ("'Attendance'!E2", [["BK-1"]]), ("'Log'!A1:B1", [["run", 1]]))
    assert answer["totalUpdatedSheets"] == 2
    assert fake.cells(key, "Attendance")["E2"] == {"stringValue": "BK-1"}
    assert fake.cells(key, "Log") == {"A1": {"stringValue": "run"}, "B1": {"numberValue": 1}}


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+4477", "-5", "@user", "0012", "TRUE"])
def test_raw_text_that_looks_like_a_formula_or_number_stays_text(
    ws: gspread.Worksheet, key: str, fake: FakeSheets, text: str
) -> None:
    ws.update([[text]], "E2")  # gspread's update is RAW by default
    assert fake.cells(key, "Attendance")["E2"] == {"stringValue": text}
    for option in ValueRenderOption:
        assert ws.get("E2", value_render_option=option) == [[text]]


def test_user_entered_keeps_a_formula_as_a_formula(
    ws: gspread.Worksheet, key: str, fake: FakeSheets
) -> None:
    ws.update([["=1+2", "=SUM(A1:A3)"]], "E2", raw=False)
    assert fake.cells(key, "Attendance")["E2"] == {"formulaValue": "=1+2"}
    assert fake.counts().value_input_options == {"USER_ENTERED": 1}
    assert ws.get("E2:F2", value_render_option=ValueRenderOption.formula) == [
        ["=1+2", "=SUM(A1:A3)"]
    ]
    assert ws.get("E2", value_render_option=ValueRenderOption.unformatted) == [[3]]


def test_user_entered_parses_numbers_booleans_and_the_apostrophe(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    batch(sh, "USER_ENTERED", ("Log!A1:F1", [["53", "-1.5", "true", "'0012", "1,234", "hello"]]))
    assert gc.open_by_key(key).worksheet("Log").get(
        "A1:F1", value_render_option=ValueRenderOption.unformatted
    ) == [[53, -1.5, True, "0012", 1234, "hello"]]


def test_a_text_number_format_keeps_typed_digits_as_text(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(key).worksheet("Attendance")
    ws.format("D2:D", {"numberFormat": {"type": "TEXT"}})  # a repeatCell in :batchUpdate
    ws.update([["0012"]], "D5", raw=False)
    assert fake.cells(key, "Attendance")["D5"] == {"stringValue": "0012"}
    assert fake.describe(key)["sheets"][0]["numberFormats"]["D1000"] == "TEXT"


def test_value_input_option_is_required(gc: gspread.Client, key: str) -> None:
    sh = gc.open_by_key(key)
    with pytest.raises(gspread.exceptions.APIError) as caught:
        sh.values_batch_update({"data": [{"range": "Log!A1", "values": [["x"]]}]})
    assert (
        caught.value.error["message"] == "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
    )
    with pytest.raises(gspread.exceptions.APIError) as caught:
        sh.values_update("Log!A1", params={}, body={"values": [["x"]]})
    assert caught.value.error["message"] == "'valueInputOption' is required but not specified"


def test_a_failing_range_in_a_batch_writes_nothing(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    with pytest.raises(gspread.exceptions.APIError):
        batch(sh, "RAW", ("Log!A1", [["first"]]), ("Nope!A1", [["second"]]))
    assert fake.cells(key, "Log") == {}


def test_a_nested_value_is_refused(gc: gspread.Client, key: str) -> None:
    with pytest.raises(gspread.exceptions.APIError) as caught:
        batch(gc.open_by_key(key), "RAW", ("Log!A1", [[{"a": 1}]]))
    assert caught.value.code == 400
    assert "Invalid value at 'data[0].values[0][0]'" in caught.value.error["message"]


def test_include_values_in_response_echoes_the_written_cells(ws: gspread.Worksheet) -> None:
    answer = ws.update([[1, "=2*3"]], "E2", raw=False, include_values_in_response=True)
    assert answer["updatedData"] == {
        "range": "Attendance!E2:F2",
        "majorDimension": "ROWS",
        "values": [["1", "6"]],
    }


def test_clear_and_batch_clear_empty_values_but_keep_the_grid(
    ws: gspread.Worksheet, key: str, fake: FakeSheets
) -> None:
    assert ws.batch_clear(["A2:B2", "D:D"])["clearedRanges"] == [
        "Attendance!A2:B2",
        "Attendance!D1:D1000",
    ]
    assert fake.values(key, "Attendance")[1] == ["", "", "cash"]
    ws.clear()
    assert fake.values(key, "Attendance") == []
    assert fake.sheet(key, "Attendance").row_count == 1000
