"""Archive tabs of a local sheet file (:class:`~sync.sheet.localfile.LocalSheet`).

* ``.xlsx``: the archive tab is a worksheet of the same workbook (added after the others);
  each operation is one load and one atomic replace of the file. Deleting rows of the
  attendance worksheet moves the rows below up — values, styles, and the per-row dropdowns
  (data validations) with them — in one pass, whatever the number of rows deleted.
  Formulas are archived as the values they last showed.
* ``.csv``: a file holds one table, so the archive tab is the file beside it that
  :meth:`LocalSheet.tab_path` names (``attendance.Archive 2026.csv``); a value starting like
  a formula gets an apostrophe there, as in every file wixsync writes.

Text is written as text (an ``.xlsx`` cell of string type), never as a formula.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from copy import copy
from typing import Any

from sync.extras.archive.tabs import ArchiveStopped, TabView, TabWrite, runs
from sync.sheet.base import Cell, clean, pad
from sync.sheet.localfile import LocalSheet, csv_safe, to_csv
from sync.sheet.writeback import _text

#: a validation spanning more rows than this is a whole column's: it stays as it is
_COLUMN_WIDE = 10_000


class FileTabs:
    rows_per_move: int | None = None

    def __init__(self, sheet: LocalSheet) -> None:
        self.sheet = sheet
        self.csv = sheet.path.suffix.lower() == ".csv"

    @property
    def label(self) -> str:
        return self.sheet.label

    # -- reading ----------------------------------------------------------------------------
    def read(
        self, tabs: dict[str, int], *, live: bool = True
    ) -> tuple[list[list[Cell]] | None, dict[str, TabView]]:
        if self.csv:
            grid = self.sheet.read() if live else None
            views = {}
            for title, first in tabs.items():
                path = self.sheet.tab_path(title)
                rows = LocalSheet(path).read() if path.exists() else []
                views[title] = _view(path.exists(), rows, first)
            return grid, views
        from openpyxl import load_workbook

        if not self.sheet.path.exists():
            return ([] if live else None), {t: TabView(False) for t in tabs}
        book = load_workbook(self.sheet.path, read_only=True, data_only=True)
        try:
            grid = _values(self._attendance(book)) if live else None
            views = {}
            for title, first in tabs.items():
                found = _tab(book, title)
                views[title] = _view(found is not None, _values(found) if found else [], first)
        finally:
            book.close()
        return grid, views

    def _attendance(self, book: Any) -> Any:
        return book[self.sheet.worksheet] if self.sheet.worksheet else book.worksheets[0]

    # -- writing ----------------------------------------------------------------------------
    def write(self, writes: dict[str, TabWrite]) -> None:
        if self.csv:
            for title, write in writes.items():
                path = self.sheet.tab_path(title)
                rows = [list(r) for r in LocalSheet(path).read()] if path.exists() else []
                for number, cells in _cells(write):
                    while len(rows) < number:
                        rows.append([])
                    rows[number - 1] = [csv_safe(clean(v)) for v in cells]
                LocalSheet(path)._replace(to_csv(pad(rows)).encode("utf-8"))
            return
        book = self._book()
        attendance = self._attendance(book)
        for title, write in writes.items():
            tab = _tab(book, title)
            if tab is attendance:
                raise ArchiveStopped(f"{title!r} is the attendance tab: the archive needs its own")
            tab = tab if tab is not None else book.create_sheet(title)
            for number, cells in _cells(write):
                for col, value in enumerate(cells, start=1):
                    value = clean(value)
                    target = tab.cell(row=number, column=col)
                    target.value = None if value == "" else value
                    if isinstance(value, str) and value:
                        target.data_type = "s"  # text, never a formula
        self._save(book)

    def delete_live(self, indexes: list[int]) -> None:
        if not indexes:
            return
        if self.csv:
            rows = self.sheet.read()
            gone = set(indexes)
            kept = [r for i, r in enumerate(rows) if i not in gone]
            self.sheet._replace(to_csv(pad(kept)).encode("utf-8"))
            return
        book = self._book()
        _compact(self._attendance(book), sorted(i + 1 for i in indexes))
        self._save(book)

    def delete_rows(self, rows: dict[str, list[int]]) -> None:
        if not any(rows.values()):
            return
        if self.csv:
            for title, numbers in rows.items():
                path = self.sheet.tab_path(title)
                grid = LocalSheet(path).read() if path.exists() else []
                kept = [r for i, r in enumerate(grid, start=1) if i not in set(numbers)]
                LocalSheet(path)._replace(to_csv(pad(kept)).encode("utf-8"))
            return
        book = self._book()
        for title, numbers in rows.items():
            tab = _tab(book, title)
            for first, last in reversed(runs(numbers)) if tab is not None else ():
                tab.delete_rows(first, last - first + 1)
        self._save(book)

    def stored(self, value: Cell) -> Cell:
        return csv_safe(value) if self.csv else value

    def _book(self) -> Any:
        from openpyxl import load_workbook

        return load_workbook(self.sheet.path)

    def _save(self, book: Any) -> None:
        buffer = io.BytesIO()
        book.save(buffer)
        self.sheet._replace(buffer.getvalue())


def _tab(book: Any, title: str) -> Any:
    return next((ws for ws in book.worksheets if ws.title.casefold() == title.casefold()), None)


def _values(ws: Any) -> list[list[Cell]]:
    rows = [[("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)]
    while rows and not any(_text(c) for c in rows[-1]):
        rows.pop()
    return pad(rows)


def _view(exists: bool, rows: list[list[Cell]], first: int) -> TabView:
    first = max(first, 2)
    header = list(rows[0]) if rows else []
    while header and not _text(header[-1]):
        header.pop()
    return TabView(exists, header, first, [list(r) for r in rows[first - 1 :]])


def _cells(write: TabWrite) -> list[tuple[int, list[Cell]]]:
    found = [(1, list(write.header))] if write.header is not None else []
    return found + sorted(write.rows.items())


def _compact(ws: Any, removed: list[int]) -> None:
    """Delete the rows ``removed`` (1-based, sorted): every row below moves up over them,
    with its values, styles and height, in one pass; the per-row dropdowns move too."""
    last_row, last_col = ws.max_row, ws.max_column
    gone = set(removed)
    to = removed[0]
    for number in range(removed[0], last_row + 1):
        if number in gone:
            continue
        for col in range(1, last_col + 1):
            source, target = ws.cell(row=number, column=col), ws.cell(row=to, column=col)
            target.value = source.value
            target.data_type = source.data_type  # text stays text (never read as a formula)
            target._style = copy(source._style)
        if number in ws.row_dimensions:
            ws.row_dimensions[to].height = ws.row_dimensions[number].height
        to += 1
    if to <= last_row:
        ws.delete_rows(to, last_row - to + 1)
    _move_validations(ws, removed)


def _move_validations(ws: Any, removed: list[int]) -> None:
    """Data validations on a few rows follow their rows up (a deleted row's goes with it);
    one on a whole column stays as it is."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    gone = set(removed)
    for rule in list(ws.data_validations.dataValidation):
        ranges: list[str] = []
        for area in rule.sqref.ranges:
            if area.max_row - area.min_row > _COLUMN_WIDE or area.max_row < removed[0]:
                ranges.append(area.coord)
                continue
            kept = [
                r - bisect_left(removed, r)
                for r in range(area.min_row, area.max_row + 1)
                if r not in gone
            ]
            for first, last in runs(kept):
                ranges.append(
                    CellRange(
                        min_col=area.min_col, min_row=first, max_col=area.max_col, max_row=last
                    ).coord
                )
        if ranges:
            rule.sqref = MultiCellRange(" ".join(ranges))
        else:
            ws.data_validations.dataValidation.remove(rule)
