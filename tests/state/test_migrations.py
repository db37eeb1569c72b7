"""Upgrades: a state file written at any earlier schema is migrated on start (by
``connect``), keeps what it held, and ends at the newest schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sync.engine.rowstate import RowState, RowStates
from sync.state import Journal, Point, connect
from sync.state.db import MIGRATIONS, schema_version


def _state_at(path: Path, applied: int) -> None:
    """A state file as a release that knew only the first ``applied`` migrations left it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, sql in MIGRATIONS[:applied]:
        for statement in filter(str.strip, sql.split(";")):
            db.execute(statement)
        db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "rows" in tables:  # a booked, paid row, as that release wrote it
        db.execute(
            "INSERT INTO rows (row_id, point, booking_id, order_id, paid_via, updated_at) "
            "VALUES ('r1', 'paid', 'b-1', 'o-1', 'cash', '2026-06-15T14:00:00+00:00')"
        )
    if "sheet_rows" in tables:
        db.execute(
            "INSERT INTO sheet_rows (row_id, fingerprint, identity, written, seen_at) "
            "VALUES ('r1', 'f1', 'ana@example.org|open water swim|2026-06-15|', "
            "'{\"status\": \"Booked · paid cash\"}', '2026-06-15T14:00:00+00:00')"
        )
    db.close()


@pytest.mark.parametrize("applied", range(len(MIGRATIONS) + 1), ids=lambda n: f"from-{n:04d}")
def test_a_state_file_from_every_earlier_schema_is_migrated_on_start(
    tmp_path: Path, applied: int
) -> None:
    path = tmp_path / "state.sqlite3"
    _state_at(path, applied)
    db = connect(path)
    assert schema_version(db) == MIGRATIONS[-1][0]
    names = [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == sorted(name for name, _ in MIGRATIONS)
    if applied >= 1:
        record = Journal(db).get("r1")
        assert (record.point, record.booking_id, record.order_id) == (Point.PAID, "b-1", "o-1")
    if applied >= 2:
        state = RowStates(db).load()["r1"]
        assert state.written == {"status": "Booked · paid cash"}
    # and the migrated file works: the daemon can write to every table it uses
    Journal(db).advance("r2", Point.CONTACT, contact_id="c-2")
    RowStates(db).save([RowState("r2", "f2")])
    db.close()
    again = connect(path)  # a second start migrates nothing
    assert schema_version(again) == MIGRATIONS[-1][0]


def test_migration_names_are_ordered_and_unique() -> None:
    names = [name for name, _ in MIGRATIONS]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    assert all(name[:4].isdigit() for name in names)
