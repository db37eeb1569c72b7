"""The archive's records in the state database (migration ``0007_season_archive``).

A move advances through named recovery points, each stored in its own transaction before
the next step starts (like the row journal, :mod:`sync.state.journal`)::

    planned  → the rows chosen, each given its row in the archive tab, its cells recorded
    copied   → the copy was written (the answer came back)
    verified → the copy was read back and matches cell by cell
    deleted  → the originals that still match were deleted; each row is ``archived``, or
               ``kept`` (edited meanwhile: it stays in the attendance tab)
    done     → the copies of the kept rows were taken out of the archive tab again

A restart finds the move where it stopped and resumes from there (:mod:`sync.extras.archive.move`);
every step reads the sheet first, so a step whose answer was lost is never done twice.

``archived_rows`` keeps, for each archived row: the tab and row it went to, the row it was
on, the session's day and its row state as it was (the name, the Status last written) —
what ``wixsync status`` shows for a row no longer in the attendance tab.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sync.extras.archive.cells import Encoded
from sync.extras.archive.select import Candidate
from sync.state.db import transaction


class MovePoint(StrEnum):
    PLANNED = "planned"
    COPIED = "copied"
    VERIFIED = "verified"
    DELETED = "deleted"
    DONE = "done"


class RowPoint(StrEnum):
    PLANNED = "planned"
    ARCHIVED = "archived"
    KEPT = "kept"


@dataclass(frozen=True)
class Move:
    move_id: int
    point: MovePoint
    headers: dict[str, list[str]]  # archive tab → its header row as this move writes it


@dataclass(frozen=True)
class ArchivedRow:
    row_id: str
    move_id: int
    point: RowPoint
    tab: str
    tab_row: int  # 1-based row of the archive tab
    from_row: int  # 1-based row of the attendance tab when it was chosen
    session_date: str
    cells: dict[str, Encoded]
    row_state: dict[str, Any]
    archived_at: str | None

    @property
    def name(self) -> str:
        return str(self.row_state.get("seat_name") or "")

    @property
    def status(self) -> str:
        return str((self.row_state.get("written") or {}).get("status") or "")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(r: sqlite3.Row) -> ArchivedRow:
    return ArchivedRow(
        r["row_id"],
        r["move_id"],
        RowPoint(r["point"]),
        r["tab"],
        r["tab_row"],
        r["from_row"],
        r["session_date"],
        json.loads(r["cells"] or "{}"),
        json.loads(r["row_state"] or "{}"),
        r["archived_at"],
    )


def pending(db: sqlite3.Connection) -> Move | None:
    """The move a crash (or an unclear answer from Google) left unfinished, if any."""
    r = db.execute(
        "SELECT * FROM archive_moves WHERE point != ? ORDER BY move_id LIMIT 1",
        (MovePoint.DONE,),
    ).fetchone()
    return Move(r["move_id"], MovePoint(r["point"]), json.loads(r["headers"])) if r else None


def rows_of(db: sqlite3.Connection, move_id: int) -> list[ArchivedRow]:
    return [
        _row(r)
        for r in db.execute(
            "SELECT * FROM archived_rows WHERE move_id = ? ORDER BY tab, tab_row", (move_id,)
        )
    ]


def archived_ids(db: sqlite3.Connection, point: RowPoint | None = None) -> set[str]:
    """Every row archived or being archived (``point``: only those at that point)."""
    if point is None:
        return {r[0] for r in db.execute("SELECT row_id FROM archived_rows")}
    return {r[0] for r in db.execute("SELECT row_id FROM archived_rows WHERE point = ?", (point,))}


def archived_rows(db: sqlite3.Connection) -> list[ArchivedRow]:
    """Every row archived for good, by tab and row (for ``wixsync status``)."""
    return [
        _row(r)
        for r in db.execute(
            "SELECT * FROM archived_rows WHERE point = ? ORDER BY tab, tab_row",
            (RowPoint.ARCHIVED,),
        )
    ]


def tab_totals(db: sqlite3.Connection) -> list[tuple[str, int, int, int, str]]:
    """Per archive tab: rows archived there, its first and last row, the last archive day."""
    return [
        (r[0], r[1], r[2], r[3], str(r[4] or "")[:10])
        for r in db.execute(
            "SELECT tab, COUNT(*), MIN(tab_row), MAX(tab_row), MAX(archived_at) "
            "FROM archived_rows WHERE point = ? GROUP BY tab ORDER BY tab",
            (RowPoint.ARCHIVED,),
        )
    ]


def next_rows(db: sqlite3.Connection) -> dict[str, int]:
    """Per archive tab, the row after the last one wixsync wrote there."""
    return {
        r[0]: r[1] + 1
        for r in db.execute("SELECT tab, MAX(tab_row) FROM archived_rows GROUP BY tab")
    }


def plan(
    db: sqlite3.Connection,
    chosen: list[tuple[Candidate, int]],
    headers: dict[str, list[str]],
) -> Move:
    """Record a new move: the rows chosen and the archive row each goes to (point 1)."""
    now = _now()
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO archive_moves (point, headers, started_at, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (MovePoint.PLANNED, json.dumps(headers), now, now),
        )
        move_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO archived_rows (row_id, move_id, point, tab, tab_row, from_row, "
            "session_date, cells, row_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.row_id,
                    move_id,
                    RowPoint.PLANNED,
                    c.tab,
                    at,
                    c.index + 1,
                    c.session_date.isoformat(),
                    json.dumps(c.cells),
                    json.dumps(asdict(c.state)),
                )
                for c, at in chosen
            ],
        )
    return Move(move_id, MovePoint.PLANNED, headers)


def advance(db: sqlite3.Connection, move: Move, point: MovePoint) -> Move:
    with transaction(db):
        db.execute(
            "UPDATE archive_moves SET point = ?, updated_at = ? WHERE move_id = ?",
            (point, _now(), move.move_id),
        )
    return Move(move.move_id, point, move.headers)


def place(db: sqlite3.Connection, positions: dict[str, int]) -> None:
    """Give rows another row of the archive tab (theirs was taken by someone else)."""
    with transaction(db):
        db.executemany(
            "UPDATE archived_rows SET tab_row = ? WHERE row_id = ?",
            [(at, row_id) for row_id, at in positions.items()],
        )


def drop(db: sqlite3.Connection, row_ids: list[str]) -> None:
    """Take rows out of a move before anything of theirs was written (edited or deleted in
    the attendance tab since they were chosen): a later run may choose them again."""
    with transaction(db):
        db.executemany("DELETE FROM archived_rows WHERE row_id = ?", [(r,) for r in row_ids])


def mark_kept(db: sqlite3.Connection, row_ids: list[str]) -> None:
    with transaction(db):
        db.executemany(
            "UPDATE archived_rows SET point = ? WHERE row_id = ?",
            [(RowPoint.KEPT, r) for r in row_ids],
        )


def deleted(
    db: sqlite3.Connection, move: Move, archived: list[ArchivedRow], kept: list[str]
) -> Move:
    """Point 4, in one transaction: the rows gone from the attendance tab are archived —
    their row state forgotten (they left the sheet; ``archived_rows`` keeps it) and a line
    added to each row's journal history — and the rows edited meanwhile are kept."""
    now = _now()
    with transaction(db):
        db.executemany(
            "UPDATE archived_rows SET point = ?, archived_at = ? WHERE row_id = ?",
            [(RowPoint.ARCHIVED, now, r.row_id) for r in archived],
        )
        db.executemany(
            "UPDATE archived_rows SET point = ? WHERE row_id = ?",
            [(RowPoint.KEPT, r) for r in kept],
        )
        db.executemany("DELETE FROM sheet_rows WHERE row_id = ?", [(r.row_id,) for r in archived])
        db.executemany(
            "INSERT INTO journal (row_id, point, detail, at) VALUES (?, 'archived', ?, ?)",
            [
                (r.row_id, f"archived to {r.tab!r} row {r.tab_row} (was row {r.from_row})", now)
                for r in archived
            ],
        )
        db.execute(
            "UPDATE archive_moves SET point = ?, updated_at = ? WHERE move_id = ?",
            (MovePoint.DELETED, now, move.move_id),
        )
    return Move(move.move_id, MovePoint.DELETED, move.headers)


def done(db: sqlite3.Connection, move: Move, positions: dict[str, int]) -> Move:
    """Point 5: the kept rows leave the move (a later run may choose them again), archived
    rows get their row in the archive tab as it is now, and the cells kept for the move
    are dropped (the archive tab holds them)."""
    now = _now()
    with transaction(db):
        db.execute(
            "DELETE FROM archived_rows WHERE move_id = ? AND point != ?",
            (move.move_id, RowPoint.ARCHIVED),
        )
        db.executemany(
            "UPDATE archived_rows SET tab_row = ? WHERE row_id = ?",
            [(at, row_id) for row_id, at in positions.items()],
        )
        db.execute("UPDATE archived_rows SET cells = '' WHERE move_id = ?", (move.move_id,))
        db.execute(
            "UPDATE archive_moves SET point = ?, updated_at = ? WHERE move_id = ?",
            (MovePoint.DONE, now, move.move_id),
        )
    return Move(move.move_id, MovePoint.DONE, move.headers)
