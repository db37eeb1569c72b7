"""Put each row's daemon values on that row — even if volunteers sorted, inserted or
deleted rows since the daemon read the sheet.

Before writing, the sheet is read again and every value is placed by the row's Row ID. A
row that has no Row ID yet (new this cycle) is found by the content of its volunteer cells
as it was read; if that content changed or moved ambiguously, the row waits for the next
cycle. A row that vanished is skipped — never written elsewhere.

A Row ID on several rows (a row copied whole) belongs to the one whose volunteer cells are
those read for it; the others are new rows, found by their own content like any new row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

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
    return fingerprinter(layout)(row)


def fingerprinter(layout: Layout) -> Callable[[list[Cell]], str]:
    """:func:`fingerprint` for many rows of one layout (the columns worked out once)."""
    volunteer = [i for k, i in sorted(layout.positions.items()) if k not in DAEMON_KEYS]
    if not volunteer:
        return lambda row: hashlib.sha256(b"").hexdigest()[:16]
    reach = max(volunteer) + 1
    take = itemgetter(*volunteer)
    if len(volunteer) == 1:
        one = take
        take = lambda row: (one(row),)  # noqa: E731 — itemgetter of one index gives no tuple

    def print_(row: list[Cell]) -> str:
        if len(row) >= reach:
            cells = take(row)  # the usual: every volunteer cell there (at C speed)
        else:
            width = len(row)
            cells = [row[i] if i < width else "" for i in volunteer]
        texts = [c.strip() if type(c) is str else _text(c) for c in cells]  # str: the usual
        return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]

    return print_


@dataclass(frozen=True)
class RowUpdate:
    """Daemon values for one row. ``row_id`` is the row's identity; a row that had no Row ID
    in the sheet when read carries ``new=True`` and the fingerprint it was read with."""

    row_id: str
    values: dict[str, Cell]
    new: bool = False
    fingerprint: str = ""
    read_at: int = -1  # grid row where it was read
    #: the Row ID the row's cell held when read, if it was given another (a copy, a swap)
    replaces: str = ""


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
    prints: dict[int, str] = {}
    unnamed: list[int] = []  # no Row ID: new rows
    for r in range(1, len(grid)):
        row = grid[r]
        if not any(_text(c) for c in row):
            continue
        prints[r] = fingerprint(row, layout)
        row_id = _text(row[id_col]) if id_col < len(row) else ""
        if row_id:
            where.setdefault(row_id, []).append(r)
        else:
            unnamed.append(r)
    taken: set[int] = set()
    # rows known by their Row ID first: a copy carrying the same id never takes their place
    for update in sorted(updates, key=lambda u: u.new):
        target: int | None = None
        if not update.new:
            places = where.get(update.row_id, [])
            if len(places) > 1:  # copied whole: the one read with this content
                places = [r for r in places if prints[r] == update.fingerprint]
            target = _pick(places, update.read_at, taken)
        else:
            # a new row: no Row ID yet, another row's (a copy: it gets its own), or the one
            # it trades (a swap), or its own already (written before, not remembered)
            ids = {update.row_id, update.replaces} - {""}
            rows = unnamed + [r for i in ids for r in where.get(i, [])]
            candidates = sorted(r for r in set(rows) if prints[r] == update.fingerprint)
            target = _pick(candidates, update.read_at, taken)
        if target is None:  # vanished, duplicated or edited since read: wait
            result.skipped.append(update.row_id)
            continue
        taken.add(target)
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


def _pick(candidates: list[int], read_at: int, taken: set[int]) -> int | None:
    """The row where the update was read, else the only candidate left, else none."""
    free = [r for r in candidates if r not in taken]
    if read_at in free:
        return read_at
    return free[0] if len(free) == 1 else None
