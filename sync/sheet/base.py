"""What every sheet backend offers: one read of the whole used range, one RAW batch write
of daemon-owned cells, and a relative append of missing daemon columns.

Every value a backend writes — cells, headers, another tab, appended rows, dropdown lists —
goes through :func:`clean` first: the last line of defence of :mod:`sync.redact`, so that no
key, token or private key reaches a cell every volunteer can read, whatever text a bug let
through. What volunteers typed is never rewritten by it (only the cells being written)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sync.redact import redact

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class CellWrite:
    row: int  # 0-based grid row (0 = the header row)
    col: int  # 0-based column
    value: Cell


@dataclass(frozen=True)
class Choices:
    """A dropdown on rows ``[first_row, end_row)`` of one column (0-based grid rows;
    ``end_row=None``: down to the last row) offering ``values`` — suggestions, not a rule:
    anything else may still be typed. ``values=None`` removes the dropdown."""

    col: int
    first_row: int
    end_row: int | None
    values: tuple[str, ...] | None


class SheetBackend(Protocol):
    @property
    def label(self) -> str:
        """A human name for logs: the file name or the sheet's title."""
        ...

    def read(self) -> list[list[Cell]]:
        """The whole used range, header row first; rows padded to the same width."""
        ...

    def write(self, cells: list[CellWrite]) -> None:
        """Write exactly these cells, as raw values (never evaluated), in one batch."""
        ...

    def add_columns(self, headers: list[str], at: int) -> None:
        """Write these headers from column ``at`` on (the first unused one), growing the
        grid relatively if it is too narrow."""
        ...

    def row_link(self, row: int) -> str | None:
        """A link to a row of the attendance tab (1-based, as people see it), as plain text;
        ``None`` where there is none (a local file)."""
        ...

    def write_tab(self, title: str, grid: list[list[Cell]]) -> None:
        """Replace the whole content of the tab ``title`` with ``grid`` (raw values, never
        evaluated), creating the tab when it is missing: one batch. Refuses the attendance
        tab itself."""
        ...

    def append_rows(self, rows: list[list[Cell]]) -> None:
        """Add these rows (raw values, never evaluated) below the last row of the table, in
        one request that inserts them, so a volunteer typing at that moment loses nothing.
        Not repeated by itself on an unclear failure: the caller reads the sheet again first."""
        ...

    def set_choices(self, choices: list[Choices]) -> None:
        """Set or remove these dropdowns, in one request."""
        ...


def pad(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Every row as long as the longest; a row (a list) that already is, is kept as it is."""
    width = max((len(r) for r in rows), default=0)
    return [
        r if len(r) == width and type(r) is list else [*r, *[""] * (width - len(r))] for r in rows
    ]


def clean(value: Cell) -> Cell:
    """A value about to be written, with any secret in its text ``[redacted]``."""
    return redact(value) if isinstance(value, str) else value


def clean_cells(cells: list[CellWrite]) -> list[CellWrite]:
    return [
        c if clean(c.value) == c.value else CellWrite(c.row, c.col, clean(c.value)) for c in cells
    ]


def clean_grid(grid: list[list[Cell]]) -> list[list[Cell]]:
    return [[clean(v) for v in row] for row in grid]
