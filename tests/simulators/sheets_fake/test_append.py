"""Appending rows: table detection, INSERT_ROWS vs OVERWRITE (reference §1.7, §4.2)."""

from __future__ import annotations

import gspread

from tests.fakes.sheets import FakeSheets
from tests.simulators.sheets_fake.conftest import seed


def test_append_rows_insert_rows_writes_after_the_table_and_shifts_rows_below(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = seed(fake, [["Run", "Rows"], ["r1", 3], [], ["note below the table"]])
    ws = gc.open_by_key(key).sheet1
    answer = ws.append_rows(
        [["r2", 4], ["r3", 5]], insert_data_option="INSERT_ROWS", table_range="A1"
    )
    assert answer["tableRange"] == "Attendance!A1:B2"
    assert answer["updates"]["updatedRange"] == "Attendance!A3:B4"
    assert fake.values(key, "Attendance") == [
        ["Run", "Rows"], ["r1", 3], ["r2", 4], ["r3", 5], [], ["note below the table"]
    ]  # fmt: skip
    assert fake.sheet(key, "Attendance").row_count == 1002
    assert fake.log[-1].query == {
        "valueInputOption": ["RAW"],
        "insertDataOption": ["INSERT_ROWS"],
    }


def test_overwrite_fills_empty_rows_and_grows_only_past_the_end(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"Log": [["a"], ["b"]]}, row_count=3)
    ws = gc.open_by_key(key).sheet1
    ws.append_rows([["c"], ["d"]])
    assert fake.values(key, "Log") == [["a"], ["b"], ["c"], ["d"]]
    assert fake.sheet(key, "Log").row_count == 4


def test_append_starts_at_the_tables_first_column(gc: gspread.Client, fake: FakeSheets) -> None:
    key = seed(fake, [[], ["", "", "h1", "h2"], ["", "", "x", "y"]])
    ws = gc.open_by_key(key).sheet1
    answer = ws.append_rows([["z", "w"]])
    assert answer["tableRange"] == "Attendance!C2:D3"
    assert fake.values(key, "Attendance")[3] == ["", "", "z", "w"]


def test_append_to_an_empty_sheet_has_no_table_range(gc: gspread.Client, fake: FakeSheets) -> None:
    ws = gc.open_by_key(seed(fake, [])).sheet1
    answer = ws.append_rows([["first"]])
    assert "tableRange" not in answer
    assert answer["updates"]["updatedRange"] == "Attendance!A1"


def test_append_grows_columns_when_rows_are_wider_than_the_grid(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"Log": []}, column_count=2)
    gc.open_by_key(key).sheet1.append_rows([["a", "b", "c", "d"]])
    assert fake.sheet(key, "Log").col_count == 4


def test_gspread_insert_rows_lands_exactly_at_the_row(gc: gspread.Client, fake: FakeSheets) -> None:
    key = seed(fake, [["h"], ["r1"], ["r2"]])
    ws = gc.open_by_key(key).sheet1
    ws.insert_rows([["new"]], row=2)  # insertDimension, then append at 'Attendance'!A2
    assert fake.values(key, "Attendance") == [["h"], ["new"], ["r1"], ["r2"]]
    assert fake.counts().by_endpoint["spreadsheets.batchUpdate"] == 1
    assert fake.counts().by_endpoint["values.append"] == 1


def test_gspread_insert_cols_lands_exactly_at_the_column(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = seed(fake, [["h1", "h2"], ["a", "b"]])
    ws = gc.open_by_key(key).sheet1
    ws.insert_cols([["c1", "c2"]], col=2)  # insertDimension, then a COLUMNS append at B1
    assert fake.values(key, "Attendance") == [["h1", "c1", "h2"], ["a", "c2", "b"]]
