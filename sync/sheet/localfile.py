"""A sheet in a local ``.csv`` or ``.xlsx`` file, with the same interface as Google's.

It is the embedded default for ``wixsync demo`` and a way to try the daemon without Google.
Writes touch only the daemon's cells and replace the file atomically (temporary file in
the same folder, then rename), so every cell a person typed is kept and a crash never leaves
half a file. Values are stored as text, never as formulas: an ``.xlsx`` cell is forced to
the string type, and in a ``.csv`` a value starting with ``= + - @``, a TAB or a CR gets a
leading apostrophe so a spreadsheet program opening the file does not run it. A ``.csv`` cell
holding a CR, LF or TAB is always quoted, so the file reads back into the same rows. Every
value written passes :func:`sync.sheet.base.clean` (no secret reaches the file).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path

from sync.sheet.base import Cell, CellWrite, Choices, clean_cells, clean_grid, pad

#: what makes a spreadsheet program read a cell as a formula (OWASP's "CSV injection" list:
#: a leading TAB or CR is skipped by some programs, and the ``=`` after it then runs)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: characters inside a cell that the ``csv`` module does not quote on its own (it quotes
#: ``,``, ``"`` and the line terminator ``\n``); unquoted, a bare CR ends the row when the
#: file is read back, and a TAB splits the cell for programs that guess the delimiter
_QUOTE_TOO = ("\r", "\t")


def csv_safe(value: Cell) -> Cell:
    """``value`` with a leading apostrophe when it starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[list[Cell]]) -> str:
    """``rows`` as CSV text, one ``\n`` per row. A row holding a CR or a TAB in any cell is
    written with every cell quoted, so that CR, LF and TAB are always inside quotes and the
    file reads back into exactly the same rows and cells."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        odd = any(isinstance(v, str) and any(c in v for c in _QUOTE_TOO) for v in row)
        (quoted if odd else plain).writerow(row)
    return buffer.getvalue()


class LocalSheet:
    def __init__(self, path: str | Path, worksheet: str | None = None) -> None:
        self.path = Path(path)
        self.worksheet = worksheet
        #: the digest of the file at the last :meth:`read`, and the grid it held
        self._last_read: tuple[bytes, list[list[Cell]]] | None = None
        if self.path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"{self.path.name}: a local sheet must be a .csv or .xlsx file")

    @property
    def label(self) -> str:
        return self.path.name

    # -- reading ----------------------------------------------------------------------------
    def read(self) -> list[list[Cell]]:
        """The whole sheet, header row first. A file the same, byte for byte, as at the last
        read is not parsed again: the grid read then is returned — the same object (a grid is
        for reading, never for changing)."""
        if not self.path.exists():
            self._last_read = None
            return []
        data = self.path.read_bytes()
        seen = hashlib.sha256(data).digest()
        if self._last_read is not None and self._last_read[0] == seen:
            return self._last_read[1]
        grid = self._grid(data)
        self._last_read = (seen, grid)
        return grid

    def _fresh(self) -> list[list[Cell]]:
        """The whole sheet as a new grid, the caller's to change."""
        return self._grid(self.path.read_bytes()) if self.path.exists() else []

    def _grid(self, data: bytes) -> list[list[Cell]]:
        if self.path.suffix.lower() == ".csv":
            text = io.StringIO(data.decode("utf-8-sig"), newline="")
            rows: list[list[Cell]] = [list(r) for r in csv.reader(text)]
        else:
            rows = self._read_xlsx(data)
        while rows and not any(str(c or "").strip() for c in rows[-1]):
            rows.pop()
        return pad(rows)

    def _read_xlsx(self, data: bytes) -> list[list[Cell]]:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book[self.worksheet] if self.worksheet else book.worksheets[0]
        rows = [
            [("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
        return rows  # type: ignore[return-value]

    # -- writing ----------------------------------------------------------------------------
    def write(self, cells: list[CellWrite]) -> None:
        if not cells:
            return
        cells = clean_cells(cells)
        if self.path.suffix.lower() == ".csv":
            rows = self._fresh()
            for cell in cells:
                while len(rows) <= cell.row:
                    rows.append([])
                row = rows[cell.row]
                while len(row) <= cell.col:
                    row.append("")
                row[cell.col] = csv_safe(cell.value)
            self._replace(to_csv(pad(rows)).encode("utf-8"))
        else:
            self._write_xlsx(cells)

    def _write_xlsx(self, cells: list[CellWrite]) -> None:
        from openpyxl import Workbook, load_workbook

        book = load_workbook(self.path) if self.path.exists() else Workbook()
        sheet = book[self.worksheet] if self.worksheet else book.worksheets[0]
        for cell in cells:
            target = sheet.cell(row=cell.row + 1, column=cell.col + 1)
            target.value = cell.value
            if isinstance(cell.value, str):
                target.data_type = "s"  # text, never a formula
        buffer = io.BytesIO()
        book.save(buffer)
        self._replace(buffer.getvalue())

    def add_columns(self, headers: list[str], at: int) -> None:
        width = at
        self.write([CellWrite(0, width + i, h) for i, h in enumerate(headers)])

    def _replace(self, data: bytes) -> None:
        mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o600
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- creating (demo, tests) -------------------------------------------------------------
    def create(self, rows: list[list[Cell]]) -> None:
        if self.path.suffix.lower() == ".csv":
            self._replace(to_csv(rows).encode("utf-8"))
            return
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        if self.worksheet:
            sheet.title = self.worksheet
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        self._replace(buffer.getvalue())

    # -- other tabs (the owner's summary) -----------------------------------------------------
    def row_link(self, row: int) -> str | None:
        return None  # a file has no address for a row: the summary names the row number

    def tab_path(self, title: str) -> Path:
        """Where a ``.csv`` sheet keeps another tab: a file beside it, ``<stem>.<title>.csv``."""
        safe = re.sub(r"[^A-Za-z0-9 _-]+", "_", title).strip() or "tab"
        return self.path.with_name(f"{self.path.stem}.{safe}.csv")

    def write_tab(self, title: str, grid: list[list[Cell]]) -> None:
        """An ``.xlsx`` file: the worksheet ``title`` (added after the others when missing)
        is emptied and filled with ``grid``, text forced to text, and the file replaced
        atomically. A ``.csv`` file holds one table, so the tab is the file
        :meth:`tab_path` beside it, replaced whole (formula-like text gets an apostrophe).
        Nothing is written while the attendance file does not exist."""
        if not self.path.exists():
            return
        grid = clean_grid(grid)
        if self.path.suffix.lower() == ".csv":
            rows = [[csv_safe(v) for v in row] for row in grid]
            LocalSheet(self.tab_path(title))._replace(to_csv(pad(rows)).encode("utf-8"))
            return
        from openpyxl import load_workbook

        book = load_workbook(self.path)
        attendance = book[self.worksheet] if self.worksheet else book.worksheets[0]
        if title.strip().casefold() == attendance.title.strip().casefold():
            raise ValueError(f"{title!r} is the attendance tab: the summary needs its own tab")
        same = [ws for ws in book.worksheets if ws.title.casefold() == title.casefold()]
        if same:
            tab = same[0]
            tab.delete_rows(1, tab.max_row)
        else:
            tab = book.create_sheet(title)
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                target = tab.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    target.data_type = "s"  # text, never a formula
        buffer = io.BytesIO()
        book.save(buffer)
        self._replace(buffer.getvalue())

    # -- the roster and the dropdowns (sync.extras.roster, sync.extras.choices) ---------------
    def append_rows(self, rows: list[list[Cell]]) -> None:
        """Add ``rows`` below the last row that holds anything, text forced to text (an
        ``.xlsx`` cell is a string; a ``.csv`` value starting like a formula gets an
        apostrophe), replacing the file atomically."""
        if not rows or not self.path.exists():
            return
        below = len(self.read())
        self.write(
            [
                CellWrite(below + r, c, value)
                for r, row in enumerate(rows)
                for c, value in enumerate(row)
                if value is not None and value != ""
            ]
        )

    def set_choices(self, choices: list[Choices]) -> None:
        """An ``.xlsx`` file gets real dropdowns (openpyxl data validation, the lists kept in
        a hidden tab: :mod:`sync.sheet.xlsx_choices`); a ``.csv`` file holds no dropdowns,
        so nothing is done."""
        if not choices or self.path.suffix.lower() == ".csv" or not self.path.exists():
            return
        from openpyxl import load_workbook

        from sync.sheet import xlsx_choices

        book = load_workbook(self.path)
        sheet = book[self.worksheet] if self.worksheet else book.worksheets[0]
        xlsx_choices.apply(book, sheet, choices)
        buffer = io.BytesIO()
        book.save(buffer)
        self._replace(buffer.getvalue())
