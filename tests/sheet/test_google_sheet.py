"""The Google side through real gspread: one read per idle cycle, daemon cells only, RAW,
each value on its own row whatever volunteers do between the read and the write."""

from __future__ import annotations

import random

import pytest

from sync.sheet.session import SheetSession
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, Fault
from tests.sheet.conftest import HEADER, google_sheet, rows


def _session(fake: FakeSheets, server: FakeSheetsServer, n: int = 5) -> tuple[SheetSession, str]:
    key = fake.create_spreadsheet({"Attendance": rows(n)})
    return SheetSession(google_sheet(server, key)), key


def test_first_read_appends_the_daemon_columns_relatively(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    session, key = _session(fake, server)
    snapshot = session.read()
    header = fake.values(key, "Attendance")[0]
    assert header == [*HEADER, "Booking ID", "Order ID", "Status", "Error", "Synced at", "Row ID"]
    assert len(snapshot.rows) == 5
    assert all(r.new for r in snapshot.rows)


def test_daemon_columns_grow_a_narrow_grid_without_shrinking_it(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(2)})
    sheet_id = fake.describe(key)["sheets"][0]["properties"]["sheetId"]
    session = SheetSession(google_sheet(server, key, gid=sheet_id))
    # someone trimmed the grid to the seven used columns
    session.backend.spreadsheet.batch_update(
        {
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sheet_id, "gridProperties": {"columnCount": 7}},
                        "fields": "gridProperties.columnCount",
                    }
                }
            ]
        }
    )
    session.backend._worksheet = None
    session.read()
    grid = fake.describe(key)["sheets"][0]["properties"]["gridProperties"]
    assert grid["columnCount"] == 13
    assert fake.values(key, "Attendance")[1][:7] == rows(2)[1]


def test_idle_cycle_is_one_read_and_no_write(fake: FakeSheets, server: FakeSheetsServer) -> None:
    session, _key = _session(fake, server)
    snapshot = session.read()
    session.write_back(snapshot, {r.row_id: {"status": "Booked"} for r in snapshot.rows})
    before = fake.counts()
    snapshot = session.read()
    session.write_back(snapshot, {})
    after = fake.counts()
    assert (after.reads - before.reads, after.writes - before.writes) == (1, 0)


def test_a_cycle_with_changes_is_two_reads_and_one_raw_write(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    session, _key = _session(fake, server, 100)
    session.read()  # adds the daemon columns once
    before = fake.counts()
    snapshot = session.read()
    session.write_back(
        snapshot,
        {r.row_id: {"status": "Booked", "booking_id": "b" + r.row_id} for r in snapshot.rows},
    )
    after = fake.counts()
    assert (after.reads - before.reads, after.writes - before.writes) == (2, 1)
    assert set(after.value_input_options) == {"RAW"}


def test_formula_like_values_are_stored_as_text(fake: FakeSheets, server: FakeSheetsServer) -> None:
    session, key = _session(fake, server, 1)
    fake.human(key, "Attendance").set_cell("C2", '=IMPORTXML("http://x","//a")', input="RAW")
    snapshot = session.read()
    row = snapshot.rows[0]
    assert row.cells["name"] == '=IMPORTXML("http://x","//a")'
    session.write_back(snapshot, {row.row_id: {"error": "=1+1", "status": "+44 @home -x"}})
    cells = fake.cells(key, "Attendance")
    assert cells["K2"] == {"stringValue": "=1+1"}, "written RAW: text, not a formula"
    assert cells["J2"] == {"stringValue": "+44 @home -x"}
    values = fake.values(key, "Attendance")
    assert values[1][HEADER.index("Name")] == '=IMPORTXML("http://x","//a")'
    assert values[1][10] == "=1+1"


def test_renamed_tab_is_found_again_by_its_id(fake: FakeSheets, server: FakeSheetsServer) -> None:
    session, key = _session(fake, server, 2)
    session.read()
    fake.human(key, "Attendance").rename("Monday class")
    assert len(session.read().rows) == 2


def test_transient_google_errors_are_retried(fake: FakeSheets, server: FakeSheetsServer) -> None:
    session, _key = _session(fake, server, 2)
    session.read()
    fake.faults.add(Fault(endpoint="values.get", kind="error", status=503, times=2))
    assert len(session.read().rows) == 2


@pytest.mark.parametrize("seed", range(200))
def test_volunteers_editing_between_read_and_write_never_misplace_a_value(
    fake: FakeSheets, server: FakeSheetsServer, seed: int
) -> None:
    rng = random.Random(seed)
    session, key = _session(fake, server, rng.randint(3, 12))
    first = session.read()
    session.write_back(
        first,
        {
            r.row_id: {"booking_id": f"B-{r.cells['name']}"}
            for r in first.rows
            if rng.random() < 0.5
        },
    )
    snapshot = session.read()
    human = fake.human(key, "Attendance")
    for _ in range(rng.randint(1, 4)):
        count = len(fake.values(key, "Attendance"))
        action = rng.choice(["insert", "delete", "sort", "type"])
        if action == "insert":
            human.insert_rows(above=rng.randint(2, count))
        elif action == "delete" and count > 2:
            human.delete_rows(rng.randint(2, count))
        elif action == "sort":
            human.sort("Email", descending=rng.random() < 0.5)
        elif count > 1:
            row = rng.randint(2, count)
            human.set_cell(f"F{row}", f"typed {rng.random():.6f}")  # a person's Plan cell
    people_before = _people_cells(fake.values(key, "Attendance"))
    session.write_back(
        snapshot,
        {
            r.row_id: {"booking_id": f"B-{r.cells['name']}", "status": f"S-{r.cells['name']}"}
            for r in snapshot.rows
        },
    )
    grid = fake.values(key, "Attendance")
    assert _people_cells(grid) == people_before, f"seed {seed}: a person's cell changed"
    header = grid[0]
    name, booking, status = (header.index(h) for h in ("Name", "Booking ID", "Status"))
    for line in grid[1:]:
        line = line + [""] * (len(header) - len(line))
        if line[booking]:
            assert line[booking] == f"B-{line[name]}", f"seed {seed}: misplaced booking id"
        if line[status]:
            assert line[status] == f"S-{line[name]}", f"seed {seed}: misplaced status"


def _people_cells(grid: list[list[object]]) -> list[list[object]]:
    width = len(HEADER)
    return [(list(line) + [""] * width)[:width] for line in grid]
