"""Opening a spreadsheet and selecting a worksheet (reference §1.4)."""

from __future__ import annotations

import gspread
import pytest

from tests.fakes.sheets import FakeSheets


def test_open_by_key_reads_the_metadata_once(
    gc: gspread.Client, fake: FakeSheets, key: str
) -> None:
    sh = gc.open_by_key(key)
    assert sh.id == key
    assert sh.title == "wixsync test sheet"
    assert sh.locale == "en_US"
    assert fake.counts().by_endpoint == {"token": 1, "spreadsheets.get": 1}
    assert fake.log[-1].query == {"includeGridData": ["false"]}


def test_open_by_url_extracts_the_key(gc: gspread.Client, key: str) -> None:
    sh = gc.open_by_url(f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0")
    assert sh.id == key


def test_worksheet_by_id_survives_a_rename(gc: gspread.Client, fake: FakeSheets, key: str) -> None:
    sh = gc.open_by_key(key)
    gid = sh.worksheet("Log").id
    fake.human(key, "Log").rename("Run log")
    ws = sh.get_worksheet_by_id(gid)
    assert ws.title == "Run log"


def test_the_first_sheet_has_gid_0_and_google_grid_defaults(gc: gspread.Client, key: str) -> None:
    ws = gc.open_by_key(key).sheet1
    assert ws.id == 0
    assert (ws.row_count, ws.col_count) == (1000, 26)
    assert ws._properties["sheetType"] == "GRID"


def test_unknown_key_is_spreadsheet_not_found(gc: gspread.Client) -> None:
    with pytest.raises(gspread.SpreadsheetNotFound):
        gc.open_by_key("no-such-spreadsheet")


def test_a_renamed_tab_breaks_ranges_with_unable_to_parse_range(
    ws: gspread.Worksheet, fake: FakeSheets, key: str
) -> None:
    fake.human(key, "Attendance").rename("Attendance 2026")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get_all_values()
    assert caught.value.code == 400
    assert caught.value.error["status"] == "INVALID_ARGUMENT"
    assert caught.value.error["message"] == "Unable to parse range: 'Attendance'"
