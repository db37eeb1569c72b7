"""A sheet in a local ``.csv`` or ``.xlsx`` file, with the same interface as Google's.

It is the embedded default for ``wixsync demo`` and a way to try the daemon without Google.
Writes touch only the daemon's cells and replace the file atomically (temporary file in
the same folder, then rename), so every cell a person typed is kept and a crash never leaves
half a file. Values are stored as text, never as formulas: an ``.xlsx`` cell is forced to
the string type, and in a ``.csv`` a value starting with ``= + - @`` gets a leading
apostrophe so a spreadsheet program opening the file does not run it.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from sync.sheet.base import Cell, CellWrite, pad

FORMULA_START = ("=", "+", "-", "@")


def csv_safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class LocalSheet:
    def __init__(self, path: str | Path, worksheet: str | None = None) -> None:
        self.path = Path(path)
        self.worksheet = worksheet
        if self.path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"{self.path.name}: a local sheet must be a .csv or .xlsx file")

    @property
    def label(self) -> str:
        return self.path.name

    # -- reading ----------------------------------------------------------------------------
    def read(self) -> list[list[Cell]]:
        if not self.path.exists():
            return []
        if self.path.suffix.lower() == ".csv":
            with self.path.open(newline="", encoding="utf-8-sig") as handle:
                rows: list[list[Cell]] = [list(r) for r in csv.reader(handle)]
        else:
            rows = self._read_xlsx()
        while rows and not any(str(c or "").strip() for c in rows[-1]):
            rows.pop()
        return pad(rows)

    def _read_xlsx(self) -> list[list[Cell]]:
        from openpyxl import load_workbook

        book = load_workbook(self.path, read_only=True, data_only=True)
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
        if self.path.suffix.lower() == ".csv":
            rows = self.read()
            for cell in cells:
                while len(rows) <= cell.row:
                    rows.append([])
                row = rows[cell.row]
                while len(row) <= cell.col:
                    row.append("")
                row[cell.col] = csv_safe(cell.value)
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(pad(rows))
            self._replace(buffer.getvalue().encode("utf-8"))
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
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            self._replace(buffer.getvalue().encode("utf-8"))
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
