"""Put each row's daemon values on that row — even if volunteers sorted, inserted or
deleted rows since the daemon read the sheet.

Before writing, the sheet is read again and every value is placed by the row's Row ID. A
row that has no Row ID yet (new this cycle) is found by the content of its volunteer cells
as it was read; if that content changed or moved ambiguously, the row waits for the next
cycle. A row that vanished is skipped — never written elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sync.sheet.base import Cell, CellWrite
from sync.sheet.columns import DAEMON_KEYS, Layout


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def fingerprint(row: list[Cell], layout: Layout) -> str:
    """The volunteer-owned cells of a row, hashed."""
    volunteer = [i for k, i in sorted(layout.positions.items()) if k not in DAEMON_KEYS]
    joined = "\x1f".join(_text(row[i]) if i < len(row) else "" for i in volunteer)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class RowUpdate:
    """Daemon values for one row. ``row_id`` is the row's identity; a row that had no Row ID
    in the sheet when read carries ``new=True`` and the fingerprint it was read with."""

    row_id: str
    values: dict[str, Cell]
    new: bool = False
    fingerprint: str = ""
    read_at: int = -1  # grid row where it was read


@dataclass
class Placement:
    writes: list[CellWrite] = field(default_factory=list)
    placed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def place(grid: list[list[Cell]], layout: Layout, updates: list[RowUpdate]) -> Placement:
    """Turn updates into cell writes against the freshly read ``grid``."""
    result = Placement()
    id_col = layout.index("row_id")
    assert id_col is not None, "the Row ID column must exist before writing"
    where: dict[str, list[int]] = {}
    blank_by_print: dict[str, list[int]] = {}
    for r in range(1, len(grid)):
        row = grid[r]
        row_id = _text(row[id_col]) if id_col < len(row) else ""
        if row_id and row_id not in where:
            where[row_id] = [r]
        elif any(_text(c) for c in row):
            # no Row ID yet, or a copy of another row's (a pasted row): it may get its own
            blank_by_print.setdefault(fingerprint(row, layout), []).append(r)
    for update in updates:
        target: int | None = None
        places = where.get(update.row_id, [])
        if len(places) == 1:
            target = places[0]
        elif not places and update.new:
            candidates = blank_by_print.get(update.fingerprint, [])
            if update.read_at in candidates:
                target = update.read_at
            elif len(candidates) == 1:
                target = candidates[0]
            if target is not None:
                blank_by_print[update.fingerprint].remove(target)
        if target is None:  # vanished, duplicated or edited since read: wait
            result.skipped.append(update.row_id)
            continue
        row = grid[target]
        values = dict(update.values)
        values["row_id"] = update.row_id
        for key, value in values.items():
            col = layout.index(key)
            if col is None:
                continue
            current = row[col] if col < len(row) else ""
            if _text(current) != _text(value):
                result.writes.append(CellWrite(target, col, value))
        result.placed.append(update.row_id)
    return result
