"""Dropdowns in an ``.xlsx`` sheet (openpyxl data validation), for ``LocalSheet.set_choices``.

Excel limits a list written into a rule to 255 characters, so every list lives in a hidden
worksheet, ``wixsync lists`` (one column per distinct list), and each rule points at its
column. The rules wixsync made are the ones pointing there: each call rebuilds them — and the
lists — from the cells they covered and the new choices. Error alerts are off, so other
typing stays allowed (Google's ``strict: false``).
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from sync.sheet.base import Choices

LISTS = "wixsync lists"
MAX_ROWS = 1_048_576  # an .xlsx sheet's last row
Span = tuple[tuple[str, ...], int, int, int]  # values, column, first row, end row (0-based)


def apply(book: Any, sheet: Any, choices: list[Choices]) -> None:
    """Set or remove ``choices`` on ``sheet`` (a worksheet of ``book``), in memory."""
    spans = _ours(book, sheet)
    for choice in choices:
        end = MAX_ROWS if choice.end_row is None else choice.end_row
        spans = [p for span in spans for p in _minus(span, choice.col, choice.first_row, end)]
        if choice.values:
            spans.append((tuple(choice.values), choice.col, choice.first_row, end))
    sheet.data_validations.dataValidation = [
        dv for dv in sheet.data_validations.dataValidation if not _is_ours(dv)
    ]
    if LISTS in book.sheetnames:
        book.remove(book[LISTS])
    if not spans:
        return
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    by_values: dict[tuple[str, ...], list[str]] = {}
    for values, col, first, end in spans:
        letter = get_column_letter(col + 1)
        by_values.setdefault(values, []).append(f"{letter}{first + 1}:{letter}{end}")
    for index, (values, ranges) in enumerate(by_values.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=index, value=value).data_type = "s"  # never a formula
        rule = DataValidation(
            type="list",
            formula1=f"'{LISTS}'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=False,
        )
        rule.sqref = " ".join(ranges)  # type: ignore[assignment]
        sheet.data_validations.append(rule)


def _is_ours(rule: Any) -> bool:
    return str(rule.formula1 or "").startswith(f"'{LISTS}'!")


def _ours(book: Any, sheet: Any) -> list[Span]:
    """The spans wixsync's rules cover now, with their lists."""
    if LISTS not in book.sheetnames:
        return []
    lists = book[LISTS]
    spans: list[Span] = []
    for rule in sheet.data_validations.dataValidation:
        if not _is_ours(rule):
            continue
        col, first, _, last = range_boundaries(str(rule.formula1).split("!", 1)[1].replace("$", ""))
        values = tuple(
            str(lists.cell(row=r, column=col).value or "") for r in range(first, last + 1)
        )
        for cells in rule.sqref.ranges:
            for column in range(cells.min_col, cells.max_col + 1):
                spans.append((values, column - 1, cells.min_row - 1, cells.max_row))
    return spans


def _minus(span: Span, col: int, first: int, end: int) -> list[Span]:
    """``span`` without rows ``[first, end)`` of column ``col``."""
    values, span_col, start, stop = span
    if span_col != col or end <= start or stop <= first:
        return [span]
    pieces = []
    if start < first:
        pieces.append((values, col, start, first))
    if end < stop:
        pieces.append((values, col, end, stop))
    return pieces
