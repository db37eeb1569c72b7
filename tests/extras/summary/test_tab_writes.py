"""``write_tab`` on each backend: the tab is made when missing, replaced whole in one batch
(nothing stale left by a longer grid), written as raw values, the same grid twice leaves the
same tab, and the attendance tab is never touched."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sync.sheet.localfile import LocalSheet
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.sheet.conftest import google_sheet

ATTENDANCE = [["Date", "Name", "Payment"], ["6/15", "Ann Lee", "cash"]]
LONG: list[list[Any]] = [
    ["Summary", "", ""],
    ["Last updated", "Mon 15 Jun 08:00", ""],
    ["Attendees", 3, ""],
    ['=HYPERLINK("x")', "+44 7700", "-1"],
    ["Row 2 · Ann Lee", "Missing Email.", "https://docs.google.com/…"],
]
SHORT: list[list[Any]] = [["Summary", "", ""], ["Attendees", 2, True]]


@pytest.fixture
def fake() -> FakeSheets:
    return build_fake_sheets(reads_per_minute=None, writes_per_minute=None)


@pytest.fixture
def server(fake: FakeSheets) -> Iterator[FakeSheetsServer]:
    with FakeSheetsServer(fake) as running:
        yield running


def test_google_tab_is_made_then_replaced_whole_in_one_request_each(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": ATTENDANCE})
    sheet = google_sheet(server, key)
    sheet.read()
    sheet.write_tab("Summary", LONG)
    assert fake.values(key, "Summary") == [
        ["Summary"],
        ["Last updated", "Mon 15 Jun 08:00"],
        ["Attendees", 3],
        ['=HYPERLINK("x")', "+44 7700", "-1"],
        ["Row 2 · Ann Lee", "Missing Email.", "https://docs.google.com/…"],
    ]
    assert fake.cells(key, "Summary")["A4"] == {"stringValue": '=HYPERLINK("x")'}  # not a formula
    before = fake.counts()
    sheet.write_tab("Summary", SHORT)
    sheet.write_tab("Summary", SHORT)  # the same grid again: the same tab
    after = fake.counts()
    assert fake.values(key, "Summary") == [["Summary"], ["Attendees", 2, True]]
    assert after.by_endpoint == {
        **before.by_endpoint,
        "spreadsheets.batchUpdate": before.by_endpoint["spreadsheets.batchUpdate"] + 2,
    }  # one batch per write, and no metadata read once the tab is known
    assert fake.values(key, "Attendance") == ATTENDANCE


def test_google_tab_grows_when_the_grid_is_longer_than_the_tab(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": ATTENDANCE})
    sheet = google_sheet(server, key)
    sheet.write_tab("Summary", SHORT)
    tall = [[f"line {i}", i, ""] for i in range(250)]
    sheet.write_tab("Summary", tall)
    assert len(fake.values(key, "Summary")) == 250
    assert fake.sheet(key, "Summary").row_count >= 250


def test_google_refuses_to_write_the_attendance_tab(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": ATTENDANCE})
    with pytest.raises(ValueError, match="attendance tab"):
        google_sheet(server, key).write_tab("attendance", SHORT)
    assert fake.values(key, "Attendance") == ATTENDANCE


def test_google_row_link_names_the_tab_and_row(fake: FakeSheets, server: FakeSheetsServer) -> None:
    key = fake.create_spreadsheet({"Attendance": ATTENDANCE})
    assert google_sheet(server, key).row_link(7) == (
        f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0&range=A7"
    )


def test_xlsx_gets_a_worksheet_replaced_whole_and_the_attendance_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "attendance.xlsx"
    sheet = LocalSheet(path)
    sheet.create(ATTENDANCE)
    sheet.write_tab("Summary", LONG)
    sheet.write_tab("Summary", SHORT)
    book = load_workbook(path)
    assert book.sheetnames == ["Sheet", "Summary"]
    assert [list(r) for r in book["Summary"].iter_rows(values_only=True)] == [
        ["Summary", None, None],
        ["Attendees", 2, True],
    ]
    assert sheet.read() == ATTENDANCE
    sheet.write_tab("Summary", LONG)
    formula = load_workbook(path)["Summary"]["A4"]
    assert (formula.value, formula.data_type) == ('=HYPERLINK("x")', "s")  # text
    with pytest.raises(ValueError, match="attendance tab"):
        sheet.write_tab("Sheet", SHORT)
    assert sheet.row_link(2) is None


def test_csv_keeps_the_tab_in_a_file_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "attendance.csv"
    sheet = LocalSheet(path)
    sheet.create(ATTENDANCE)
    sheet.write_tab("Summary", LONG)
    sheet.write_tab("Summary", SHORT)
    beside = tmp_path / "attendance.Summary.csv"
    assert sheet.tab_path("Summary") == beside
    with beside.open(newline="") as handle:
        assert list(csv.reader(handle)) == [["Summary", "", ""], ["Attendees", "2", "True"]]
    sheet.write_tab("Summary", LONG)
    with beside.open(newline="") as handle:
        assert list(csv.reader(handle))[3] == ['\'=HYPERLINK("x")', "'+44 7700", "'-1"]
    assert sheet.read() == ATTENDANCE


def test_nothing_is_written_beside_a_sheet_that_does_not_exist(tmp_path: Path) -> None:
    LocalSheet(tmp_path / "missing.xlsx").write_tab("Summary", SHORT)
    assert list(tmp_path.iterdir()) == []
