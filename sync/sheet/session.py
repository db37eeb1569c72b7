"""One cycle's view of the sheet: read once, know each row by its Row ID, write back once.

``read()`` costs one request (plus, the very first time, adding any missing daemon
column). ``write_back()`` costs one more read (to place values by Row ID) and one RAW batch
write, and nothing at all when there is nothing to change. Rows that have no Row ID yet get
one now (``new=True``); it is written with their first results.

A Row ID found on several rows (a row copied whole, hidden Row ID included) stays with one
of them: the one ``keeper`` picks (the engine's: the row whose person and session are those
the daemon remembers for that id), else the first. Every other row carrying it is a new row
with an id of its own: no ID, Status or advice of the original is ever its.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from sys import intern

from sync.sheet.base import Cell, CellWrite, SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Column, Layout, match_headers
from sync.sheet.writeback import Placement, RowUpdate, _text, fingerprinter, place


class RowCells(Mapping[str, Cell]):
    """A row's cells by column key (``"email"``), as read: a view of the row, nothing
    copied (a season's rows would otherwise hold each cell twice)."""

    __slots__ = ("_at", "_row")

    def __init__(self, row: list[Cell], at: Mapping[str, int]) -> None:
        self._row, self._at = row, at

    def __getitem__(self, key: str) -> Cell:
        col = self._at[key]
        return self._row[col] if col < len(self._row) else ""

    def get(self, key: str, default: Cell = None) -> Cell:  # type: ignore[override]
        col = self._at.get(key)
        if col is None:
            return default
        return self._row[col] if col < len(self._row) else ""

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass(frozen=True, slots=True)
class SheetRow:
    row_id: str
    new: bool  # no Row ID in the sheet yet
    index: int  # grid row (0 = header)
    fingerprint: str
    cells: Mapping[str, Cell]
    #: the Row ID its cell holds, when the row was given another (a copy, or a swap)
    carried: str = ""


#: (row id, the rows carrying it, in sheet order) → the position of the one keeping it
Keeper = Callable[[str, list[SheetRow]], int]
#: the rows as read → pairs of positions whose ids trade places (a booked row typed over
#: with another person while its person is on another row: the id follows the person)
Rehome = Callable[[list[SheetRow]], list[tuple[int, int]]]
#: the Row IDs the daemon remembers (rows gone from the sheet included) → the fingerprint
#: each was last planned with
Known = Callable[[], dict[str, str]]


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
        make_id: Callable[[str, int], str] = new_row_id,
        keeper: Keeper | None = None,
        rehome: Rehome | None = None,
        known: Known | None = None,
    ) -> None:
        self.backend = backend
        self.columns = columns
        self.make_id = make_id
        self.keeper = keeper
        self.rehome = rehome
        self.known = known
        #: what ``keeper``, ``rehome`` and ``known`` answer from (the engine's state as kept,
        #: and the day): while it and the grid read stay the same, so do the rows
        self.token: Callable[[], object] | None = None
        #: the rows of the last read by their Row ID cell: the cells, and the row (:meth:`_found`)
        self._seen: dict[Cell, tuple[list[Cell], SheetRow]] = {}
        self._seen_layout: dict[str, int] = {}
        self._last: tuple[object, Snapshot] | None = None

    def read(self) -> Snapshot:
        grid = self.backend.read()
        token = self.token() if self.token is not None else None
        last = self._last
        if last is not None and grid is last[1].grid and token is not None and token == last[0]:
            # the backend found the sheet as it was (the same grid), and nothing the rows'
            # ids depend on changed: the same rows — the same list — as the last read
            was = last[1]
            return Snapshot(was.grid, was.layout, was.rows, list(was.duplicate_ids))
        if not grid:
            return Snapshot(grid, Layout())
        layout = match_headers(grid[0], self.columns)
        if layout.missing_daemon:
            self.backend.add_columns([c.header for c in layout.missing_daemon], at=len(grid[0]))
            grid = self.backend.read()
            layout = match_headers(grid[0], self.columns)
        snapshot = Snapshot(grid, layout)
        found = self._found(grid, layout)
        # ids already in the sheet are reserved first, so a new row never takes one
        reserved = {r.row_id for r in found if r.row_id}
        keeps = self._keepers(found, snapshot)
        # an id the daemon remembers is a new row's only when the row is the one it was
        # made for (same cells: its first write-back was lost); a row deleted from the sheet
        # keeps its id, so a later row whose content makes the same id never takes its seat
        known = (
            self.known() if self.known and any(r.new or r.row_id in keeps for r in found) else {}
        )
        seen: set[str] = set()
        prints: dict[str, int] = {}
        for sheet_row in found:
            row_id, print_ = sheet_row.row_id, sheet_row.fingerprint
            new = not row_id or keeps.get(row_id, sheet_row.index) != sheet_row.index
            if new:
                occurrence = prints.get(print_, 0)
                prints[print_] = occurrence + 1
                row_id = self.make_id(print_, occurrence)
                while row_id in seen or row_id in reserved or known.get(row_id, print_) != print_:
                    occurrence += 1
                    row_id = self.make_id(print_, occurrence)
            seen.add(row_id)
            if not new:  # as read: the row keeps the id its cell holds
                snapshot.rows.append(sheet_row)
                continue
            snapshot.rows.append(
                SheetRow(row_id, new, sheet_row.index, print_, sheet_row.cells, sheet_row.row_id)
            )
        for a, b in self.rehome(snapshot.rows) if self.rehome else []:
            one, other = snapshot.rows[a], snapshot.rows[b]
            snapshot.rows[a] = _with_id(one, other.row_id)
            snapshot.rows[b] = _with_id(other, one.row_id)
        self._last = (token, snapshot) if token is not None else None
        return snapshot

    def _found(self, grid: list[list[Cell]], layout: Layout) -> list[SheetRow]:
        """The rows that are not blank, as their cells say (no id given yet). A row holding a
        Row ID whose cells are those of the last read is the same row as then: its cells and
        fingerprint are not worked out again, and the cells kept from then take the place of
        the copy just read (the same values: memory holds one copy) — so a read of a sheet
        that barely changed costs little more than the request."""
        positions = layout.positions
        id_col = positions.get("row_id")
        print_of = fingerprinter(layout)
        if positions != self._seen_layout:
            self._seen, self._seen_layout = {}, dict(positions)
        before, seen = self._seen, {}
        # a text repeated in the sheet (a date, a class, a Status) is held once, and so is an
        # id the row states and the journal hold too (interned: the same string object)
        found: list[SheetRow] = []
        for index in range(1, len(grid)):
            row = grid[index]
            key = row[id_col] if id_col is not None and id_col < len(row) else None
            last = before.get(key) if key not in ("", None) else None
            if last is not None and last[0] == row:
                kept, same = last
                grid[index] = kept
                if same.index != index:  # rows inserted or deleted above it, or a sort
                    same = SheetRow(same.row_id, same.new, index, same.fingerprint, same.cells)
                found.append(same)
                seen[key] = (kept, same)
                continue
            if not _text(key) and not any(_text(c) for c in row):
                continue  # a blank row in the middle (a Row ID is a cell: never blank)
            row[:] = [intern(c) if type(c) is str else c for c in row]
            cells = RowCells(row, self._seen_layout)
            row_id = _text(cells.get("row_id")) if id_col is not None else ""
            sheet_row = SheetRow(row_id, not row_id, index, print_of(row), cells)
            found.append(sheet_row)
            if row_id:
                seen[key] = (row, sheet_row)
        self._seen = seen
        return found

    def _keepers(self, rows: list[SheetRow], snapshot: Snapshot) -> dict[str, int]:
        """Row ID → the grid row that keeps it, for the ids found on more than one row."""
        ids = [row.row_id for row in rows if row.row_id]
        if len(set(ids)) == len(ids):
            return {}  # no Row ID on two rows (the usual case: found at C speed)
        carrying: dict[str, list[SheetRow]] = {}
        for row in rows:
            if row.row_id:
                carrying.setdefault(row.row_id, []).append(row)
        keeps = {}
        for row_id, group in carrying.items():
            if len(group) < 2:
                continue
            snapshot.duplicate_ids.append(row_id)  # a copied row: the copy gets its own id
            at = self.keeper(row_id, group) if self.keeper else 0
            keeps[row_id] = group[at if 0 <= at < len(group) else 0].index
        return keeps

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
                replaces=by_id[row_id].carried,
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


def _with_id(row: SheetRow, row_id: str) -> SheetRow:
    """``row`` given ``row_id`` this cycle: written with its results, found by its content."""
    carried = row.carried or _text(row.cells.get("row_id"))
    return SheetRow(row_id, True, row.index, row.fingerprint, row.cells, carried)
