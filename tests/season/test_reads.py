"""Issue 16: a sheet read as it was costs the request, not the decoding of every row — and a
change, by a volunteer or by the daemon, is always read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.sheet.base import CellWrite
from sync.sheet.localfile import LocalSheet
from sync.sheet.session import SheetSession
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.sheet.conftest import google_sheet

HEADER = ["Date", "Time", "Class", "Name", "Email", "Payment", "Plan", "Attended"]
ROWS = [HEADER] + [
    ["6/15", "06:30", "Open Water Swim", f"Swimmer {i}", f"s{i}@example.org", "cash", "", True]
    for i in range(4)
]


@pytest.fixture
def fake() -> Iterator[tuple[FakeSheets, FakeSheetsServer]]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        yield fake, server


def test_an_unchanged_google_sheet_is_one_request_decoded_once(
    fake: tuple[FakeSheets, FakeSheetsServer],
) -> None:
    sheets, server = fake
    key = sheets.create_spreadsheet({"Attendance": ROWS})
    sheet = google_sheet(server, key)
    first = sheet.read()
    before = sheets.counts().reads
    again = sheet.read()
    assert sheets.counts().reads == before + 1, "still one request per read"
    assert again is first
    sheets.human(key, "Attendance").set_cell("F3", "unpaid")
    edited = sheet.read()
    assert edited is not first
    assert edited[2][5] == "unpaid"
    assert first[2][5] == "cash", "a grid handed out is never changed"


def test_an_unchanged_local_file_is_parsed_once_and_a_write_is_read(tmp_path: Path) -> None:
    sheet = LocalSheet(tmp_path / "attendance.csv")
    sheet.create([[str(c) for c in row] for row in ROWS])
    first = sheet.read()
    assert sheet.read() is first
    sheet.write([CellWrite(1, 5, "unpaid")])
    assert sheet.read()[1][5] == "unpaid"
    assert first[1][5] == "cash", "a grid handed out is never changed"


def test_a_session_reads_each_change_between_reads(
    fake: tuple[FakeSheets, FakeSheetsServer],
) -> None:
    sheets, server = fake
    key = sheets.create_spreadsheet({"Attendance": ROWS})
    session = SheetSession(google_sheet(server, key))
    snapshot = session.read()
    session.write_back(snapshot, {r.row_id: {"status": "Booked"} for r in snapshot.rows})
    before = {r.row_id: r for r in session.read().rows}
    human = sheets.human(key, "Attendance")
    human.set_cell("E4", "new.address@example.org")  # a volunteer fixes Swimmer 2's email
    human.insert_rows(above=2)  # and inserts a row above the class
    after = {r.row_id: r for r in session.read().rows}
    assert set(after) == set(before)
    for row_id, was in before.items():
        now = after[row_id]
        assert now.index == was.index + 1, "each row where it is now"
        edited = was.cells.get("name") == "Swimmer 2"
        assert (now.fingerprint != was.fingerprint) == edited
        email = "new.address@example.org" if edited else was.cells.get("email")
        assert now.cells.get("email") == email
