"""The state of the fake: spreadsheets, their sheets (tabs), cells, and the things anchored
to rows and columns. No HTTP here (like moto's ``models.py``).

A :class:`Sheet` keeps one ``dict`` of cells per grid row, so inserting, deleting and sorting
rows move cell contents, number formats and data validation together, as in Google. Things
anchored to a range (protected ranges, conditional formats, developer metadata, hidden
rows/columns, frozen rows) are shifted by :func:`shift_span` on every structural edit, and
disappear when all their rows or columns are deleted.

Not simulated: merged cells, filters and filter views, named ranges, charts, banding,
cell formatting beyond recording ``numberFormat.type``, and enforcement of data validation
or protection on API writes (Google does not enforce validation on API writes either; a
protected range is only enforced for the control plane's human edits when asked). A sort
moves cell contents, not rows: developer metadata and hidden flags stay where they were
(Google's behaviour under sort is undocumented; see reference §3).
"""

from __future__ import annotations

import contextlib
import copy
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from tests.fakes.sheets import cells
from tests.fakes.sheets.a1 import Area
from tests.fakes.sheets.cells import Value

#: Google's workbook limit (reference §2).
MAX_CELLS = 10_000_000
CELL_LIMIT_MESSAGE = (
    f"This action would increase the number of cells in the workbook above the limit of "
    f"{MAX_CELLS} cells."
)
DEFAULT_ROWS, DEFAULT_COLS = 1000, 26


class LimitExceeded(ValueError):
    """A structural change that would break one of Google's limits (message is Google's)."""


@dataclass(frozen=True)
class Cell:
    """One cell's contents; immutable, so a sheet snapshot only copies row dicts."""

    value: Value | None = None
    #: ``numberFormat.type`` recorded by ``repeatCell`` (``TEXT``, ``NUMBER``, …)
    number_format: str | None = None
    #: the ``DataValidationRule`` as sent by ``setDataValidation``
    validation: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.number_format is None and self.validation is None


@dataclass(frozen=True)
class DimOp:
    """A structural edit along one dimension: insert ``[start, end)`` or delete it."""

    kind: str  # "insert" | "delete"
    start: int
    end: int


def shift_point(index: int, op: DimOp) -> int | None:
    """Where a row/column index goes after ``op``; ``None`` when it was deleted."""
    if op.kind == "insert":
        return index + (op.end - op.start) if index >= op.start else index
    if op.start <= index < op.end:
        return None
    return index - (op.end - op.start) if index >= op.end else index


def shift_span(
    low: int | None, high: int | None, op: DimOp
) -> tuple[int | None, int | None] | None:
    """Where a half-open span goes after ``op`` (``None`` sides are unbounded); ``None`` when
    every index of it was deleted. Inserting at the span's start moves it; inserting inside
    it (not at its end) grows it."""
    size = op.end - op.start
    if op.kind == "insert":
        new_low = low + size if low is not None and low >= op.start else low
        new_high = high + size if high is not None and high > op.start else high
        return new_low, new_high

    def moved(x: int) -> int:
        return x if x <= op.start else (op.start if x <= op.end else x - size)

    new_low = moved(low) if low is not None else None
    new_high = moved(high) if high is not None else None
    if new_high is not None and (new_low or 0) >= new_high:
        return None
    return new_low, new_high


def shift_area(area: Area, dimension: str, op: DimOp) -> Area | None:
    if dimension == "ROWS":
        span = shift_span(area.row0, area.row1, op)
        return None if span is None else replace(area, row0=span[0], row1=span[1])
    span = shift_span(area.col0, area.col1, op)
    return None if span is None else replace(area, col0=span[0], col1=span[1])


@dataclass
class ProtectedRange:
    protected_range_id: int
    area: Area
    description: str = ""
    warning_only: bool = False
    editors: dict[str, Any] | None = None
    whole_sheet: bool = False


@dataclass
class ConditionalFormat:
    areas: list[Area]
    rule: dict[str, Any]


@dataclass
class DeveloperMetadata:
    metadata_id: int
    key: str
    value: str | None
    visibility: str
    #: ``("SPREADSHEET",)`` on a spreadsheet; ``("SHEET",)`` or
    #: ``("ROWS"|"COLUMNS", start, end)`` on a sheet
    location: tuple[Any, ...]


@dataclass
class Sheet:
    sheet_id: int
    title: str
    row_count: int = DEFAULT_ROWS
    col_count: int = DEFAULT_COLS
    frozen_rows: int = 0
    frozen_cols: int = 0
    hidden: bool = False
    rows: list[dict[int, Cell]] = field(default_factory=list)
    #: per-index dimension properties (``hiddenByUser``, ``pixelSize``), by dimension
    dim_props: dict[str, dict[int, dict[str, Any]]] = field(
        default_factory=lambda: {"ROWS": {}, "COLUMNS": {}}
    )
    protected: list[ProtectedRange] = field(default_factory=list)
    conditional_formats: list[ConditionalFormat] = field(default_factory=list)
    metadata: list[DeveloperMetadata] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.rows) < self.row_count:
            self.rows.extend({} for _ in range(self.row_count - len(self.rows)))

    def snapshot(self) -> dict[str, Any]:
        """This sheet's state, copied deep enough to restore it (cells are immutable, so
        the row dicts are copied, not the cells)."""
        state = {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "rows"}
        state["rows"] = [dict(row) for row in self.rows]
        return state

    # -- cells ----------------------------------------------------------------------------
    def cell(self, row: int, col: int) -> Cell | None:
        return self.rows[row].get(col)

    def value(self, row: int, col: int) -> Value | None:
        found = self.rows[row].get(col)
        return found.value if found else None

    def change(self, row: int, col: int, **fields: Any) -> None:
        """Replace some of a cell's fields (``value``, ``number_format``, ``validation``)."""
        updated = replace(self.rows[row].get(col) or Cell(), **fields)
        if updated.empty:
            self.rows[row].pop(col, None)
        else:
            self.rows[row][col] = updated

    def set_value(self, row: int, col: int, value: Value | None) -> None:
        self.change(row, col, value=value)

    def is_text_format(self, row: int, col: int) -> bool:
        found = self.rows[row].get(col)
        return bool(found and found.number_format == "TEXT")

    def row_has_values(self, row: int, col0: int = 0, col1: int | None = None) -> bool:
        stop = self.col_count if col1 is None else col1
        return any(c.value is not None for k, c in self.rows[row].items() if col0 <= k < stop)

    # -- grid shape -----------------------------------------------------------------------
    def size(self, dimension: str) -> int:
        return self.row_count if dimension == "ROWS" else self.col_count

    def insert(self, dimension: str, start: int, count: int) -> None:
        rows = self.row_count + (count if dimension == "ROWS" else 0)
        cols = self.col_count + (count if dimension == "COLUMNS" else 0)
        if rows * cols > MAX_CELLS:  # before allocating; the workbook is checked after
            raise LimitExceeded(CELL_LIMIT_MESSAGE)
        op = DimOp("insert", start, start + count)
        if dimension == "ROWS":
            self.rows[start:start] = [{} for _ in range(count)]
            self.row_count += count
        else:
            self.rows = [_remap(row, op) for row in self.rows]
            self.col_count += count
        self._shift_anchored(dimension, op)

    def delete(self, dimension: str, start: int, end: int) -> None:
        op = DimOp("delete", start, end)
        if dimension == "ROWS":
            del self.rows[start:end]
            self.row_count -= end - start
        else:
            self.rows = [_remap(row, op) for row in self.rows]
            self.col_count -= end - start
        self._shift_anchored(dimension, op)

    def resize(self, rows: int | None = None, cols: int | None = None) -> None:
        """Absolute size, as ``updateSheetProperties`` sets it: shrinking deletes data."""
        if rows is not None and rows != self.row_count:
            if rows > self.row_count:
                self.insert("ROWS", self.row_count, rows - self.row_count)
            else:
                self.delete("ROWS", rows, self.row_count)
        if cols is not None and cols != self.col_count:
            if cols > self.col_count:
                self.insert("COLUMNS", self.col_count, cols - self.col_count)
            else:
                self.delete("COLUMNS", cols, self.col_count)

    def _shift_anchored(self, dimension: str, op: DimOp) -> None:
        props = self.dim_props[dimension]
        moved = {shift_point(i, op): p for i, p in props.items()}
        self.dim_props[dimension] = {i: p for i, p in moved.items() if i is not None}
        kept: list[ProtectedRange] = []
        for protected in self.protected:
            area = shift_area(protected.area, dimension, op)
            if area is not None:
                protected.area = area
                kept.append(protected)
        self.protected = kept
        formats: list[ConditionalFormat] = []
        for rule in self.conditional_formats:
            rule.areas = [a for a in (shift_area(a, dimension, op) for a in rule.areas) if a]
            if rule.areas:
                formats.append(rule)
        self.conditional_formats = formats
        located: list[DeveloperMetadata] = []
        for item in self.metadata:
            if item.location[0] == dimension:
                span = shift_span(item.location[1], item.location[2], op)
                if span is None:
                    continue
                item.location = (dimension, *span)
            located.append(item)
        self.metadata = located
        frozen = self.frozen_rows if dimension == "ROWS" else self.frozen_cols
        if frozen:
            span = shift_span(0, frozen, op)
            new = 0 if span is None else (span[1] or 0)
            if dimension == "ROWS":
                self.frozen_rows = new
            else:
                self.frozen_cols = new

    def sort(self, area: Area, specs: list[tuple[int, bool]]) -> None:
        """Sort the rows of ``area`` (bounded) by ``(column, descending)`` keys; blank keys
        go last whatever the order. Only the area's columns move."""
        assert area.row0 is not None
        assert area.row1 is not None
        col0, col1 = area.col0 or 0, area.col1 if area.col1 is not None else self.col_count
        block = [
            {k: c for k, c in self.rows[r].items() if col0 <= k < col1}
            for r in range(area.row0, area.row1)
        ]
        for column, descending in reversed(specs):  # stable sorts, last key first
            filled = [row for row in block if _cell_value(row, column) is not None]
            blank = [row for row in block if _cell_value(row, column) is None]
            filled.sort(key=_key_of(column), reverse=descending)
            block = filled + blank
        for offset, moved in enumerate(block):
            row = self.rows[area.row0 + offset]
            for key in [k for k in row if col0 <= k < col1]:
                del row[key]
            row.update(moved)

    # -- wire shape -----------------------------------------------------------------------
    def properties(self, index: int) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.row_count, "columnCount": self.col_count}
        if self.frozen_rows:
            grid["frozenRowCount"] = self.frozen_rows
        if self.frozen_cols:
            grid["frozenColumnCount"] = self.frozen_cols
        props: dict[str, Any] = {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }
        if self.hidden:
            props["hidden"] = True
        return props


def _cell_value(row: dict[int, Cell], column: int) -> Value | None:
    found = row.get(column)
    return found.value if found else None


def _key_of(column: int) -> Any:
    def key(row: dict[int, Cell]) -> tuple[int, Any]:
        value = _cell_value(row, column)
        assert value is not None
        return cells.sort_key(value)

    return key


def _remap(row: dict[int, Cell], op: DimOp) -> dict[int, Cell]:
    moved = {shift_point(k, op): c for k, c in row.items()}
    return {k: c for k, c in moved.items() if k is not None}


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"
    metadata: list[DeveloperMetadata] = field(default_factory=list)

    def sheet_by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def first_visible(self) -> Sheet:
        return next((s for s in self.sheets if not s.hidden), self.sheets[0])

    def cell_count(self) -> int:
        return sum(s.row_count * s.col_count for s in self.sheets)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Spreadsheet]:
        """All or nothing: on an exception every change made inside is undone, in place, so
        objects held by callers (this spreadsheet, its sheets) stay the live ones."""
        sheets = list(self.sheets)
        saved_sheets = [sheet.snapshot() for sheet in sheets]
        saved = {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "sheets"}
        try:
            yield self
        except BaseException:
            for live, state in zip(sheets, saved_sheets, strict=True):
                live.__dict__.update(state)
            self.__dict__.update(saved)
            self.sheets = sheets
            raise

    def check_limits(self) -> None:
        if self.cell_count() > MAX_CELLS:
            raise LimitExceeded(CELL_LIMIT_MESSAGE)


class Ids:
    """Seeded IDs, so that runs replay: spreadsheet keys and the random ints Google uses for
    sheet, protected-range and metadata IDs (never colliding within one fake)."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._used: set[int] = set()

    def integer(self) -> int:
        while True:
            candidate = self._random.randint(1, 2**31 - 1)
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate

    def reserve(self, value: int) -> None:
        self._used.add(value)

    def spreadsheet_key(self) -> str:
        alphabet = string.ascii_letters + string.digits + "-_"
        return "".join(self._random.choice(alphabet) for _ in range(44))
