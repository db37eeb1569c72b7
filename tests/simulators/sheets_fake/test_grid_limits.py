"""The grid bounds writes and reads with Google's exact messages; only append and
``appendDimension`` grow it (reference §1.6, §1.8, §4.2)."""

from __future__ import annotations

import gspread
import pytest

from tests.fakes.sheets import FakeSheets


@pytest.fixture
def small(gc: gspread.Client, fake: FakeSheets) -> gspread.Spreadsheet:
    key = fake.create_spreadsheet({"Sheet1": [["a"]], "Sheet2": []}, row_count=400, column_count=3)
    return gc.open_by_key(key)


def error_of(call: object) -> str:
    with pytest.raises(gspread.exceptions.APIError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.code == 400
    return str(caught.value.error["message"])


def test_a_write_starting_outside_the_grid_exceeds_grid_limits(small: gspread.Spreadsheet) -> None:
    ws = small.worksheet("Sheet1")
    assert error_of(lambda: ws.update([["x"]], "A401")) == (
        "Range (Sheet1!A401) exceeds grid limits. Max rows: 400, max columns: 3"
    )


def test_a_write_running_past_the_last_row_names_the_row(small: gspread.Spreadsheet) -> None:
    ws = small.worksheet("Sheet2")
    rows = [["x"]] * 400
    assert error_of(lambda: ws.update(rows, "A2")) == (
        "Requested writing within range [Sheet2!A2:C400], but tried writing to row [401]"
    )


def test_a_write_wider_than_its_range_names_the_column(small: gspread.Spreadsheet) -> None:
    ws = small.worksheet("Sheet2")
    assert error_of(lambda: ws.update([["a", "b", "c"]], "A1:B1")) == (
        "Requested writing within range [Sheet2!A1:B1], but tried writing to column [C]"
    )


def test_a_read_outside_the_grid_is_refused_too(small: gspread.Spreadsheet) -> None:
    ws = small.worksheet("Sheet1")
    assert error_of(lambda: ws.get("D1:E2")) == (
        "Range (Sheet1!D1:E2) exceeds grid limits. Max rows: 400, max columns: 3"
    )


def test_append_dimension_grows_columns_relative_to_the_current_grid(
    small: gspread.Spreadsheet, fake: FakeSheets
) -> None:
    ws = small.worksheet("Sheet1")
    fake.human(small.id, "Sheet1")  # a volunteer could have grown it meanwhile: still safe
    small.batch_update(
        {"requests": [{"appendDimension": {"sheetId": ws.id, "dimension": "COLUMNS", "length": 4}}]}
    )
    assert fake.sheet(small.id, "Sheet1").col_count == 7
    ws.update([["Booking ID", "Order ID", "Status", "Error"]], "D1")
    assert fake.values(small.id, "Sheet1") == [
        ["a", "", "", "Booking ID", "Order ID", "Status", "Error"]
    ]


def test_resize_from_a_stale_worksheet_shrinks_the_grid_and_deletes_data(
    small: gspread.Spreadsheet, fake: FakeSheets
) -> None:
    ws = small.worksheet("Sheet1")  # cached col_count: 3
    small.batch_update(
        {"requests": [{"appendDimension": {"sheetId": ws.id, "dimension": "COLUMNS", "length": 2}}]}
    )
    fake.human(small.id, "Sheet1").set_cell("E1", "typed by a volunteer")
    ws.add_cols(1)  # resize(cols=3 + 1): the hazard reference §1.8 warns about
    assert fake.sheet(small.id, "Sheet1").col_count == 4
    assert fake.values(small.id, "Sheet1") == [["a"]]


def test_the_workbook_cell_limit(small: gspread.Spreadsheet) -> None:
    request = {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 4_000_000}}
    assert error_of(lambda: small.batch_update({"requests": [request]})) == (
        "Invalid requests[0].appendDimension: This action would increase the number of cells "
        "in the workbook above the limit of 10000000 cells."
    )
