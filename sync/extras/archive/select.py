"""Which rows of the attendance tab may move to the archive now, and why the others stay.

A row moves when its session is more than ``after_days`` days past and it is fully done:

1. booked, and paid in person or the plan charge settled by Wix (journal point ``paid``);
2. its attendance set (checked in or no-show);
3. no Error, nothing pending (no call in flight, no retry due, no plan charge unsettled);
4. the sheet still shows what the daemon last wrote for it, and its volunteer cells are
   those it last synced (an edit not synced yet is a row being edited);
5. not beside a row being edited: no row within ``NEAR`` rows of it is new, changed since
   the daemon last saw it, or carries a Row ID another row carries too — a volunteer on a
   phone edits the rows around the one they are on (Sheets has no edit lock to ask);
6. not archived before (a copy put back by hand stays where it was put).

Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sync.engine.rowstate import RowState
from sync.extras.archive.cells import Encoded, row_cells
from sync.sheet.columns import Layout
from sync.sheet.writeback import _text, fingerprint
from sync.state import Point, RowRecord

#: how many rows above and below a row being edited are left alone
NEAR = 2
#: the daemon's cells the sheet must still show as last written
WRITTEN = ("booking_id", "order_id", "status", "error")


@dataclass(frozen=True)
class Candidate:
    row_id: str
    index: int  # grid row (0 = header); the sheet's row number is index + 1
    tab: str
    session_date: date
    cells: dict[str, Encoded]
    state: RowState


@dataclass
class Selection:
    chosen: list[Candidate] = field(default_factory=list)
    #: why a row past the cut-off stays → its sheet row numbers
    not_done: dict[str, list[int]] = field(default_factory=dict)
    near_edit: list[int] = field(default_factory=list)
    put_back: list[int] = field(default_factory=list)
    #: rows of sessions within the last ``after_days`` days, or later
    recent: int = 0
    rows: int = 0  # data rows read (not blank)


def session_day(state: RowState) -> date | None:
    """The session's day: Wix's start when known, else the day in the row's identity."""
    for text in (state.session_at[:10], [*state.identity.split("|"), "", "", ""][2]):
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return None


def not_done(state: RowState, record: RowRecord | None, cells: dict[str, Any]) -> str | None:
    """Why the row is not fully done yet, or ``None`` when it is."""
    if state.written.get("error") or _text(cells.get("error")):
        return "an Error"
    if record is None or not record.booking_id or not state.identity:
        return "not booked"
    if record.point == Point.CANCELLED:
        return "cancelled"
    if record.inflight or state.retry or record.point == Point.CHARGING:
        return "waiting for Wix"
    if record.point == Point.OWED:
        return "owes money"
    if record.point != Point.PAID:
        return "not paid yet"
    if not record.attendance:
        return "no attendance"
    return None


def select(
    grid: list[list[Any]],
    layout: Layout,
    names: list[str],
    states: Mapping[str, RowState],
    records: Mapping[str, RowRecord],
    *,
    today: date,
    after_days: int,
    tab_for: Callable[[date], str],
    archived: set[str],
    moving: set[str] | None = None,
) -> Selection:
    """``archived``: the rows archived before; ``moving``: the rows of a move not finished
    yet (left out here: finishing the move decides them)."""
    result = Selection()
    id_col = layout.index("row_id")
    rows = [(i, grid[i]) for i in range(1, len(grid)) if any(_text(c) for c in grid[i])]
    result.rows = len(rows)
    ids = {i: _text(r[id_col]) if id_col is not None and id_col < len(r) else "" for i, r in rows}
    carried = Counter(ids.values())
    busy: list[int] = []
    ready: list[tuple[int, list[Any], RowState]] = []
    for index, row in rows:
        row_id = ids[index]
        if moving and row_id in moving:
            continue
        state = states.get(row_id) if row_id else None
        cells = {k: row[c] if c < len(row) else "" for k, c in layout.positions.items()}
        if (
            state is None
            or carried[row_id] > 1
            or fingerprint(row, layout) != state.fingerprint
            or any(
                k in layout.positions and _text(cells[k]) != _text(state.written.get(k))
                for k in WRITTEN
            )
        ):
            busy.append(index)  # new, edited since the last cycle, or copied whole
            if row_id in archived and carried[row_id] == 1:
                result.put_back.append(index + 1)
            continue
        day = session_day(state)
        if day is not None and (today - day).days <= after_days:
            result.recent += 1
            continue
        if row_id in archived:
            result.put_back.append(index + 1)
            continue
        why = not_done(state, records.get(row_id), cells)
        if why is not None:
            result.not_done.setdefault(why, []).append(index + 1)
            continue
        ready.append((index, row, state))
    blocked = {b + d for b in busy for d in range(-NEAR, NEAR + 1)}
    for index, row, state in ready:
        if index in blocked:
            result.near_edit.append(index + 1)
            continue
        day = session_day(state)
        assert day is not None
        result.chosen.append(
            Candidate(ids[index], index, tab_for(day), day, row_cells(names, row), state)
        )
    return result
