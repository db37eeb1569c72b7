"""The sheet side: Google Sheets through gspread, or a local .csv/.xlsx file, behind one
small interface (read everything once, write daemon cells in one RAW batch)."""

from __future__ import annotations

from sync.sheet.base import Cell, CellWrite, SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Column, HeaderProblem, Layout, match_headers
from sync.sheet.localfile import LocalSheet
from sync.sheet.writeback import RowUpdate, fingerprint, place

__all__ = [
    "DEFAULT_COLUMNS",
    "Cell",
    "CellWrite",
    "Column",
    "HeaderProblem",
    "Layout",
    "LocalSheet",
    "RowUpdate",
    "SheetBackend",
    "fingerprint",
    "match_headers",
    "place",
]
