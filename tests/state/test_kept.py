"""The journal and the row states are read from SQLite once per process and then kept in
memory; every write goes to SQLite first, in its own transaction, and reaches memory only
once committed — so a crash loses nothing, another process sees the truth at once, and a
write made by another connection is seen by the next read."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.engine.rowstate import RowState, RowStates
from sync.state import Journal, Point, connect


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "state.sqlite3"
    db = connect(path)
    journal, states = Journal(db), RowStates(db)
    for i in range(3):
        journal.advance(f"r{i}", Point.BOOKED, booking_id=f"b{i}", contact_id=f"c{i}")
    states.save([RowState(f"r{i}", f"f{i}", f"s{i}@x.org|swim|2026-06-15|06:30") for i in range(3)])
    db.close()
    return path


class Reads:
    """The statements a connection runs that read a kept table whole."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.statements: list[str] = []
        db.set_trace_callback(self.statements.append)

    def of(self, table: str) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith("SELECT")
                and f"FROM {table}".upper() in s.upper()]  # fmt: skip


@pytest.fixture
def db(path: Path) -> Iterator[sqlite3.Connection]:
    db = connect(path)
    yield db
    db.close()


def test_the_journal_is_read_from_sqlite_once_then_from_memory(db: sqlite3.Connection) -> None:
    reads = Reads(db)
    journal = Journal(db)
    assert [r.booking_id for r in journal.all()] == ["b0", "b1", "b2"]
    for _ in range(3):
        assert journal.get("r1").booking_id == "b1"
        assert journal.by_row()["r2"].contact_id == "c2"
        journal.all()
    assert len(reads.of("rows")) == 1


def test_row_states_are_read_from_sqlite_once_then_from_memory(db: sqlite3.Connection) -> None:
    reads = Reads(db)
    states = RowStates(db)
    for _ in range(3):
        assert states.load()["r0"].fingerprint == "f0"
    assert len(reads.of("sheet_rows")) == 1


def test_every_journal_and_row_state_on_one_connection_share_what_is_kept(
    db: sqlite3.Connection,
) -> None:
    mine, theirs = Journal(db), Journal(db)
    mine.all()
    theirs.advance("r0", Point.PAID, paid_via="cash")
    assert mine.get("r0").point == Point.PAID
    RowStates(db).load()
    RowStates(db).save([RowState("r0", "edited")])
    assert RowStates(db).load()["r0"].fingerprint == "edited"


def test_a_write_is_in_sqlite_when_it_returns(db: sqlite3.Connection, path: Path) -> None:
    journal, states = Journal(db), RowStates(db)
    journal.all(), states.load()
    journal.advance("r1", Point.PAID, paid_via="cash")
    states.save([RowState("r1", "f1-edited")])
    other = sqlite3.connect(path)  # `wixsync status`, or a second deployment
    assert other.execute("SELECT point FROM rows WHERE row_id = 'r1'").fetchone() == ("paid",)
    row = other.execute("SELECT fingerprint FROM sheet_rows WHERE row_id = 'r1'").fetchone()
    assert row == ("f1-edited",)
    other.close()


def test_a_write_by_another_connection_is_seen_by_the_next_read(
    db: sqlite3.Connection, path: Path
) -> None:
    journal, states = Journal(db), RowStates(db)
    assert journal.get("r2").point == Point.BOOKED
    assert "r9" not in states.load()
    other = connect(path)
    Journal(other).advance("r2", Point.CANCELLED)
    RowStates(other).save([RowState("r9", "f9")])
    RowStates(other).forget(["r0"])
    other.close()
    assert journal.get("r2").point == Point.CANCELLED
    assert set(states.load()) == {"r1", "r2", "r9"}


def test_a_write_that_fails_leaves_memory_as_sqlite_has_it(db: sqlite3.Connection) -> None:
    journal = Journal(db)
    journal.all()
    with pytest.raises(sqlite3.IntegrityError):  # "one booking per row" is a constraint
        journal.advance("r1", Point.BOOKED, booking_id="b0")
    assert journal.get("r1").booking_id == "b1"
    assert journal.all() == Journal(connect_fresh(db)).all()


def connect_fresh(db: sqlite3.Connection) -> sqlite3.Connection:
    (_, _, file), *_ = db.execute("PRAGMA database_list").fetchall()
    return connect(file)


def test_a_record_changed_by_its_reader_does_not_change_the_journal(
    db: sqlite3.Connection,
) -> None:
    journal = Journal(db)
    record = journal.get("r0")
    record.booking_id = "scribbled"
    assert journal.get("r0").booking_id == "b0"
    assert journal.by_row()["r0"].booking_id == "b0"


def test_an_adopted_record_moves_in_memory_as_in_sqlite(db: sqlite3.Connection) -> None:
    journal = Journal(db)
    journal.all()
    journal.adopt("r7", "r2", "same person and session")
    assert journal.get("r7").booking_id == "b2"
    assert "r2" not in journal.by_row()
    assert journal.all() == Journal(connect_fresh(db)).all()


def test_a_row_whose_booking_was_cancelled_takes_over_another_and_a_booked_one_cannot(
    db: sqlite3.Connection,
) -> None:
    journal = Journal(db)
    journal.advance("r0", Point.CANCELLED, "cancelled")
    journal.adopt("r0", "r2", "same person and session")
    assert journal.get("r0").booking_id == "b2"
    assert journal.get("r0").point != Point.CANCELLED
    with pytest.raises(ValueError, match="already holds a booking"):
        journal.adopt("r1", "r0", "same person and session")


def test_row_numbers_and_forgotten_rows_are_kept_as_written(db: sqlite3.Connection) -> None:
    states = RowStates(db)
    states.load()
    states.place({"r0": 5, "r1": 6, "r2": 7})
    states.forget(["r1"])
    fresh = RowStates(connect_fresh(db)).load()
    assert {k: s.row_number for k, s in states.load().items()} == {"r0": 5, "r2": 7}
    assert {k: s.row_number for k, s in fresh.items()} == {"r0": 5, "r2": 7}


def test_a_crash_right_after_a_write_loses_nothing(path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os
        from sync.state import Journal, Point, connect
        journal = Journal(connect({str(path)!r}))
        journal.all()
        journal.advance("r1", Point.PAID, paid_via="cash", order_id="o1")
        os._exit(9)  # killed: nothing closed, nothing flushed by Python
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == 9
    record = Journal(connect(path)).get("r1")
    assert (record.point, record.order_id) == (Point.PAID, "o1")


def test_on_a_plain_connection_nothing_is_kept(path: Path) -> None:
    plain = sqlite3.connect(path, isolation_level=None)
    plain.row_factory = sqlite3.Row
    mine, theirs = Journal(plain), Journal(plain)
    assert mine.get("r0").point == Point.BOOKED
    theirs.advance("r0", Point.PAID, paid_via="cash")
    assert mine.get("r0").point == Point.PAID
    RowStates(plain).save([RowState("r0", "edited")])
    assert RowStates(plain).load()["r0"].fingerprint == "edited"
    plain.close()
