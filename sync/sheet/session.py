"""One cycle's view of the sheet: read once, know each row by its Row ID, write back once.

``read()`` costs one request (plus, the very first time, adding any missing daemon
column). ``write_back()`` costs one more read (to place values by Row ID) and one RAW batch
write, and nothing at all when there is nothing to change. Rows that have no Row ID yet get
one now (``new=True``); it is written with their first results.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.sheet.base import Cell, CellWrite, SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Column, Layout, match_headers
from sync.sheet.writeback import Placement, RowUpdate, _text, fingerprint, place


@dataclass(frozen=True)
class SheetRow:
    row_id: str
    new: bool  # no Row ID in the sheet yet
    index: int  # grid row (0 = header)
    fingerprint: str
    cells: dict[str, Cell]


@dataclass
class Snapshot:
    grid: list[list[Cell]]
    layout: Layout
    rows: list[SheetRow] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)


def new_row_id(fingerprint: str, occurrence: int) -> str:
    """A new row's id comes from its content: if writing it to the sheet fails (the row was
    being typed into, or Google was down), the next read gives the row the same id again,
    so its journal — and its booking — carry on."""
    return f"r{fingerprint[:11]}{occurrence if occurrence else ''}"


def random_row_id(_fingerprint: str = "", _occurrence: int = 0) -> str:
    return "r" + uuid.uuid4().hex[:12]


class SheetSession:
    def __init__(
        self,
        backend: SheetBackend,
        columns: tuple[Column, ...] = DEFAULT_COLUMNS,
        *,
        make_id: Callable[[], str] = new_row_id,
    ) -> None:
        self.backend = backend
        self.columns = columns
        self.make_id = make_id

    def read(self) -> Snapshot:
        grid = self.backend.read()
        if not grid:
            return Snapshot(grid, Layout())
        layout = match_headers(grid[0], self.columns)
        if layout.missing_daemon:
            self.backend.add_columns([c.header for c in layout.missing_daemon], at=len(grid[0]))
            grid = self.backend.read()
            layout = match_headers(grid[0], self.columns)
        snapshot = Snapshot(grid, layout)
        id_col = layout.index("row_id")
        # ids already in the sheet are reserved first, so a new row never takes one
        reserved = {_text(r[id_col]) for r in grid[1:] if id_col is not None and id_col < len(r)}
        reserved.discard("")
        seen: set[str] = set()
        prints: dict[str, int] = {}
        for index in range(1, len(grid)):
            row = grid[index]
            if not any(_text(c) for c in row):
                continue  # a blank row in the middle
            cells = {
                key: row[col] if col < len(row) else "" for key, col in layout.positions.items()
            }
            row_id = _text(cells.get("row_id")) if id_col is not None else ""
            new = not row_id or row_id in seen
            if row_id in seen:
                snapshot.duplicate_ids.append(row_id)  # a copied row: give the copy its own id
            print_ = fingerprint(row, layout)
            if new:
                occurrence = prints.get(print_, 0)
                prints[print_] = occurrence + 1
                row_id = self.make_id(print_, occurrence)
                while row_id in seen or row_id in reserved:
                    occurrence += 1
                    row_id = self.make_id(print_, occurrence)
            seen.add(row_id)
            snapshot.rows.append(SheetRow(row_id, new, index, print_, cells))
        return snapshot

    def write_back(
        self,
        snapshot: Snapshot,
        values: dict[str, dict[str, Cell]],
        extra: list[CellWrite] | None = None,
    ) -> Placement:
        """Write ``values`` (row id → daemon key → value). Reads the sheet once more to place
        them; sends one batch (or nothing)."""
        by_id = {r.row_id: r for r in snapshot.rows}
        updates = [
            RowUpdate(
                row_id,
                cells,
                new=by_id[row_id].new,
                fingerprint=by_id[row_id].fingerprint,
                read_at=by_id[row_id].index,
            )
            for row_id, cells in values.items()
            if row_id in by_id
        ]
        if not updates:
            if extra:
                self.backend.write(extra)
            return Placement()
        grid = self.backend.read()
        layout = match_headers(grid[0], self.columns) if grid else snapshot.layout
        placement = place(grid, layout, updates)
        self.backend.write(placement.writes + list(extra or []))
        return placement
