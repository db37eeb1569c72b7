"""Row identity in the engine and the sheet layer: a Row ID copied onto another row stays
with its own row, a row's day is pinned, and every row is counted once."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from sync.engine.counts import Counts
from sync.engine.meaning import read_day
from sync.engine.rowstate import RowState, RowStates
from sync.sheet import LocalSheet, RowUpdate, match_headers, place
from sync.sheet.session import SheetSession
from sync.state import connect
from sync.words import dated, row_counts, session_when

HEADER = ["Date", "Class", "Name", "Email", "Payment", "Booking ID", "Status", "Row ID"]
ZOE = ["6/15", "Open Water Swim", "Zoe Quinn", "zoe@x.org", "cash", "b-zoe", "Booked", "r-zoe"]


def _session(tmp_path: Path, rows: list[list[str]], keeper=None) -> SheetSession:
    sheet = LocalSheet(tmp_path / "a.csv")
    sheet.create([HEADER, *rows])
    return SheetSession(sheet, keeper=keeper)


def test_a_row_id_on_two_rows_stays_with_the_row_the_keeper_names(tmp_path: Path) -> None:
    copy = [*ZOE[:2], "Mia Chen", "mia@x.org", *ZOE[4:]]  # pasted above, typed over
    picked: list[list[str]] = []

    def keeper(row_id: str, rows: list) -> int:
        picked.append([r.cells["name"] for r in rows])
        return 1  # the original, below the copy

    snapshot = _session(tmp_path, [copy, ZOE], keeper).read()
    assert picked == [["Mia Chen", "Zoe Quinn"]]
    mia, zoe = snapshot.rows
    assert (zoe.row_id, zoe.new) == ("r-zoe", False)
    assert mia.new
    assert mia.row_id != "r-zoe"
    assert snapshot.duplicate_ids == ["r-zoe"]


def test_without_a_keeper_the_first_row_keeps_a_copied_id(tmp_path: Path) -> None:
    snapshot = _session(tmp_path, [ZOE, [*ZOE[:2], "Mia Chen", "mia@x.org", *ZOE[4:]]]).read()
    assert (snapshot.rows[0].row_id, snapshot.rows[0].new) == ("r-zoe", False)
    assert snapshot.rows[1].new


def test_values_for_a_copied_id_land_on_the_row_read_with_that_content(tmp_path: Path) -> None:
    copy = [*ZOE[:2], "Mia Chen", "mia@x.org", *ZOE[4:]]
    grid = [HEADER, copy, ZOE]
    layout = match_headers(HEADER)
    session = _session(tmp_path, [copy, ZOE], keeper=lambda _id, _rows: 1)
    mia, zoe = session.read().rows
    assert mia.carried == "r-zoe"
    placement = place(
        grid,
        layout,
        [
            RowUpdate("r-zoe", {"status": "Booked · paid cash"}, fingerprint=zoe.fingerprint),
            RowUpdate("r-mia", {"booking_id": "b-mia"}, True, mia.fingerprint, 1, "r-zoe"),
        ],
    )
    assert sorted(placement.placed) == ["r-mia", "r-zoe"]
    cells = {(w.row, HEADER[w.col]): w.value for w in placement.writes}
    assert cells == {
        (2, "Status"): "Booked · paid cash",
        (1, "Booking ID"): "b-mia",
        (1, "Row ID"): "r-mia",
    }


def test_a_new_row_never_takes_the_id_of_a_row_deleted_from_the_sheet(tmp_path: Path) -> None:
    """New rows' ids come from their cells, so a row whose cells make an id the daemon still
    remembers for a row deleted since (booked for someone else) gets another one; the row
    that id was made for — its first write-back lost — gets it back."""
    fresh = [*ZOE[:5], "", "", ""]
    sheet = LocalSheet(tmp_path / "a.csv")
    sheet.create([HEADER, fresh])
    session = SheetSession(sheet)
    made = session.read().rows[0]
    assert made.new

    session.known = lambda: {made.row_id: "the cells of a row deleted since"}
    other = session.read().rows[0]
    assert other.new
    assert other.row_id != made.row_id

    session.known = lambda: {made.row_id: made.fingerprint}
    assert session.read().rows[0].row_id == made.row_id


def test_today_is_read_as_on_the_day_the_row_was_first_read() -> None:
    pinned = RowState("r1", "f", date_typed="today", read_on="2026-06-15")
    later = date(2026, 6, 22)
    assert read_day(pinned, {"date": "today"}, later) == date(2026, 6, 15)
    assert read_day(pinned, {"date": "tomorrow"}, later) == later  # retyped: read anew
    assert read_day(None, {"date": "today"}, later) == later
    assert read_day(RowState("r1", "f"), {"date": "today"}, later) == later  # before 0006


def test_the_pin_and_the_seat_are_remembered(tmp_path: Path) -> None:
    states = RowStates(connect(tmp_path / "s.sqlite3"))
    states.save(
        [
            RowState(
                "r1",
                "f",
                "a|b|c|",
                seat_name="Tom Lee",
                date_typed="today",
                read_on="2026-06-15",
                session_at="2026-06-15T06:30",
            )
        ]
    )
    (back,) = states.load().values()
    assert (back.seat_name, back.date_typed, back.read_on, back.session_at) == (
        "Tom Lee",
        "today",
        "2026-06-15",
        "2026-06-15T06:30",
    )


def test_the_status_names_the_real_session() -> None:
    when = session_when(date(2026, 12, 1), None)
    assert when == "Tue 1 Dec"
    at = session_when(date(2026, 12, 1), time(6, 30))
    assert dated("Booked · paid cash", at) == "Booked · Tue 1 Dec 06:30 · paid cash"
    assert dated("Booked", at) == "Booked · Tue 1 Dec 06:30"
    assert dated(dated("Booked · owes 15.00", at), at) == "Booked · Tue 1 Dec 06:30 · owes 15.00"
    assert dated("Cancelled", at) == "Cancelled"


def test_counts_say_each_row_once_and_add_up() -> None:
    assert row_counts(Counts(22, 7, 0, 0)) == "29 rows: 22 synced · 7 wait for a person (see Error)"
    assert row_counts(Counts(0, 1, 1, 0)) == (
        "2 rows: 1 waits for a person (see Error) · 1 waits for Wix (tried again by itself)"
    )
    assert row_counts(Counts(2, 0, 0, 1), planned=True) == "3 rows: 2 to sync · 1 unchanged"
    assert row_counts(Counts()) == "0 rows"
