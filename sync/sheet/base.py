"""What every sheet backend offers: one read of the whole used range, one RAW batch write
of daemon-owned cells, and a relative append of missing daemon columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class CellWrite:
    row: int  # 0-based grid row (0 = the header row)
    col: int  # 0-based column
    value: Cell


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


def pad(rows: list[list[Cell]]) -> list[list[Cell]]:
    width = max((len(r) for r in rows), default=0)
    return [list(r) + [""] * (width - len(r)) for r in rows]
