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
from dataclasses import dataclass, fields

from sync.engine.rowstate import RowState
from sync.extras.archive.store import archived_rows

ATTENDANCE = "attendance"
ARCHIVE = "archive"
GONE = "gone"
_STATE_FIELDS = {f.name for f in fields(RowState)}


@dataclass(frozen=True)
class FoundRow:
    row_id: str
    #: ``attendance``, ``archive`` or ``gone`` (no longer in the sheet, not archived)
    where: str
    tab: str  # the archive tab's title ("" elsewhere)
    row: int  # 1-based row of that tab (0: gone, or not placed yet)
    name: str
    session_at: str  # the session's local start ("2026-06-15T06:30"), or its day
    booking_id: str
    order_id: str
    status: str
    error: str


def find_rows(
    db: sqlite3.Connection, states: dict[str, RowState], text: str, *, placed: bool
) -> list[FoundRow]:
    """The rows ``text`` names, live ones first (by row number), then archived ones (by tab
    and row), then those gone from the sheet. ``states``: the live row states, as loaded;
    ``placed``: whether a state numbered 0 has left the sheet
    (:func:`sync.engine.rowstate.rows_placed`)."""
    needle = text.strip().casefold()
    if not needle:
        return []
    found = [
        _found(s, GONE if placed and not s.row_number else ATTENDANCE, "", s.row_number)
        for s in states.values()
        if _matches(needle, s)
    ]
    for a in archived_rows(db):
        state = RowState(**{k: v for k, v in a.row_state.items() if k in _STATE_FIELDS})
        if _matches(needle, state):
            found.append(_found(state, ARCHIVE, a.tab, a.tab_row, a.session_date))
    order = {ATTENDANCE: 0, ARCHIVE: 1, GONE: 2}
    return sorted(found, key=lambda f: (order[f.where], f.tab, f.row, f.row_id))


def _matches(needle: str, state: RowState) -> bool:
    ids = (str(state.written.get(k) or "") for k in ("booking_id", "order_id"))
    texts = (state.row_id, state.seat_name, state.identity, *ids)
    return any(needle in text.casefold() for text in texts)


def _found(state: RowState, where: str, tab: str, row: int, day: str = "") -> FoundRow:
    seat = state.identity.split("|")  # email|class|day|time
    written = state.written
    return FoundRow(
        state.row_id,
        where,
        tab,
        row,
        state.seat_name,
        state.session_at or day or (seat[2] if len(seat) > 2 else ""),
        str(written.get("booking_id") or ""),
        str(written.get("order_id") or ""),
        str(written.get("status") or ""),
        str(written.get("error") or ""),
    )
