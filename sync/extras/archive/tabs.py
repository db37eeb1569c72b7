"""What the archive asks of a sheet backend (the Google Sheet's answer is
:mod:`sync.extras.archive.google_tabs`, a local file's :mod:`sync.extras.archive.files`).

Four operations, each one request (a local file: one load, one atomic replace):

* :meth:`ArchiveTabs.read` — the attendance tab whole, and of each archive tab its header
  row and the rows from a given row down;
* :meth:`ArchiveTabs.write` — header and rows at given rows of archive tabs, making a tab
  that is missing and growing one that is too small (raw values: never a formula);
* :meth:`ArchiveTabs.delete_live` — rows of the attendance tab, bottom-up;
* :meth:`ArchiveTabs.delete_rows` — rows of archive tabs (copies taken back), bottom-up.

A delete is never repeated by itself: after an unclear answer the caller reads again (a
repeated ``deleteDimension`` would delete the rows that moved up into the place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sync.sheet.base import Cell
from sync.sheet.writeback import _text


class ArchiveStopped(Exception):
    """The archive cannot run now; ``str()`` says why and what to do."""


@dataclass
class TabView:
    """What was read of an archive tab: row 1, and the rows from ``first`` down."""

    exists: bool
    header: list[Cell] = field(default_factory=list)
    first: int = 2
    rows: list[list[Cell]] = field(default_factory=list)

    def row(self, number: int) -> list[Cell]:
        """Row ``number`` (1-based) as read: empty when blank or not read."""
        at = number - self.first
        return self.rows[at] if 0 <= at < len(self.rows) else []

    @property
    def end(self) -> int:
        """The first row after the last one holding anything (from ``first`` down)."""
        last = max((i for i, r in enumerate(self.rows) if any(_text(c) for c in r)), default=-1)
        return self.first + last + 1


@dataclass
class TabWrite:
    header: list[Cell] | None  # the whole header row, or None to leave row 1 as it is
    rows: dict[int, list[Cell]]  # 1-based row → cells from column A


class ArchiveTabs(Protocol):
    @property
    def label(self) -> str: ...

    #: rows per move (a Google request stays near 1 MB); None: all at once
    rows_per_move: int | None

    def read(
        self, tabs: dict[str, int], *, live: bool = True
    ) -> tuple[list[list[Cell]] | None, dict[str, TabView]]:
        """The attendance tab (when ``live``) and, per archive tab title, row 1 and the rows
        from the given row down (a missing tab: ``exists=False``)."""
        ...

    def write(self, writes: dict[str, TabWrite]) -> None: ...

    def delete_live(self, indexes: list[int]) -> None:
        """Delete these rows (0-based grid rows) of the attendance tab."""
        ...

    def delete_rows(self, rows: dict[str, list[int]]) -> None:
        """Delete these rows (1-based) of archive tabs."""
        ...

    def stored(self, value: Cell) -> Cell:
        """What reading back ``value`` gives once written (a .csv keeps formula-like text
        behind an apostrophe)."""
        ...


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs of consecutive ones."""
    found: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if found and found[-1][1] == n - 1:
            found[-1] = (found[-1][0], n)
        else:
            found.append((n, n))
    return found


__all__ = ["ArchiveStopped", "ArchiveTabs", "TabView", "TabWrite", "runs"]
