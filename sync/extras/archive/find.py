"""Where a row is now, found by what an owner has in hand — a name, an email, a day, a Row
ID, a Booking ID or an Order ID (``wixsync status --find``) — from the state file alone.

A row is in the attendance tab (at the number a cycle last read it at), in an archive tab
(at the row the archive wrote it to), or no longer in the sheet (deleted by a person; its
journal and its booking stay). What is matched, case-insensitively, as a part of the text:
the Row ID, the person's name as read, the seat (email, class, session day and time, as the
daemon records it), and the Booking ID and Order ID written to the row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sync.engine.rowstate import RowState
from sync.extras.archive.store import archived_rows

ATTENDANCE = "attendance"
ARCHIVE = "archive"
GONE = "gone"


@dataclass(frozen=True)
class FoundRow:
    row_id: str
    #: ``attendance``, ``archive`` or ``gone`` (no longer in the sheet, not archived)
    where: str
    tab: str  # the archive tab's title ("" elsewhere)
    row: int  # 1-based row of that tab (0: gone)
    name: str
    session_at: str  # the session's local start ("2026-06-15T06:30"), or its day
    booking_id: str
    order_id: str
    status: str
    error: str


def find_rows(db: sqlite3.Connection, states: dict[str, RowState], text: str) -> list[FoundRow]:
    """The rows ``text`` names, live ones first (by row number), then archived ones (by tab
    and row), then those gone from the sheet. ``states``: the live row states, as loaded."""
    needle = text.strip().casefold()
    if not needle:
        return []
    # a state from before row numbers were kept has none: its rows are taken as in the
    # sheet, unless the last cycle found the sheet empty
    placed = any(s.row_number for s in states.values()) or _last_read_empty(db)
    live = [
        _found(
            s.row_id,
            s.seat_name,
            s.identity,
            s.written,
            s.session_at,
            s.row_number,
            "",
            gone=placed and not s.row_number,
        )
        for s in states.values()
        if _matches(needle, s.row_id, s.seat_name, s.identity, s.written)
    ]
    archived = [
        _found(
            a.row_id,
            a.name,
            str(a.row_state.get("identity") or ""),
            a.row_state.get("written") or {},
            str(a.row_state.get("session_at") or a.session_date),
            a.tab_row,
            a.tab,
        )
        for a in archived_rows(db)
        if _matches(
            needle,
            a.row_id,
            a.name,
            str(a.row_state.get("identity") or ""),
            a.row_state.get("written") or {},
        )
    ]
    order = {ATTENDANCE: 0, ARCHIVE: 1, GONE: 2}
    return sorted([*live, *archived], key=lambda f: (order[f.where], f.tab, f.row, f.row_id))


def _last_read_empty(db: sqlite3.Connection) -> bool:
    last = db.execute(
        "SELECT rows_seen FROM runs WHERE result = 'ok' ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    return last is not None and last[0] == 0


def _matches(needle: str, *fields: Any) -> bool:
    return any(needle in value.casefold() for value in _texts(fields))


def _texts(fields: Iterable[Any]) -> Iterator[str]:
    for value in fields:
        if isinstance(value, dict):  # the values written: only the ids are searched
            yield from (str(value.get(k) or "") for k in ("booking_id", "order_id"))
        else:
            yield str(value or "")


def _found(
    row_id: str,
    name: str,
    identity: str,
    written: dict[str, Any],
    session_at: str,
    row: int,
    tab: str,
    *,
    gone: bool = False,
) -> FoundRow:
    where = ARCHIVE if tab else (GONE if gone else ATTENDANCE)
    if not session_at and identity.count("|") >= 2:  # email|class|day|time
        session_at = identity.split("|")[2]
    return FoundRow(
        row_id,
        where,
        tab,
        row if where != GONE else 0,
        name,
        session_at,
        str(written.get("booking_id") or ""),
        str(written.get("order_id") or ""),
        str(written.get("status") or ""),
        str(written.get("error") or ""),
    )
